"""The default observer: what ``kfp-lite run`` prints, a line per task state change, a final
table, and the log tail of each failed task."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

from . import events as ev

__all__ = ["LOG_TAIL_LINES", "PlainOutput", "default_echo", "log_tail"]

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


class PlainOutput:
    """Plain text lines through ``echo`` (default: stderr)."""

    def __init__(self, echo: Optional[Callable[[str], None]] = None) -> None:
        self.echo = echo or default_echo
        self.start: Optional[float] = None
        self.rows: dict[str, tuple] = {}  # path -> (state, duration, attempts, first seen)
        self.failures: list[ev.RunEvent] = []

    def line(self, event: ev.RunEvent, label: str, detail: str) -> None:
        elapsed = event.time - (self.start if self.start is not None else event.time)
        text = f"[{elapsed:7.2f}s] {label:<10} {event.path}"
        if detail:
            text += f"  {detail}"
        self.echo(text)

    def on_event(self, event: ev.RunEvent) -> None:
        kind = event.type
        if kind == ev.RUN_STARTED:
            self.start = event.time
            self.line(event, "STARTED", f"-> {event.details.get('run_dir', '')}")
        elif kind == ev.WARNING:
            label = f"warning[{event.code}]" if event.code else "warning"
            self.echo(f"{label}: {event.path}: {event.reason}")
        elif kind == ev.RUN_FINISHED:
            self.summary(event)
        elif kind == ev.TASK_STARTED:
            self.line(event, "RUNNING", event.reason)
        elif kind == ev.TASK_RETRYING:
            self.line(event, "RETRYING", event.reason)
        else:
            self.task_end(event)

    def task_end(self, event: ev.RunEvent) -> None:
        detail = event.reason
        if event.type == ev.TASK_CACHED:
            detail = f"key {(event.cache_key or '')[:12]}"
        elif event.duration is not None and event.type == ev.TASK_FINISHED:
            detail = f"({event.duration:.2f}s)" + (f" {detail}" if detail else "")
        elif event.type == ev.TASK_FAILED and event.duration is not None:
            where = f", log: {event.log_path}" if event.log_path else ""
            detail = f"{detail} ({event.duration:.2f}s{where})"
        label = "NOT RUN" if event.state == "UPSTREAM_FAILED" else event.state
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
