"""kfp's module path ``kfp.dsl.base_component``: the component base class, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import BaseComponent

__all__ = ["BaseComponent"]
