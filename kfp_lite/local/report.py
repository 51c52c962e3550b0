"""What the local runner tells the user: a line per task state change and a final table."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional

__all__ = ["Reporter", "TaskRecord", "default_echo"]


def default_echo(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


@dataclass
class TaskRecord:
    path: str
    kind: str  # "container", "importer", "dag", "loop", "condition"
    state: str = "PENDING"
    started: Optional[float] = None
    finished: Optional[float] = None
    attempts: int = 0
    log_path: Optional[str] = None
    message: str = ""

    @property
    def duration(self) -> Optional[float]:
        if self.started is None or self.finished is None:
            return None
        return self.finished - self.started


class Reporter:
    """Thread-safe: tasks in parallel report through one lock so lines never interleave."""

    def __init__(self, echo: Optional[Callable[[str], None]] = None) -> None:
        self.echo = echo or default_echo
        self.lock = threading.Lock()
        self.start = time.monotonic()

    def line(self, state: str, path: str, detail: str = "") -> None:
        elapsed = time.monotonic() - self.start
        text = f"[{elapsed:7.2f}s] {state:<10} {path}"
        if detail:
            text += f"  {detail}"
        with self.lock:
            self.echo(text)

    def warn(self, path: str, message: str, code: str = "") -> None:
        label = f"warning[{code}]" if code else "warning"
        with self.lock:
            self.echo(f"{label}: {path}: {message}")

    def summary(self, records: list[TaskRecord], run_state: str, run_dir: str) -> None:
        rows = [("TASK", "STATE", "TIME", "ATTEMPTS")]
        for r in records:
            duration = "-" if r.duration is None else f"{r.duration:.2f}s"
            rows.append((r.path, r.state, duration, str(r.attempts) if r.attempts else "-"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        with self.lock:
            self.echo("")
            for row in rows:
                self.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            self.echo("")
            self.echo(f"run {run_state.lower()}: {run_dir}")
