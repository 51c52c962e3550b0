"""kfp's module path ``kfp.dsl.pipeline_context``: ``@dsl.pipeline``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import pipeline

__all__ = ["pipeline"]
