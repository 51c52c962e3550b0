"""The records of a run's tasks and the events announcing them: every state change of a
task goes through :class:`Tracker`, so each is recorded, reported and timed the same way
(in particular every failure, through :meth:`Tracker.failed`)."""

from __future__ import annotations

import threading
import time
from typing import Any, Optional

from . import events as ev
from .states import CACHED, FAILED, RUNNING, SKIPPED, UPSTREAM_FAILED, TaskOutcome, TaskRecord

__all__ = ["Tracker"]

_END_EVENTS = {
    CACHED: ev.TASK_CACHED,
    SKIPPED: ev.TASK_SKIPPED,
    FAILED: ev.TASK_FAILED,
    UPSTREAM_FAILED: ev.TASK_SKIPPED,
}


class Tracker:
    """Holds the run's task records (by path) and sends their events to the observer."""

    def __init__(self, observer: Any) -> None:
        self.observer = observer
        self.records: dict[str, TaskRecord] = {}
        self.lock = threading.Lock()

    def record(self, path: str, kind: str, name: str) -> TaskRecord:
        record = TaskRecord(path=path, kind=kind, name=name)
        with self.lock:
            self.records[path] = record
        return record

    def emit(self, event_type: str, path: str, **fields: Any) -> None:
        self.observer.on_event(ev.RunEvent(type=event_type, time=time.time(), path=path, **fields))

    def _event(self, event_type: str, record: TaskRecord, reason: str = "", **fields: Any) -> None:
        self.emit(
            event_type,
            record.path,
            state=record.state,
            kind=record.kind,
            reason=reason,
            cache_key=record.cache_key,
            attempts=record.attempts,
            duration=record.duration,
            log_path=record.log_path,
            **fields,
        )

    def warn(self, path: str, message: str, code: str = "") -> None:
        self.emit(ev.WARNING, path, reason=message, code=code)

    def started(self, record: TaskRecord, reason: str = "", **fields: Any) -> None:
        """The task begins (or, with ``attempt``, begins another attempt)."""
        if record.started is None:
            record.started = time.time()
        record.state = RUNNING
        self._event(ev.TASK_STARTED, record, reason, **fields)

    def retrying(self, record: TaskRecord, reason: str) -> None:
        self._event(ev.TASK_RETRYING, record, reason)

    def finished(self, record: TaskRecord, outcome: TaskOutcome, reason: str = "") -> TaskOutcome:
        """The task ended with ``outcome`` (any state); returns it."""
        now = time.time()
        if record.started is None:
            record.started = now
        record.finished = now
        record.state = outcome.state
        record.cached = outcome.state == CACHED
        if outcome.error and not record.message:
            record.message = outcome.error
        record.outputs = {"parameters": outcome.parameters, "artifacts": outcome.artifacts}
        self._event(
            _END_EVENTS.get(outcome.state, ev.TASK_FINISHED), record, reason or outcome.error
        )
        return outcome

    def failed(self, record: TaskRecord, message: str, state: str = FAILED) -> TaskOutcome:
        """THE way a task fails: recorded with its reason, reported, returned as outcome."""
        record.message = message
        return self.finished(record, TaskOutcome(state, error=message), message)

    def get(self, path: str) -> Optional[TaskRecord]:
        with self.lock:
            return self.records.get(path)

    def snapshot(self) -> list[TaskRecord]:
        with self.lock:
            return sorted(self.records.values(), key=lambda r: (r.started or 0, r.path))
