"""The records the local runner passes between its parts: task states, outcomes, scopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

__all__ = [
    "BLOCKING_STATES",
    "CACHED",
    "CANCELLED",
    "FAILED",
    "OK_STATES",
    "PENDING",
    "RUNNING",
    "SKIPPED",
    "SUCCEEDED",
    "UPSTREAM_FAILED",
    "Scope",
    "TaskFailure",
    "TaskOutcome",
    "TaskRecord",
]

PENDING, RUNNING, SUCCEEDED, CACHED, FAILED, SKIPPED, UPSTREAM_FAILED, CANCELLED = (
    "PENDING",
    "RUNNING",
    "SUCCEEDED",
    "CACHED",
    "FAILED",
    "SKIPPED",
    "UPSTREAM_FAILED",
    "CANCELLED",
)
OK_STATES = (SUCCEEDED, CACHED)
BLOCKING_STATES = (FAILED, UPSTREAM_FAILED, CANCELLED)


class TaskFailure(Exception):
    """A task cannot run or did not produce what it declares."""


@dataclass
class TaskOutcome:
    """What a task (or a DAG, or a loop) gives the tasks after it."""

    state: str
    parameters: dict = field(default_factory=dict)
    artifacts: dict = field(default_factory=dict)
    error: str = ""
    produced_by: str = ""  # a cache hit: the run whose outputs these are
    detail: str = ""  # a failed task's exception text (the last `SomeError: ...` of its log)


@dataclass(frozen=True)
class Scope:
    """The inputs a DAG's tasks may read: the enclosing component's parameters and artifacts."""

    parameters: dict
    artifacts: dict


@dataclass
class TaskRecord:
    """What happened to one task of the run (the run record's ``tasks`` entries).

    Written by the scheduler thread and by the one worker running the task, never both at
    once. ``started``/``finished`` are wall-clock seconds since the epoch.
    """

    path: str
    kind: str  # "container", "importer", "dag", "loop", "condition"
    name: str = ""
    state: str = PENDING
    started: Optional[float] = None
    finished: Optional[float] = None
    attempts: int = 0
    log_path: Optional[str] = None
    message: str = ""
    cached: bool = False
    cache_key: Optional[str] = None
    cache_reason: str = ""
    why: str = ""  # why it ran or was cached (:mod:`.why`)
    cached_from: str = ""  # a cached task: the run that produced its outputs
    inputs: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    dependencies: list = field(default_factory=list)  # paths of the tasks it waited for

    @property
    def duration(self) -> Optional[float]:
        if self.started is None or self.finished is None:
            return None
        return self.finished - self.started
