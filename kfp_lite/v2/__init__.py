"""``kfp_lite.v2``: the old ``kfp.v2`` spelling, kept by kfp 2.x as a re-export of ``compiler``,
``components`` and ``dsl``. Importing it warns (DeprecationWarning), as kfp does; import from
``kfp_lite`` directly instead."""

from __future__ import annotations

import warnings

warnings.warn(
    "The module `kfp_lite.v2` is deprecated; import compiler, components and dsl from `kfp_lite`",
    category=DeprecationWarning,
    stacklevel=2,
)

from kfp_lite import compiler, components, dsl  # noqa: E402

__all__ = ["compiler", "components", "dsl"]
