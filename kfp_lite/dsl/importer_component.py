"""kfp's module path ``kfp.dsl.importer_component``: the class of a ``dsl.importer`` component, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import ImporterComponent

__all__ = ["ImporterComponent"]
