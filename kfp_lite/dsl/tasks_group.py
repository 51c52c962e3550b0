"""kfp's module path ``kfp.dsl.tasks_group``: the control-flow groups, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.groups import Condition, Elif, Else, ExitHandler, If, ParallelFor, TasksGroup

__all__ = ["Condition", "Elif", "Else", "ExitHandler", "If", "ParallelFor", "TasksGroup"]
