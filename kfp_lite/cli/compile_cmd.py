"""``kfp-lite compile``: a pipeline file to a PipelineSpec YAML, written atomically."""

from __future__ import annotations

import os
from typing import Any, Optional

import click

from kfp_lite import codes

from ._loading import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    check_parameter_values,
    echo_diagnostics,
    find_target,
    load_module,
    parse_parameter_options,
)


@click.command(
    "compile",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite compile samples/training_pipeline.py -o pipeline.yaml\n"
    "  kfp-lite compile pipeline.py -o out.yaml --function train_pipeline -p epochs=20\n"
    "  kfp-lite compile pipeline.py -o out.yaml --config run.yaml\n"
    "  kfp-lite compile pipeline.py -o offline.yaml --executor embedded   # no pip install at start\n"
    "  kfp-lite compile pipeline.py -o pipeline.yaml --check   # CI: fail if the YAML is stale\n\n"
    "Exit status: 0 written (or up to date), 1 the pipeline has errors (or --check found the file "
    "stale), 2 usage errors, a file that cannot be imported or an output that cannot be written.",
)
@click.argument("file", required=False, metavar="FILE.py")
@click.option("--py", "py", metavar="FILE.py", help="The pipeline file (kfp's spelling of FILE.py).")
@click.option("-o", "--output", metavar="OUT.yaml", help="Where to write the YAML ('-' for stdout).")
@click.option("--function", metavar="NAME", help="The pipeline (or component) to compile, when the file has several.")
@click.option("--config", "config_path", metavar="RUN.yaml", help="A run configuration file (parameters, steps).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a pipeline parameter's compiled default (repeatable; YAML scalar values).")
@click.option("--pipeline-parameters", "pipeline_parameters_json", metavar="JSON",
              help="Pipeline parameters as a JSON object (kfp's spelling).")
@click.option("--disable-type-check", is_flag=True, help="Report type mismatches as warnings, not errors.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if OUT.yaml differs from what would be written.")
@click.option("--executor", type=click.Choice(["kfp", "embedded"]), default=None,
              help="Command of lightweight components: 'kfp' (kfp's own, byte-identical document; "
                   "the default) or 'embedded' (kfp_lite's offline executor, no pip install of kfp).")
def compile_command(file: Optional[str], py: Optional[str], output: Optional[str], function: Optional[str],
                    config_path: Optional[str], params: tuple[str, ...], pipeline_parameters_json: Optional[str],
                    disable_type_check: bool, check_only: bool, executor: Optional[str]) -> None:
    """Compile the pipeline in FILE.py to a KFP v2 PipelineSpec YAML.

    The pipeline is the single @dsl.pipeline of the file (a pipeline used as a task by
    another one does not count), else name it with --function. A file with only one
    component compiles that component alone. Every problem is reported at once, with its
    file:line; on any error nothing is written and an existing OUT.yaml is left untouched.
    """
    raise SystemExit(_run(file, py, output, function, config_path, params, pipeline_parameters_json,
                          disable_type_check, check_only, executor))


