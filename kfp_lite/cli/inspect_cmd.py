"""``kfp-lite runs`` and ``kfp-lite show``: look at past local runs from their ``run.json``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

import click

from kfp_lite import codes

EXIT_OK, EXIT_USAGE = 0, 2

_ROOT_OPTION = click.option(
    "--pipeline-root",
    default="local_outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the run folders are.",
)


def _stop(message: str, hint: Optional[str] = None) -> None:
    click.echo(codes.UNKNOWN_RUN(message, hint=hint).format_text(), err=True)
    raise SystemExit(EXIT_USAGE)


def _when(seconds: Optional[float]) -> str:
    if seconds is None:
        return "-"
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


def _seconds(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}s"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in rows]


@click.command(
    "runs",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n  kfp-lite runs\n  kfp-lite runs --pipeline-root /tmp/runs\n\n"
    "Exit status: 0 listed (also when there are none), 2 a usage mistake.",
)
@_ROOT_OPTION
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show the newest N.")
def runs_command(pipeline_root: str, limit: Optional[int]) -> None:
    """List the local runs under PIPELINE_ROOT, newest first."""
    from kfp_lite.local.run_index import list_runs

    runs = list_runs(Path(pipeline_root))[:limit]
    if not runs:
        click.echo(f"no runs under {pipeline_root}", err=True)
        return
    rows = [("PIPELINE", "RUN", "START", "DURATION", "STATE")]
    for run in runs:
        rows.append(
            (run.pipeline, run.run, _when(run.started), _seconds(run.duration), run.state)
        )
    for line in _table(rows):
        click.echo(line)


@click.command(
    "show",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite show                      # the newest run's tasks\n"
    "  kfp-lite show train-model          # a task of the newest run\n"
    "  kfp-lite show training-pipeline-2026-01-02 train-model\n\n"
    "Exit status: 0 shown, 2 no such run or task.",
)
@click.argument("names", nargs=-1, metavar="[RUN] [TASK]")
@_ROOT_OPTION
@click.option("--tail", type=click.IntRange(min=0), default=50, show_default=True,
              help="Lines of the task log to print (0: all).")
def show_command(names: tuple[str, ...], pipeline_root: str, tail: int) -> None:
    """Show a run's tasks, or one task: inputs, outputs, cache decision and why, and log.

    RUN is a run name or a unique prefix of one (default: the newest, also 'latest'); TASK a
    task path or name. With one name, it is a run if one matches, else a task of the newest run.
    """
    from kfp_lite.local.run_index import RunNotFound, find_run, read_record

    root = Path(pipeline_root)
    if len(names) > 2:
        _stop(f"show takes at most RUN and TASK, got {len(names)} names")
    run_name: Optional[str] = names[0] if names else None
    task_name: Optional[str] = names[1] if len(names) == 2 else None
    try:
        run = find_run(root, run_name)
    except RunNotFound as exc:
        if len(names) != 1:
            _stop(str(exc), hint="kfp-lite runs lists them")
        try:
            run = find_run(root, None)
        except RunNotFound as again:
            _stop(str(again))
        run_name, task_name = None, names[0]
    record = read_record(run.run_dir) or {}
    tasks = [t for t in record.get("tasks", []) if isinstance(t, dict)]
    if task_name is None:
        _show_run(record, tasks, run.run_dir)
        return
    matches = [t for t in tasks if t.get("path") == task_name] or [
        t for t in tasks if t.get("name") == task_name
    ]
    if len(matches) != 1:
        known = ", ".join(str(t.get("path")) for t in tasks if t.get("kind") == "container")
        what = "several tasks" if matches else "no task"
        _stop(f"{what} named {task_name!r} in run {run.run}", hint=f"tasks: {known or 'none'}")
    _show_task(matches[0], root, tail)


def _show_run(record: dict, tasks: list[dict], run_dir: Path) -> None:
    click.echo(f"run:      {record.get('run', run_dir.name)}")
    click.echo(f"pipeline: {record.get('pipeline', '')}")
    click.echo(f"state:    {record.get('state', '')}")
    click.echo(f"folder:   {run_dir}")
    if record.get("arguments"):
        click.echo(f"arguments: {json.dumps(record['arguments'], sort_keys=True)}")
    if record.get("error"):
        click.echo(f"error:    {record['error']}")
    report = run_dir / "report.html"
    if report.is_file():
        click.echo(f"report:   {report}")
    rows = [("TASK", "STATE", "TIME", "WHY")]
    for task in tasks:
        if task.get("kind") not in ("container", "importer"):
            continue
        duration = None
        if isinstance(task.get("started"), float) and isinstance(task.get("finished"), float):
            duration = task["finished"] - task["started"]
        why = task.get("why") or task.get("error") or ""
        rows.append((str(task.get("path")), str(task.get("state")), _seconds(duration), why))
    click.echo("")
    for line in _table(rows):
        click.echo(line)


def _value(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _show_values(title: str, values: dict) -> None:
    parameters = values.get("parameters") or {}
    artifacts = values.get("artifacts") or {}
    if not parameters and not artifacts:
        click.echo(f"{title}: none")
        return
    click.echo(f"{title}:")
    for name, value in sorted(parameters.items()):
        click.echo(f"  {name} = {_value(value)}")
    for name, items in sorted(artifacts.items()):
        for item in items:
            kind = (item.get("type") or {}).get("schemaTitle", "")
            meta = f"  metadata {_value(item['metadata'])}" if item.get("metadata") else ""
            click.echo(f"  {name} ({kind}) -> {item.get('uri', '')}{meta}")


def _show_task(task: dict, root: Path, tail: int) -> None:
    click.echo(f"task:     {task.get('path')}")
    click.echo(f"state:    {task.get('state')}")
    if task.get("why"):
        click.echo(f"why:      {task['why']}")
    if task.get("cache_key"):
        click.echo(f"cache:    key {task['cache_key']} ({task.get('cache_reason') or ''})")
    if task.get("cached_from"):
        click.echo(f"outputs from run: {task['cached_from']}")
    if task.get("error"):
        click.echo(f"error:    {task['error']}")
    _show_values("inputs", task.get("inputs") or {})
    _show_values("outputs", task.get("outputs") or {})
    log = task.get("log")
    if not log and task.get("cached_from"):
        produced = root / str(task["cached_from"]) / str(task.get("path")) / "task.log"
        if produced.is_file():
            log = str(produced)
            click.echo(f"log (of run {task['cached_from']}): {log}")
    elif log:
        click.echo(f"log:      {log}")
    if not log:
        click.echo("log:      none (the task did not run)")
        return
    try:
        lines = Path(log).read_text(errors="replace").splitlines()
    except OSError as exc:
        click.echo(f"  (cannot read the log: {exc.strerror or exc})")
        return
    if tail and len(lines) > tail:
        click.echo(f"  ... {len(lines) - tail} earlier lines (--tail 0 prints all)")
        lines = lines[-tail:]
    for line in lines:
        click.echo(f"  | {line}")
