"""kfp's module path ``kfp.dsl.graph_component``: the class of a ``@dsl.pipeline``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import GraphComponent

__all__ = ["GraphComponent"]
