"""The default observer: what ``kfp-lite run`` prints, a timestamped line per task state
change, a final table, and the log tail of each failed task.

Verbosity: ``quiet`` prints only failures and the summary; ``normal`` every task's start and
end with why it ran or was cached; ``verbose`` also retries, warnings' details and every line
the tasks write, prefixed with the task path as ``docker compose`` does (:class:`LogFollower`).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from . import events as ev

__all__ = [
    "LOG_TAIL_LINES",
    "QUIET",
    "NORMAL",
    "VERBOSE",
    "LogFollower",
    "PlainOutput",
    "default_echo",
    "log_tail",
]

QUIET, NORMAL, VERBOSE = "quiet", "normal", "verbose"

LOG_TAIL_LINES = 20


def default_echo(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        content = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(content[-lines:])


class LogFollower:
    """Echoes the new lines of running tasks' logs, each prefixed with the task path.

    ``follow`` starts following a log, ``finish`` prints what is left of it and stops;
    ``poll`` (called by a background thread every ``interval`` seconds while ``start``-ed,
    or directly by tests) prints what was written since the last look. Only whole lines are
    printed until the task finishes."""

    def __init__(self, echo: Callable[[str], None], interval: float = 0.2) -> None:
        self.echo = echo
        self.interval = interval
        self.lock = threading.Lock()
        self.logs: dict[str, tuple[Path, int]] = {}  # task path -> (log, bytes shown)
        self.stop_event = threading.Event()
        self.thread: Optional[threading.Thread] = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="kfp-lite-logs", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join()
        self.poll(final=True)

    def _loop(self) -> None:
        while not self.stop_event.wait(self.interval):
            self.poll()

    def follow(self, task: str, log: Path) -> None:
        with self.lock:
            if task not in self.logs:
                self.logs[task] = (log, 0)

    def finish(self, task: str) -> None:
        with self.lock:
            entry = self.logs.pop(task, None)
            if entry is not None:
                self._show(task, entry, final=True)

    def poll(self, final: bool = False) -> None:
        with self.lock:
            for task, entry in list(self.logs.items()):
                self.logs[task] = (entry[0], self._show(task, entry, final))

    def _show(self, task: str, entry: tuple[Path, int], final: bool) -> int:
        log, shown = entry
        try:
            with open(log, "rb") as handle:
                handle.seek(shown)
                data = handle.read()
        except OSError:
            return shown
        if not final:
            data = data[: data.rfind(b"\n") + 1]
        for line in data.decode("utf-8", errors="replace").splitlines():
            self.echo(f"{task} | {line}")
        return shown + len(data)


class PlainOutput:
    """Plain text lines through ``echo`` (default: stderr), at a ``verbosity``."""

    def __init__(
        self,
        echo: Optional[Callable[[str], None]] = None,
        verbosity: str = NORMAL,
        follow_logs: bool = True,
        show_starts: bool = True,
    ) -> None:
        self.echo = echo or default_echo
        self.verbosity = verbosity
        self.start: Optional[float] = None
        self.rows: dict[str, tuple] = {}  # path -> (state, duration, attempts, first seen)
        self.failures: list[ev.RunEvent] = []
        # without start lines (the live display shows running tasks), why a task ran is
        # said on its end line
        self.show_starts = show_starts
        self.why: dict[str, str] = {}
        self.logs = (
            LogFollower(self.echo) if verbosity == VERBOSE and follow_logs else None
        )

    def line(self, event: ev.RunEvent, label: str, detail: str) -> None:
        elapsed = event.time - (self.start if self.start is not None else event.time)
        clock = time.strftime("%H:%M:%S", time.localtime(event.time))
        text = f"{clock} [{elapsed:7.2f}s] {label:<10} {event.path}"
        if detail:
            text += f"  {detail}"
        self.echo(text)

    def on_event(self, event: ev.RunEvent) -> None:
        kind = event.type
        quiet = self.verbosity == QUIET
        if kind == ev.RUN_STARTED:
            self.start = event.time
            if self.logs is not None:
                self.logs.start()
            if not quiet:
                self.line(event, "STARTED", f"-> {event.details.get('run_dir', '')}")
        elif kind == ev.WARNING:
            label = f"warning[{event.code}]" if event.code else "warning"
            if not quiet:
                self.echo(f"{label}: {event.path}: {event.reason}")
        elif kind == ev.RUN_FINISHED:
            if self.logs is not None:
                self.logs.stop()
            self.summary(event)
        elif kind == ev.TASK_STARTED:
            if self.logs is not None and event.log_path:
                self.logs.follow(event.path, Path(event.log_path))
            if event.details.get("why"):
                self.why[event.path] = event.details["why"]
            if not quiet and self.show_starts:
                why = event.details.get("why", "")
                detail = "; ".join(x for x in (event.reason, f"why: {why}" if why else "") if x)
                self.line(event, "RUNNING", detail)
        elif kind == ev.TASK_RETRYING:
            if not quiet:
                self.line(event, "RETRYING", event.reason)
        else:
            if self.logs is not None:
                self.logs.finish(event.path)
            self.task_end(event)

    def task_end(self, event: ev.RunEvent) -> None:
        detail = event.reason
        if event.type == ev.TASK_CACHED:
            detail = f"{event.reason} (key {(event.cache_key or '')[:12]})"
        elif event.duration is not None and event.type == ev.TASK_FINISHED:
            detail = f"({event.duration:.2f}s)" + (f" {detail}" if detail else "")
        elif event.type == ev.TASK_FAILED and event.duration is not None:
            where = f", log: {event.log_path}" if event.log_path else ""
            detail = f"{detail} ({event.duration:.2f}s{where})"
        why = self.why.pop(event.path, "")
        if why and not self.show_starts and event.type in (ev.TASK_FINISHED, ev.TASK_FAILED):
            detail = f"{detail}  why: {why}"
        label = "NOT RUN" if event.state == "UPSTREAM_FAILED" else event.state
        if self.verbosity != QUIET or event.type == ev.TASK_FAILED:
            self.line(event, label, detail)
        first = self.rows.get(event.path, (None, None, None, event.time))[3]
        self.rows[event.path] = (event.state, event.duration, event.attempts, first)
        if event.type == ev.TASK_FAILED and event.kind in ("container", "importer"):
            self.failures.append(event)

    def summary(self, event: ev.RunEvent) -> None:
        rows = [("TASK", "STATE", "TIME", "ATTEMPTS")]
        order = sorted(self.rows.items(), key=lambda item: (item[1][3], item[0]))
        for path, (state, duration, attempts, _first) in order:
            shown = "-" if duration is None else f"{duration:.2f}s"
            rows.append((path, state, shown, str(attempts) if attempts else "-"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.echo("")
        for row in rows:
            self.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        self.echo("")
        self.echo(f"run {event.state.lower()}: {event.details.get('run_dir', '')}")
        for failure in self.failures:
            self.echo(f"--- {failure.path} failed: {failure.reason}")
            if failure.log_path:
                tail = log_tail(Path(failure.log_path))
                if tail:
                    self.echo(f"--- last lines of {failure.log_path}:\n{tail}")
        if event.reason and not self.failures:
            self.echo(f"--- {event.reason}")
