"""``kfp-lite run``: run a pipeline (a .py file or a compiled spec) on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import click

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageStop(Exception):
    """A user mistake: print the diagnostics and exit 2, without a traceback."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__(diagnostics)
        self.diagnostics = diagnostics


#: compile warnings that predict a failure (or a difference) when the pipeline runs:
#: ``run`` prints them before running a .py
RUN_TIME_WARNINGS = frozenset({"KFL601", "KFL602"})


def load_pipeline_spec(
    source: str,
    function: Optional[str],
    warnings: Optional[list] = None,
    config_path: Optional[str] = None,
) -> dict:
    """The spec dict of a compiled YAML, or of a .py compiled through the public API with
    the run configuration ``config_path`` (its compile warnings are appended to
    ``warnings`` when given)."""
    path = Path(source)
    if path.suffix == ".py" and path.is_file():
        from kfp_lite.compiler import CompileError, compile_documents

        from ._loading import UsageError, find_target, load_module
        from .config_option import read_config

        try:
            target = find_target(load_module(str(path)), function, str(path))
            config = read_config(config_path, target.obj) if config_path else None
            result = compile_documents(target.obj, config=config)
        except (UsageError, CompileError) as exc:
            raise UsageStop(*exc.diagnostics) from None
        if warnings is not None:
            from .checking import quiet_warnings

            warnings.extend(quiet_warnings(result.diagnostics))
        return result.pipeline_spec
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "is not a regular file" if path.exists() else "does not exist"
        raise UsageStop(codes.FILE_NOT_FOUND(f"{source}: {what}"))
    if config_path:
        raise UsageStop(codes.CONFIG_NEEDS_SOURCE(
            f"--config {config_path}: {source} is a compiled spec; a run configuration applies "
            "to the pipeline's Python file",
            hint="give the .py file, or compile with --config first and run the result"))
    from kfp_lite.local.spec import load_spec
    from kfp_lite.safe_yaml import YamlRefused

    try:
        return load_spec(path).pipeline
    except YamlRefused as exc:
        code = codes.REFUSED_YAML if exc.policy else codes.UNREADABLE_SPEC
        where = f":{exc.line}" if exc.line else ""
        raise UsageStop(code(f"cannot read {source}{where}: {exc.reason}", hint=exc.hint)) from None
    except Exception as exc:  # unreadable YAML or not a spec: the user's file, not our bug
        detail = " ".join(str(exc).split())
        if detail.startswith(f"{path}: "):  # the file is named once
            detail = detail[len(f"{path}: "):]
        raise UsageStop(codes.UNREADABLE_SPEC(f"{source}: {detail}")) from None


def parse_parameter_options(spec: dict, options: Sequence[str]) -> dict:
    """``-p NAME=VALUE`` options as typed values (YAML scalars checked against the types)."""
    from kfp_lite.ir_types import display_name
    from kfp_lite.local.spec import ParameterError, parse_cli_value

    definitions = spec.get("root", {}).get("inputDefinitions", {}).get("parameters", {})
    values: dict = {}
    problems = []
    for option in options:
        name, sep, text = option.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(
                codes.BAD_PARAMETER_OPTION(
                    f"-p {option}: expected NAME=VALUE", hint="e.g. -p learning_rate=0.01"
                )
            )
            continue
        if name not in definitions:
            known = ", ".join(
                f"{n} ({display_name(d.get('parameterType', ''))})"
                for n, d in sorted(definitions.items())
            )
            problems.append(
                codes.BAD_PARAMETER_OPTION(
                    f"-p {option}: the pipeline has no parameter {name!r}",
                    hint=f"parameters: {known or 'none'}",
                )
            )
            continue
        try:
            values[name] = parse_cli_value(name, text, definitions[name].get("parameterType", ""))
        except ParameterError as exc:
            problems.append(codes.BAD_PARAMETER_OPTION(str(exc)))
    if problems:
        raise UsageStop(*problems)
    return values


