"""kfp's module path ``kfp.dsl.component_decorator``: ``@dsl.component``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.component_task_config import TaskConfigField, TaskConfigPassthrough
from kfp_lite.dsl.components import component

__all__ = ["TaskConfigField", "TaskConfigPassthrough", "component"]
