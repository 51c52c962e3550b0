"""The runs under a pipeline root: the ``latest`` link, listing, and finding one run.

A run folder is any folder of the pipeline root holding a ``run.json`` (docs/local.md).
``<pipeline root>/latest`` is a symlink to the newest run folder (relative, so the root can
be moved), or, where symlinks cannot be made, a file holding the folder's name.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .run_record import RECORD_FILE

__all__ = ["LATEST", "RunNotFound", "RunSummary", "find_run", "list_runs", "update_latest"]

LATEST = "latest"


class RunNotFound(LookupError):
    """No run (or no single run) matches; the message says which exist."""


@dataclass(frozen=True)
class RunSummary:
    run: str
    pipeline: str
    state: str
    started: Optional[float]
    finished: Optional[float]
    run_dir: Path

    @property
    def duration(self) -> Optional[float]:
        if self.started is None or self.finished is None:
            return None
        return max(0.0, self.finished - self.started)


def update_latest(pipeline_root: Path, run_dir: Path) -> None:
    """Point ``latest`` at ``run_dir``, atomically; never raises (it is a convenience)."""
    link = pipeline_root / LATEST
    temp = pipeline_root / f".{LATEST}.{os.getpid()}.tmp"
    try:
        if link.exists() and not link.is_symlink() and link.is_dir():
            return  # a user's own folder named "latest": leave it alone
        try:
            os.symlink(run_dir.name, temp, target_is_directory=True)
        except (OSError, NotImplementedError):
            temp.write_text(run_dir.name + "\n", encoding="utf-8")
        os.replace(temp, link)
    except OSError:
        pass
    finally:
        if temp.is_symlink() or temp.exists():
            try:
                temp.unlink()
            except OSError:
                pass


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def read_record(run_dir: Path) -> Optional[dict]:
    try:
        record = json.loads((run_dir / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def list_runs(pipeline_root: Path) -> list[RunSummary]:
    """Every readable run under the root, newest first."""
    runs = []
    try:
        entries = list(pipeline_root.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name == LATEST or entry.is_symlink() or not entry.is_dir():
            continue
        record = read_record(entry)
        if record is None:
            continue
        runs.append(
            RunSummary(
                run=str(record.get("run") or entry.name),
                pipeline=str(record.get("pipeline", "")),
                state=str(record.get("state", "")),
                started=_number(record.get("started")),
                finished=_number(record.get("finished")),
                run_dir=entry,
            )
        )
    runs.sort(key=lambda r: (r.started or 0.0, r.run), reverse=True)
    return runs


def find_run(pipeline_root: Path, name: Optional[str]) -> RunSummary:
    """The run named ``name`` (a unique prefix will do; ``latest`` or None: the newest)."""
    runs = list_runs(pipeline_root)
    if not runs:
        raise RunNotFound(f"no runs under {pipeline_root}")
    if name is None or name == LATEST:
        return runs[0]
    exact = [r for r in runs if r.run == name or r.run_dir.name == name]
    if exact:
        return exact[0]
    matches = [r for r in runs if r.run.startswith(name) or r.run_dir.name.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    shown = ", ".join(r.run for r in (matches or runs)[:5])
    if matches:
        raise RunNotFound(f"{name!r} matches {len(matches)} runs: {shown}, ...")
    raise RunNotFound(f"no run named {name!r} under {pipeline_root} (newest: {shown})")
