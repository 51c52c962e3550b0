"""kfp's module path ``kfp.dsl.types.custom_artifact_types``. kfp keeps there the code that
imports a custom artifact class's module into a lightweight component; kfp_lite does that in
the compiler, so there is nothing to re-export."""

from __future__ import annotations

__all__: list[str] = []
