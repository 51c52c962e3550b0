"""kfp's module path ``kfp.dsl.task_final_status``: ``dsl.PipelineTaskFinalStatus``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.types import PipelineTaskFinalStatus

__all__ = ["PipelineTaskFinalStatus"]
