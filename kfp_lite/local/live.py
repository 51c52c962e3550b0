"""A live progress display for a terminal: counts, elapsed time and the running tasks,
redrawn in place with ANSI escapes under the lines that stay (finished tasks, failures,
warnings, the summary), which come from :class:`~.report.PlainOutput`.

Used by ``kfp-lite run`` only when stderr is a terminal and neither ``--quiet`` nor
``--verbose`` is given; elsewhere the plain lines are printed as they are.
"""

from __future__ import annotations

import threading
import time
from typing import Optional, TextIO

from . import events as ev
from .report import PlainOutput

__all__ = ["LiveProgress"]

_UP_AND_CLEAR = "\x1b[{n}F\x1b[J"  # cursor up n lines to column 0, clear to the end
_MAX_SHOWN = 6
_ENDS = {ev.TASK_FINISHED, ev.TASK_CACHED, ev.TASK_FAILED, ev.TASK_SKIPPED}
_COUNTED = ("container", "importer")


class LiveProgress:
    """An observer drawing ``done/running/cached/failed/total`` and the running tasks."""

    def __init__(self, stream: TextIO, tick: Optional[float] = 0.5, width: int = 100) -> None:
        self.stream = stream
        self.tick = tick
        self.width = width
        self.lock = threading.RLock()
        self.plain = PlainOutput(self._permanent, show_starts=False)
        self.drawn = 0  # lines of the status block now on screen
        self.started: Optional[float] = None
        self.static_total = 0
        self.running: dict[str, float] = {}  # task path -> start time
        self.ended: dict[str, str] = {}  # task path -> final state
        self.stop_event = threading.Event()
        self.thread: Optional[threading.Thread] = None

    # ------------------------------------------------------------------ observer

    def on_event(self, event: ev.RunEvent) -> None:
        with self.lock:
            if event.type == ev.RUN_STARTED:
                self.started = event.time
                self.static_total = int(event.details.get("tasks") or 0)
                if self.tick:
                    self.thread = threading.Thread(
                        target=self._loop, name="kfp-lite-progress", daemon=True
                    )
                    self.thread.start()
            elif event.type == ev.TASK_STARTED and event.kind in _COUNTED:
                self.running.setdefault(event.path, event.time)
            elif event.type in _ENDS and event.kind in _COUNTED:
                self.running.pop(event.path, None)
                self.ended[event.path] = event.state
            if event.type == ev.RUN_FINISHED:
                self.stop_event.set()
                self._clear()
                self.plain.on_event(event)
                return
            self.plain.on_event(event)
            self._draw(event.time)
        if event.type == ev.RUN_FINISHED and self.thread is not None:
            self.thread.join()

    # ------------------------------------------------------------------ drawing

    def status_lines(self, now: float) -> list[str]:
        """The block's lines (without escapes): the counts, then the running tasks."""
        states = list(self.ended.values())
        cached = states.count("CACHED")
        failed = sum(s in ("FAILED", "CANCELLED") for s in states)
        done = len(states)
        total = max(self.static_total, done + len(self.running))
        elapsed = now - (self.started or now)
        head = (
            f"[{elapsed:6.1f}s] {done}/{total} done, {len(self.running)} running, "
            f"{cached} cached, {failed} failed"
        )
        lines = [head]
        for path, since in sorted(self.running.items(), key=lambda item: item[1])[:_MAX_SHOWN]:
            lines.append(f"  > {path} ({now - since:.1f}s)"[: self.width])
        if len(self.running) > _MAX_SHOWN:
            lines.append(f"  ... and {len(self.running) - _MAX_SHOWN} more")
        return lines

    def _clear(self) -> None:
        if self.drawn:
            self.stream.write(_UP_AND_CLEAR.format(n=self.drawn))
            self.drawn = 0

    def _draw(self, now: float) -> None:
        self._clear()
        lines = self.status_lines(now)
        self.stream.write("".join(line[: self.width] + "\n" for line in lines))
        self.stream.flush()
        self.drawn = len(lines)

    def _permanent(self, line: str) -> None:
        """A line that stays: written above the block, which is drawn again after it."""
        with self.lock:
            self._clear()
            self.stream.write(line + "\n")
            self.stream.flush()

    def _loop(self) -> None:
        while not self.stop_event.wait(self.tick or 0.5):
            with self.lock:
                if not self.stop_event.is_set():
                    self._draw(time.time())
