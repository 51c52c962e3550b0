"""kfp's module path ``kfp.dsl.component_factory``: names kfp's component factory exposes, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.component_task_config import TaskConfigPassthrough
from kfp_lite.dsl.types import TaskConfig

__all__ = ["TaskConfig", "TaskConfigPassthrough"]
