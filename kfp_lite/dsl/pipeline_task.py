"""kfp's module path ``kfp.dsl.pipeline_task``: ``PipelineTask``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.tasks import PipelineTask

__all__ = ["PipelineTask"]
