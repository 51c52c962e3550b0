"""What ``kfp-lite compile`` does, as a plain function of its options.

Two front doors call :func:`run_compile`: the click command (``compile_cmd``) and the
``kfp-lite`` entry point, which reads the plain command lines itself (``plain_args``) to
start fast. Neither does anything else, so both behave alike.
"""

from __future__ import annotations

from typing import Any, Optional

from kfp_lite import codes

from ._loading import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    UsageError,
    check_parameter_values,
    echo_diagnostics,
    find_target,
    load_module,
    parse_parameter_options,
)
from .echo import echo

__all__ = ["run_compile"]


def run_compile(file: Optional[str] = None, py: Optional[str] = None, output: Optional[str] = None,
                function: Optional[str] = None, config_path: Optional[str] = None,
                params: tuple[str, ...] = (), pipeline_parameters_json: Optional[str] = None,
                disable_type_check: bool = False, check_only: bool = False,
                executor: Optional[str] = None) -> int:
    """Compile as ``kfp-lite compile`` does, printing what it prints; return the exit status.

    The keywords are the click command's parameter names.
    """
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
        module = load_module(path)
        target = find_target(module, function, path)
        config = None
        if config_path:  # read against the pipeline, so one typo does not hide the others
            from .config_option import read_config

            config = read_config(config_path, target.obj)
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
            echo(f"wrote {output}", err=True)
        return EXIT_OK
    except UsageError as exc:
        echo_diagnostics(exc.diagnostics)
        return exc.status
    except CompileError as exc:
        echo_diagnostics(exc.diagnostics)
        errors = len(exc.errors)
        echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written", err=True)
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
        echo(f"{output} does not exist: nothing has been compiled there yet", err=True)
        return EXIT_DIAGNOSTICS
    except UnicodeDecodeError:
        echo(f"{output} is stale: it is not UTF-8 text, so not a compiled pipeline", err=True)
        return EXIT_DIAGNOSTICS
    except OSError as exc:
        raise UsageError(codes.BAD_OUTPUT_PATH(f"cannot read {output}: {exc.strerror or exc}")) from None
    if current == text:
        echo(f"{output} is up to date", err=True)
        return EXIT_OK
    import difflib  # only when comparing with the file on disk

    diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), f"{output} (on disk)",
                                     f"{output} (compiled)", lineterm="", n=1))
    echo(f"{output} is stale: it differs from the compiled pipeline", err=True)
    for line in diff[:40]:
        echo(line, err=True)
    if len(diff) > 40:
        echo(f"... {len(diff) - 40} more diff lines", err=True)
    return EXIT_DIAGNOSTICS
