"""``report.html``: one self-contained page per run, readable offline in any browser.

It shows the DAG, a timeline of the tasks (cached ones marked), what each task produced
and why it ran or was cached, ``Metrics`` as tables, ``ClassificationMetrics`` as a
confusion matrix with ROC (and precision/recall, when logged) curves,
``SlicedClassificationMetrics`` slice by slice, and ``HTML``/``Markdown`` artifacts
rendered. No script, no network: styles and pictures are inline, and HTML artifacts are
shown in sandboxed frames so they cannot run code in the report.
"""

from __future__ import annotations

import datetime
import json
from html import escape
from pathlib import Path
from typing import Any, Mapping, Optional

from . import markdown, svg
from .report_model import ArtifactView, RunView, TaskView

MAX_DOCUMENT_BYTES = 2_000_000  # larger HTML/Markdown artifacts are linked, not inlined

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#212121;max-width:1100px}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .6rem;
text-align:left;vertical-align:top}th{background:#f5f5f5}.state{font-weight:600}
.SUCCEEDED{color:#2e7d32}.FAILED{color:#c62828}.CACHED{color:#1565c0}.SKIPPED{color:#757575}
.summary span{margin-right:1.2rem}.charts{display:flex;flex-wrap:wrap;gap:1rem}
iframe{width:100%;min-height:320px;border:1px solid #ddd}pre{background:#f5f5f5;padding:.6rem;
overflow:auto}.muted{color:#757575}.cm td{text-align:right;min-width:3rem}
"""


def render(run: RunView) -> str:
    """The whole page as text."""
    sections = [
        _header(run),
        _section("Graph", svg.dag([(t.path, t.path, _shown_state(t)) for t in run.tasks],
                                  run.edges)),
        _section("Timeline", _timeline(run)),
        _section("Tasks", _tasks_table(run)),
    ]
    metrics = run.metric_artifacts()
    if metrics:
        sections.append(_section("Metrics", "".join(_metric(t, a) for t, a in metrics)))
    documents = run.document_artifacts()
    if documents:
        sections.append(_section("Documents", "".join(_document(t, a) for t, a in documents)))
    title = escape(f"{run.pipeline} - {run.state.lower()}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>{_STYLE}</style></head><body>\n"
            + "\n".join(sections) + "\n</body></html>\n")


def write(run: RunView, path: Path) -> Path:
    """Write the page next to the run's files (atomically: a reader never sees half)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render(run), encoding="utf-8")
    tmp.replace(path)
    return path


def metrics_lines(run: RunView) -> list[str]:
    """``Metrics`` values as a text table, for the terminal after a run."""
    rows = [("TASK", "ARTIFACT", "METRIC", "VALUE")]
    for task, artifact in run.metric_artifacts():
        if artifact.schema_title != "system.Metrics":
            continue
        for name, value in sorted(artifact.metadata.items()):
            if not str(name).startswith("display_name"):
                rows.append((task.path, artifact.name, str(name), _number_text(value)))
    if len(rows) == 1:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]


# -- pieces ----------------------------------------------------------------------------------


def _shown_state(task: TaskView) -> str:
    return "CACHED" if task.cached else task.state


def _header(run: RunView) -> str:
    counts: dict[str, int] = {}
    for task in run.tasks:
        counts[_shown_state(task)] = counts.get(_shown_state(task), 0) + 1
    started = (datetime.datetime.fromtimestamp(run.started, datetime.timezone.utc)
               .strftime("%Y-%m-%d %H:%M:%S UTC") if run.started is not None else "-")
    duration = "-" if run.duration is None else f"{run.duration:.2f} s"
    summary = "".join(
        f'<span class="{escape(state)}">{escape(state.lower())}: {n}</span>'
        for state, n in sorted(counts.items())
    )
    return (f"<h1>{escape(run.pipeline)}</h1>"
            f'<p class="summary"><span class="state {escape(run.state)}">'
            f"{escape(run.state)}</span><span>started {started}</span>"
            f"<span>took {duration}</span>{summary}</p>"
            + (f'<p class="muted">{escape(run.run_dir)}</p>' if run.run_dir else ""))


def _section(title: str, body: str) -> str:
    anchor = title.lower().replace(" ", "-")
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def _timeline(run: RunView) -> str:
    starts = [t.started for t in run.tasks if t.started is not None]
    origin = run.started if run.started is not None else min(starts, default=0.0)
    rows = []
    for task in run.tasks:
        if task.started is None:
            continue
        end = task.finished if task.finished is not None else task.started
        rows.append((task.path, task.started - origin, end - origin, _shown_state(task)))
    total = run.duration or max((r[2] for r in rows), default=0.0)
    return svg.timeline(rows, total)


def _tasks_table(run: RunView) -> str:
    head = "<tr><th>task</th><th>state</th><th>time</th><th>why</th><th>outputs</th></tr>"
    rows = []
    for task in run.tasks:
        duration = "-" if task.duration is None else f"{task.duration:.2f} s"
        outputs = [f"{escape(k)} = {escape(_short(v))}" for k, v in sorted(task.parameters.items())]
        outputs += [f"{escape(a.name)}: <code>{escape(a.uri)}</code>" for a in task.artifacts]
        why = escape(task.reason) + (
            f"<pre>{escape(task.error[-2000:])}</pre>" if task.error else "")
        state = _shown_state(task)
        rows.append(
            f'<tr data-task="{escape(task.path)}"><td>{escape(task.path)}</td>'
            f'<td class="state {escape(state)}">{escape(state.lower())}</td>'
            f"<td>{duration}</td><td>{why}</td><td>{'<br>'.join(outputs)}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _metric(task: TaskView, artifact: ArtifactView) -> str:
    title = f"<h3>{escape(task.path)} / {escape(artifact.name)}</h3>"
    meta = artifact.metadata
    if artifact.schema_title == "system.Metrics":
        rows = "".join(
            f"<tr><td>{escape(str(k))}</td><td>{escape(_number_text(v))}</td></tr>"
            for k, v in sorted(meta.items()) if not str(k).startswith("display_name")
        )
        return title + f'<table class="metrics"><tr><th>metric</th><th>value</th></tr>{rows}</table>'
    if artifact.schema_title == "system.ClassificationMetrics":
        return title + _classification(meta)
    slices = meta.get("evaluationSlices") or []
    body = "".join(
        f"<h4>slice {escape(str(s.get('slice', '?')))}</h4>"
        + _classification(s.get("sliceClassificationMetrics") or {})
        for s in slices if isinstance(s, Mapping)
    )
    return title + (body or '<p class="muted">no slices logged</p>')


def _classification(meta: Mapping[str, Any]) -> str:
    parts = []
    matrix = meta.get("confusionMatrix")
    if isinstance(matrix, Mapping):
        parts.append(_confusion_matrix(matrix))
    points = [p for p in meta.get("confidenceMetrics") or () if isinstance(p, Mapping)]
    charts = []
    roc = [(float(p["falsePositiveRate"]), float(p["recall"])) for p in points
           if _is_number(p.get("falsePositiveRate")) and _is_number(p.get("recall"))]
    if roc:
        charts.append(svg.curve([(0.0, 0.0), *roc, (1.0, 1.0)], "false positive rate", "true positive rate", "ROC curve",
                                diagonal=True))
    pr = [(float(p["recall"]), float(p["precision"])) for p in points
          if _is_number(p.get("recall")) and _is_number(p.get("precision"))]
    if pr:
        charts.append(svg.curve(pr, "recall", "precision", "Precision / recall"))
    elif roc:
        charts.append('<p class="muted">no precision logged: no precision/recall curve</p>')
    if charts:
        parts.append(f'<div class="charts">{"".join(charts)}</div>')
    return "".join(parts) or '<p class="muted">nothing logged</p>'


def _confusion_matrix(matrix: Mapping[str, Any]) -> str:
    labels = [str(s.get("displayName", "?")) for s in matrix.get("annotationSpecs") or ()
              if isinstance(s, Mapping)]
    rows = [r.get("row") or [] for r in matrix.get("rows") or () if isinstance(r, Mapping)]
    peak = max((float(v) for row in rows for v in row if _is_number(v)), default=0.0) or 1.0
    head = "<tr><th>actual \\ predicted</th>" + "".join(
        f"<th>{escape(label)}</th>" for label in labels) + "</tr>"
    body = []
    for label, row in zip(labels, rows):
        cells = []
        for value in row:
            share = float(value) / peak if _is_number(value) else 0.0
            cells.append(f'<td style="background:rgba(21,101,192,{0.08 + 0.6 * share:.2f})">'
                         f"{escape(_number_text(value))}</td>")
        body.append(f"<tr><th>{escape(label)}</th>{''.join(cells)}</tr>")
    return f'<table class="cm"><caption>confusion matrix</caption>{head}{"".join(body)}</table>'


def _document(task: TaskView, artifact: ArtifactView) -> str:
    title = f"<h3>{escape(task.path)} / {escape(artifact.name)}</h3>"
    text = _read_document(artifact)
    if text is None:
        return title + f'<p class="muted">not readable here: <code>{escape(artifact.uri)}</code></p>'
    if artifact.schema_title == "system.HTML":
        return title + (f'<iframe sandbox="" title="{escape(artifact.name)}" '
                        f'srcdoc="{escape(text, quote=True)}"></iframe>')
    return title + f'<div class="markdown">{markdown.to_html(text)}</div>'


def _read_document(artifact: ArtifactView) -> Optional[str]:
    path = artifact.path
    if path is None:
        return None
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.is_symlink())
            if len(files) != 1:
                return None
            path = files[0]
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_DOCUMENT_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:79] + "…"
