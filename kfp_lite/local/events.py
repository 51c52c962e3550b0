"""What the runner tells an observer while a run goes on: one event per state change.

The runner calls ``observer.on_event(event)`` from its scheduler thread (and, for a task's
own lines such as RUNNING or RETRYING, from the worker running it, one call at a time), so an
observer may print, draw live progress or keep a history without locks of its own. The
default observer is the plain text output of ``kfp-lite run`` (:mod:`.report`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Optional

try:  # Python 3.8+: typing.Protocol
    from typing import Protocol
except ImportError:  # pragma: no cover
    Protocol = object  # type: ignore[assignment,misc]

__all__ = [
    "RUN_FINISHED",
    "RUN_STARTED",
    "TASK_CACHED",
    "TASK_FAILED",
    "TASK_FINISHED",
    "TASK_RETRYING",
    "TASK_SKIPPED",
    "TASK_STARTED",
    "WARNING",
    "RunEvent",
    "RunObserver",
    "SerialObserver",
]

RUN_STARTED = "run_started"
RUN_FINISHED = "run_finished"
TASK_STARTED = "task_started"
TASK_FINISHED = "task_finished"
TASK_CACHED = "task_cached"
TASK_FAILED = "task_failed"
TASK_SKIPPED = "task_skipped"
TASK_RETRYING = "task_retrying"
WARNING = "warning"


@dataclass(frozen=True)
class RunEvent:
    """One thing that happened.

    ``time`` is wall-clock seconds since the epoch. ``path`` is the task path (the run name
    for run events). ``state`` is the task's (or run's) state after the event. ``reason``
    says why: why a task ran ("no cache entry", "caching disabled"), was skipped, failed or
    was taken from the cache. ``cache_key``/``key_parts`` are set for container tasks whose
    key was computed; ``kind`` is the task kind ("container", "importer", "dag", "loop",
    "condition"). ``attempt``/``attempts`` count retries; ``duration`` is in seconds;
    ``code`` is a diagnostic code (warnings); ``log_path`` the task's log.
    """

    type: str
    time: float
    path: str
    state: str = ""
    kind: str = ""
    reason: str = ""
    cache_key: Optional[str] = None
    key_parts: Optional[dict] = None
    attempt: int = 0
    attempts: int = 0
    duration: Optional[float] = None
    code: str = ""
    log_path: Optional[str] = None
    details: dict = field(default_factory=dict)


class RunObserver(Protocol):
    """Anything with ``on_event``; exceptions it raises are reported and otherwise ignored."""

    def on_event(self, event: RunEvent) -> None: ...


class SerialObserver:
    """Hands events to ``inner`` one at a time, and keeps an observer's bug from stopping
    the run (it is reported once through ``on_error``)."""

    def __init__(self, inner: Any, on_error: Any = None) -> None:
        self.inner = inner
        self.lock = threading.Lock()
        self.on_error = on_error
        self.failed = False

    def on_event(self, event: RunEvent) -> None:
        with self.lock:
            try:
                self.inner.on_event(event)
            except Exception as exc:  # an observer's bug must not break the run
                if not self.failed and self.on_error is not None:
                    self.failed = True
                    self.on_error(f"the run's observer failed on {event.type}: {exc!r}")