@click.command(
    "run",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite run samples/training_pipeline.py -p epochs=3\n"
    "  kfp-lite run pipeline.yaml --pipeline-root /tmp/runs --max-workers 4 --no-cache\n\n"
    "Exit status: 0 the run succeeded, 1 a task failed (its log tail is shown), "
    "2 a usage mistake (unreadable file, bad -p, docker unavailable, unsafe names), "
    "130/143 stopped by SIGINT/SIGTERM (task processes are stopped too).",
)
@click.argument("source", metavar="FILE.py|SPEC.yaml")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A pipeline parameter; VALUE is a YAML scalar (or [list] / {map}).",
)
@click.option(
    "--pipeline-root",
    default="local_outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where run folders and the cache live.",
)
@click.option(
    "--max-workers",
    type=click.IntRange(min=1),
    default=None,
    help="Container tasks running at the same time [default: CPU count].",
)
@click.option(
    "--runner",
    type=click.Choice(["subprocess", "docker"]),
    default="subprocess",
    show_default=True,
    help="Run each task as a local process or in its docker image.",
)
@click.option("--function", metavar="NAME", help="The pipeline to run in FILE.py.")
@click.option(
    "--config",
    "config_path",
    metavar="RUN.yaml",
    help="A run configuration file (parameters, steps), as for compile; FILE.py only.",
)
@click.option("--no-cache", is_flag=True, help="Run every task even if a cached result exists.")
@click.option(
    "--task-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop a task attempt that runs longer than this; it fails (and may be retried) "
    "[default: none].",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print only failures (with their log tail) and the summary.",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Print every state change, and every line the tasks write, prefixed with the task.",
)
@click.option(
    "--python",
    "python",
    metavar="PATH",
    default=None,
    help="Interpreter that 'python3' means in task commands [default: this one].",
)
def run_command(
    source: str,
    params: tuple[str, ...],
    pipeline_root: str,
    max_workers: Optional[int],
    runner: str,
    function: Optional[str],
    config_path: Optional[str],
    no_cache: bool,
    task_timeout: Optional[float],
    quiet: bool,
    verbose: bool,
    python: Optional[str],
) -> None:
    """Run a pipeline on this machine: each task in a subprocess (or docker container).

    The compiled spec is what runs, exactly as a KFP backend would run it: conditions, loops,
    exit handlers, nested pipelines, importers, retries and caching included. Outputs land in
    PIPELINE_ROOT/<pipeline>-<timestamp>/<task path>/. On a terminal a live progress display
    shows the counts and the running tasks; elsewhere (or with --quiet/--verbose) a
    timestamped line is printed whenever a task changes state. A summary table, the Metrics
    and the path of the run's report.html follow. PIPELINE_ROOT/<run>/run.json records the
    run, PIPELINE_ROOT/latest points to the newest run (docs/local.md).
    """
    from kfp_lite import local

    if quiet and verbose:
        click.echo(
            codes.BAD_PARAMETER_OPTION("--quiet and --verbose exclude each other").format_text(),
            err=True,
        )
        raise SystemExit(EXIT_USAGE)
    try:
        warnings: list = []
        spec = load_pipeline_spec(source, function, warnings, config_path)
        for warning in warnings:
            if warning.code in RUN_TIME_WARNINGS:
                click.echo(warning.format_text(), err=True)
        arguments = parse_parameter_options(spec, params)
        try:
            result = local.run(
                spec,
                arguments,
                pipeline_root=pipeline_root,
                max_workers=max_workers,
                runner=runner,
                python=python,
                enable_cache=not no_cache,
                task_timeout=task_timeout,
                observer=_observer(quiet, verbose),
                sources=[source] if source.endswith(".py") else [],
            )
        except local.ParameterError as exc:
            raise UsageStop(codes.BAD_PARAMETER_OPTION(str(exc))) from None
        except local.UnsafeSpec as exc:
            raise UsageStop(
                codes.UNSAFE_NAME(
                    f"{source}: {exc}",
                    hint="names from a spec become file names: use plain names",
                )
            ) from None
        except local.PipelineRootUnusable as exc:
            raise UsageStop(
                codes.BAD_OUTPUT_PATH(str(exc), hint="give --pipeline-root a folder you can write")
            ) from None
        except local.RunnerUnavailable as exc:
            raise UsageStop(
                codes.BAD_PARAMETER_OPTION(str(exc), hint="use --runner subprocess")
            ) from None
    except UsageStop as stop:
        for diagnostic in stop.diagnostics:
            click.echo(diagnostic.format_text(), err=True)
        raise SystemExit(EXIT_USAGE) from None
    _print_metrics(Path(result.run_dir))
    for name, value in sorted(result.outputs.parameters.items()):
        click.echo(f"{name}: {value!r}")
    for name, artifacts in sorted(result.outputs.artifacts.items()):
        for artifact in artifacts:
            click.echo(f"{name}: {artifact.get('uri', '')}")
    raise SystemExit(result.exit_code)


def _observer(quiet: bool, verbose: bool) -> object:
    """Live progress on a terminal; plain timestamped lines elsewhere or when asked."""
    import sys

    from kfp_lite.local.report import NORMAL, QUIET, VERBOSE, PlainOutput

    def echo(line: str) -> None:
        click.echo(line, err=True)

    if quiet or verbose:
        return PlainOutput(echo, QUIET if quiet else VERBOSE)
    stream = sys.stderr
    if stream.isatty() and sys.platform != "win32":
        from kfp_lite.local.live import LiveProgress

        return LiveProgress(stream)
    return PlainOutput(echo, NORMAL)


def _print_metrics(run_dir: Path) -> None:
    """The run's Metrics as a table, and where its report is."""
    from kfp_lite.local.html_report import metrics_lines
    from kfp_lite.local.report_model import load_run_view

    try:
        view = load_run_view(run_dir)
    except ValueError:
        return
    lines = metrics_lines(view)
    if lines:
        click.echo("", err=True)
        for line in lines:
            click.echo(line, err=True)
    report = run_dir / "report.html"
    if report.is_file():
        click.echo(f"report: {report}", err=True)
