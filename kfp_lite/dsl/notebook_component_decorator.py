"""kfp's module path ``kfp.dsl.notebook_component_decorator``: ``@dsl.notebook_component``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.component_task_config import TaskConfigField, TaskConfigPassthrough
from kfp_lite.dsl.notebooks import notebook_component

__all__ = ["TaskConfigField", "TaskConfigPassthrough", "notebook_component"]
