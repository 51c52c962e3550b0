"""``dsl.TaskConfigField`` and ``dsl.TaskConfigPassthrough`` (kfp 2.16+): which of a task's
platform settings a component receives through a ``dsl.TaskConfig`` input, for components that
launch their own workloads. Compiled into the component's ``taskConfigPassthroughs``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Optional, Sequence

__all__ = ["TaskConfigField", "TaskConfigPassthrough", "passthroughs_of"]


class TaskConfigField(IntEnum):
    """A task setting a component can receive; the values are the IR's enum numbers."""

    RESOURCES = 1
    ENV = 2
    KUBERNETES_AFFINITY = 3
    KUBERNETES_TOLERATIONS = 4
    KUBERNETES_NODE_SELECTOR = 5
    KUBERNETES_VOLUMES = 6


@dataclass
class TaskConfigPassthrough:
    """Pass ``field`` to the component; ``apply_to_task`` also keeps it on the task's own pod."""

    field: TaskConfigField
    apply_to_task: bool = False

    def to_ir(self) -> dict:
        """The IR form: ``{field: ENV}``, with ``applyToTask`` only when true (proto3 default)."""
        entry: dict[str, Any] = {"field": TaskConfigField(self.field).name}
        if self.apply_to_task:
            entry["applyToTask"] = True
        return entry


def passthroughs_of(values: Optional[Sequence[Any]]) -> Optional[tuple[TaskConfigPassthrough, ...]]:
    """The decorator's list, a bare field meaning "pass it, do not apply it to the task"."""
    if values is None:
        return None
    return tuple(v if isinstance(v, TaskConfigPassthrough)
                 else TaskConfigPassthrough(field=TaskConfigField(v)) for v in values)
