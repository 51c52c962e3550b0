"""``<run folder>/run.json``: the machine-readable record of a run (format in docs/local.md).

Written atomically when the run starts (state RUNNING) and again when it ends, so a reader
never sees half a file; tools such as a run browser or an HTML report read only this.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Optional

from .states import TaskRecord

__all__ = ["RECORD_FILE", "RECORD_VERSION", "iso_time", "write_run_record"]

RECORD_FILE = "run.json"
RECORD_VERSION = 1


def iso_time(seconds: Optional[float]) -> Optional[str]:
    """UTC ISO 8601 with milliseconds, or None."""
    if seconds is None:
        return None
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _artifacts(artifacts: Any) -> dict[str, list]:
    """Runtime artifacts as the record keeps them: uri (a local path or a remote URI), name,
    type (the IR artifact type) and metadata."""
    if not isinstance(artifacts, dict):
        return {}
    return {
        str(name): [
            {
                "name": a.get("name", name),
                "uri": a.get("uri", ""),
                "type": a.get("type") or {},
                "metadata": a.get("metadata") or {},
            }
            for a in items
            if isinstance(a, dict)
        ]
        for name, items in artifacts.items()
        if isinstance(items, list)
    }


def _values(record: dict) -> dict[str, Any]:
    return {
        "parameters": record.get("parameters", {}),
        "artifacts": _artifacts(record.get("artifacts")),
    }


def _task(record: TaskRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "path": record.path,
        "kind": record.kind,
        "state": record.state,
        "start": iso_time(record.started),
        "end": iso_time(record.finished),
        "started": record.started,
        "finished": record.finished,
        "attempts": record.attempts,
        "cached": record.cached,
        "cache_key": record.cache_key,
        "cache_reason": record.cache_reason or None,
        "why": record.why or None,
        "cached_from": record.cached_from or None,
        "dependencies": list(record.dependencies),
        "inputs": _values(record.inputs or {}),
        "outputs": _values(record.outputs or {}),
        "log": record.log_path,
        "error": record.message or None,
    }


def write_run_record(
    run_dir: Path,
    *,
    pipeline: str,
    run_name: str,
    started: float,
    finished: Optional[float],
    state: str,
    error: str,
    arguments: dict,
    records: Iterable[TaskRecord],
) -> Path:
    document = {
        "version": RECORD_VERSION,
        "pipeline": pipeline,
        "run": run_name,
        "run_dir": str(run_dir),
        "state": state,
        "start": iso_time(started),
        "end": iso_time(finished),
        "started": started,
        "finished": finished,
        "error": error or None,
        "arguments": arguments,
        "tasks": [_task(r) for r in records],
    }
    target = run_dir / RECORD_FILE
    temp = run_dir / f".{RECORD_FILE}.{os.getpid()}.tmp"
    try:
        temp.write_text(json.dumps(document, indent=2, sort_keys=True, default=str) + "\n")
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
    return target
