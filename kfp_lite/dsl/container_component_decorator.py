"""kfp's module path ``kfp.dsl.container_component_decorator``: ``@dsl.container_component``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import container_component

__all__ = ["container_component"]