def _run(file: Optional[str], py: Optional[str], output: Optional[str], function: Optional[str],
         config_path: Optional[str], params: tuple[str, ...], pipeline_parameters_json: Optional[str],
         disable_type_check: bool, check_only: bool, executor: Optional[str] = None) -> int:
    from kfp_lite.diagnostics import CompileError

    try:
        path = _one_path(file, py)
        if not output:
            raise UsageError(codes.BAD_OUTPUT_PATH(
                "no output file given", hint="add -o pipeline.yaml (or -o - for standard output)"))
        if not output.endswith((".yaml", ".yml", ".json")) and output != "-" and not output.startswith("/dev/"):
            raise UsageError(codes.BAD_OUTPUT_PATH(
                f"the output '{output}' must end in .yaml or .yml", hint="e.g. -o pipeline.yaml"))
        parameters = parse_parameter_options(params)
        if pipeline_parameters_json:
            parameters = {**_json_parameters(pipeline_parameters_json), **parameters}
        config = None
        if config_path:
            from kfp_lite.config import ConfigError, load_config

            if not os.path.isfile(config_path):
                raise UsageError(codes.CONFIG_SYNTAX(
                    f"{config_path} is a directory, not a configuration file" if os.path.isdir(config_path)
                    else f"no such configuration file: {config_path}",
                    hint="check the --config path; `kfp-lite config-template FILE.py` writes a starting point"))

            try:
                config = load_config(config_path)
            except ConfigError as exc:
                problems = exc.diagnostics
                if exc.partial is not None:  # the rest of the file, against the pipeline
                    problems = exc.problems_with(find_target(load_module(path), function, path).obj)
                echo_diagnostics(problems)
                return EXIT_DIAGNOSTICS
        module = load_module(path)
        target = find_target(module, function, path)
        if parameters:
            check_parameter_values(target.obj, parameters)
        from kfp_lite.compiler import compile_documents

        result = compile_documents(target.obj, pipeline_parameters=parameters or None,
                                   type_check=not disable_type_check, config=config, executor=executor)
        from kfp_lite.compiler import render_for

        text = render_for(result, output)  # rendering YAML adds the KFL604 size warning
        diagnostics = _lone_component_note(target, function, path) + result.diagnostics
        if diagnostics:  # settings and # noqa are read only when there is something to filter
            from .checking import quiet_warnings

            echo_diagnostics(quiet_warnings(diagnostics))
        if check_only:
            return _check_stale(output, text)
        from kfp_lite.compiler.emit import OutputWriteError, write_output

        try:
            write_output(output, text)
        except OutputWriteError as exc:
            raise UsageError(codes.BAD_OUTPUT_PATH(str(exc), hint="write to an existing, writable folder")) from None
        if output != "-":
            click.echo(f"wrote {output}", err=True)
        return EXIT_OK
    except UsageError as exc:
        echo_diagnostics(exc.diagnostics)
        return exc.status
    except CompileError as exc:
        echo_diagnostics(exc.diagnostics)
        errors = len(exc.errors)
        click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written", err=True)
        return EXIT_DIAGNOSTICS


def _lone_component_note(target: Any, function: Optional[str], path: str) -> list:
    """A file without a pipeline compiles its one component (as kfp does): say so."""
    from kfp_lite.dsl.components import GraphComponent
    from kfp_lite.dsl.interface import function_location

    if function is not None or isinstance(target.obj, GraphComponent):
        return []
    func = getattr(target.obj, "python_func", None)
    return [codes.LONE_COMPONENT(
        f"{path} defines no @dsl.pipeline; compiled the component '{target.name}' alone",
        location=function_location(func) if func is not None else None,
        hint=f"to compile a pipeline, decorate it with @dsl.pipeline; --function {target.name} "
             "silences this note")]


def _one_path(file: Optional[str], py: Optional[str]) -> str:
    if file and py and file != py:
        raise UsageError(codes.BAD_PARAMETER_OPTION(
            f"two pipeline files given ({file} and --py {py})", hint="give the file once"))
    path = file or py
    if not path:
        raise UsageError(codes.BAD_PARAMETER_OPTION(
            "no pipeline file given", hint="kfp-lite compile pipeline.py -o pipeline.yaml"))
    return path


def _json_parameters(text: str) -> dict:
    import json

    try:
        value = json.loads(text)
    except ValueError as exc:
        raise UsageError(codes.BAD_PARAMETER_OPTION(
            f"--pipeline-parameters is not valid JSON: {exc}", hint='e.g. --pipeline-parameters \'{"epochs": 3}\'')) from None
    if not isinstance(value, dict):
        raise UsageError(codes.BAD_PARAMETER_OPTION("--pipeline-parameters must be a JSON object"))
    return value


def _check_stale(output: str, text: str) -> int:
    try:
        with open(output, encoding="utf-8") as handle:
            current = handle.read()
    except FileNotFoundError:
        click.echo(f"{output} does not exist: nothing has been compiled there yet", err=True)
        return EXIT_DIAGNOSTICS
    except UnicodeDecodeError:
        click.echo(f"{output} is stale: it is not UTF-8 text, so not a compiled pipeline", err=True)
        return EXIT_DIAGNOSTICS
    except OSError as exc:
        raise UsageError(codes.BAD_OUTPUT_PATH(f"cannot read {output}: {exc.strerror or exc}")) from None
    if current == text:
        click.echo(f"{output} is up to date", err=True)
        return EXIT_OK
    import difflib  # only when comparing with the file on disk

    diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), f"{output} (on disk)",
                                     f"{output} (compiled)", lineterm="", n=1))
    click.echo(f"{output} is stale: it differs from the compiled pipeline", err=True)
    for line in diff[:40]:
        click.echo(line, err=True)
    if len(diff) > 40:
        click.echo(f"... {len(diff) - 40} more diff lines", err=True)
    return EXIT_DIAGNOSTICS


__all__ = ["compile_command", "EXIT_USAGE"]
