"""What a run report shows, as plain frozen records: the report reads these, nothing else.

The runner's record of a run (``run.json``) and the compiled spec are turned into a
:class:`RunView` here, so the HTML and terminal renderers never walk raw JSON and can be
tested on records built by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

METRIC_TITLES = frozenset({
    "system.Metrics", "system.ClassificationMetrics", "system.SlicedClassificationMetrics",
})


@dataclass(frozen=True)
class ArtifactView:
    name: str
    schema_title: str
    uri: str
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Optional[Path]:
        """The local file of the artifact, when its URI is one."""
        uri = self.uri[len("file://"):] if self.uri.startswith("file://") else self.uri
        return Path(uri) if uri.startswith("/") else None


@dataclass(frozen=True)
class TaskView:
    path: str
    state: str
    started: Optional[float] = None
    finished: Optional[float] = None
    cached: bool = False
    reason: str = ""
    parameters: Mapping[str, Any] = field(default_factory=dict)
    artifacts: tuple[ArtifactView, ...] = ()
    error: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def duration(self) -> Optional[float]:
        if self.started is None or self.finished is None:
            return None
        return max(0.0, self.finished - self.started)


@dataclass(frozen=True)
class RunView:
    pipeline: str
    state: str
    started: Optional[float]
    finished: Optional[float]
    tasks: tuple[TaskView, ...]
    edges: tuple[tuple[str, str], ...] = ()  # (upstream task path, downstream task path)
    run_dir: str = ""

    @property
    def duration(self) -> Optional[float]:
        if self.started is None or self.finished is None:
            return None
        return max(0.0, self.finished - self.started)

    def metric_artifacts(self) -> list[tuple[TaskView, ArtifactView]]:
        return [(t, a) for t in self.tasks for a in t.artifacts if a.schema_title in METRIC_TITLES]

    def document_artifacts(self) -> list[tuple[TaskView, ArtifactView]]:
        titles = {"system.HTML", "system.Markdown"}
        return [(t, a) for t in self.tasks for a in t.artifacts if a.schema_title in titles]


def run_view(record: Mapping[str, Any], run_dir: str = "") -> RunView:
    """A :class:`RunView` from the runner's ``run.json`` record (fields it lacks are empty)."""
    tasks = tuple(_task_view(t) for t in record.get("tasks", ()) if isinstance(t, Mapping))
    return RunView(
        pipeline=str(record.get("pipeline", "")),
        state=str(record.get("state", "")),
        started=_number(record.get("started")),
        finished=_number(record.get("finished")),
        tasks=tasks,
        edges=_edges_from_dependencies(record.get("tasks", ())),
        run_dir=run_dir or str(record.get("run_dir", "")),
    )


def load_run_view(run_dir: Path) -> RunView:
    """Read ``<run_dir>/run.json``; ``ValueError`` with the reason when it cannot be read."""
    try:
        record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{run_dir}: no readable run record (run.json): {exc}") from None
    if not isinstance(record, dict):
        raise ValueError(f"{run_dir}/run.json: not a run record")
    return run_view(record, str(run_dir))


def _task_view(task: Mapping[str, Any]) -> TaskView:
    outputs = task.get("outputs") or {}
    parameters = outputs.get("parameters") or {}
    artifacts = []
    for name, value in sorted((outputs.get("artifacts") or {}).items()):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Mapping):
                kind = item.get("type")
                title = item.get("schemaTitle") or (
                    kind.get("schemaTitle") if isinstance(kind, Mapping) else None)
                artifacts.append(ArtifactView(
                    name=str(name),
                    schema_title=str(title or "system.Artifact"),
                    uri=str(item.get("uri", "")),
                    metadata=dict(item.get("metadata") or {}),
                ))
    return TaskView(
        path=str(task.get("path") or task.get("name", "")),
        state=str(task.get("state", "")),
        started=_number(task.get("started")),
        finished=_number(task.get("finished")),
        cached=bool(task.get("cached")),
        reason=str(task.get("why") or task.get("reason") or task.get("cache_reason") or ""),
        parameters=dict(parameters) if isinstance(parameters, Mapping) else {},
        artifacts=tuple(artifacts),
        error=str(task.get("error") or ""),
    )


def _edges_from_dependencies(tasks: Any) -> tuple[tuple[str, str], ...]:
    edges = []
    for task in tasks or ():
        if not isinstance(task, Mapping):
            continue
        for upstream in task.get("dependencies") or ():
            edges.append((str(upstream), str(task.get("path") or task.get("name", ""))))
    return tuple(edges)


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
