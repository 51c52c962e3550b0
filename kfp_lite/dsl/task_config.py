"""kfp's module path ``kfp.dsl.task_config``: ``dsl.TaskConfig``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.types import TaskConfig

__all__ = ["TaskConfig"]
