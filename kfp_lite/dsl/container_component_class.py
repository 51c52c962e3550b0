"""kfp's module path ``kfp.dsl.container_component_class``: the container component class, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import ContainerComponent

__all__ = ["ContainerComponent"]
