"""``kfp-lite cache-key``: print the local runner's cache key of a task and each of its parts."""

from __future__ import annotations

import json
from typing import Optional

import click

from kfp_lite import codes
from kfp_lite.cli.run_cmd import UsageStop, load_pipeline_spec, parse_parameter_options

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE = 0, 1, 2


@click.command(
    "cache-key",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite cache-key pipeline.yaml --task train -p epochs=3\n"
    "  kfp-lite cache-key pipeline.yaml --task for-loop-2/train --format json\n\n"
    "Exit status: 0 key printed, 1 some input is only known at run time and no earlier run "
    "recorded it, 2 a usage mistake.",
)
@click.argument("source", metavar="SPEC.yaml|FILE.py")
@click.option("--task", "task", required=True, metavar="NAME", help="Task name or path.")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A pipeline parameter."
)
@click.option(
    "--pipeline-root",
    default="local_outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where earlier runs recorded run-time inputs.",
)
@click.option("--function", metavar="NAME", help="The pipeline in FILE.py.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def cache_key_command(
    source: str,
    task: str,
    params: tuple[str, ...],
    pipeline_root: str,
    function: Optional[str],
    fmt: str,
) -> None:
    """Print a task's cache key and what went into it (docs/caching.md explains the key).

    Inputs fixed by the spec and -p values are resolved statically. Inputs produced at run
    time (other tasks' outputs, loop items, artifacts) come from the last recorded execution
    of the task under --pipeline-root, and are labelled so.
    """
    from kfp_lite.local.cache_key import TaskNotFound, explain_key
    from kfp_lite.local.spec import LoadedSpec, ParameterError

    try:
        spec = load_pipeline_spec(source, function)
        arguments = parse_parameter_options(spec, params)
        try:
            report = explain_key(LoadedSpec(spec, {}), task, arguments, pipeline_root)
        except TaskNotFound as exc:
            raise UsageStop(codes.UNKNOWN_FUNCTION(f"{source}: {exc}")) from None
        except ParameterError as exc:
            raise UsageStop(codes.BAD_PARAMETER_OPTION(str(exc))) from None
    except UsageStop as stop:
        for diagnostic in stop.diagnostics:
            click.echo(diagnostic.format_text(), err=True)
        raise SystemExit(EXIT_USAGE) from None
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "task": report.task_path,
                    "key": report.key,
                    "caching_enabled": report.caching_enabled,
                    "component": report.component_digest,
                    "parameters": report.parameters,
                    "artifacts": report.artifacts,
                    "sources": report.sources,
                    "missing": report.missing,
                    "problems": report.problems,
                    "why": report.why or None,
                },
                indent=2,
                sort_keys=True,
            )
        )
    else:
        click.echo(f"task:       {report.task_path}")
        click.echo(f"key:        {report.key or '(unknown: inputs missing, see below)'}")
        if not report.caching_enabled:
            click.echo("caching:    disabled for this task (cachingOptions), the key is unused")
        if report.why:
            click.echo(f"why:        {report.why}")
        click.echo(f"component:  {report.component_digest}")
        for name, value in sorted(report.parameters.items()):
            click.echo(
                f"parameter   {name} = {json.dumps(value)}  [{report.sources.get(name, 'default')}]"
            )
        for name, items in sorted(report.artifacts.items()):
            for item in items:
                click.echo(
                    f"artifact    {name} = {item['digest']}  [{report.sources.get(name, '')}]"
                )
        for problem in report.problems:
            click.echo(f"warning     {problem}")
        for name in report.missing:
            click.echo(
                f"missing     {name}: produced at run time and no earlier run is recorded "
                f"under {pipeline_root}"
            )
    raise SystemExit(EXIT_INCOMPLETE if report.missing else EXIT_OK)
