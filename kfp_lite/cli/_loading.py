"""Loading the user's pipeline file and finding what to compile, for every command.

Every failure here is the user's (a missing file, a syntax error, an exception raised at
import, no pipeline, several pipelines) and becomes a :class:`UsageError` carrying a
diagnostic with the user's own file and line, never a traceback of ours.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import os
import sys
from typing import Any, NamedTuple, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation

EXIT_OK, EXIT_DIAGNOSTICS, EXIT_USAGE = 0, 1, 2
_OUR_DIRS = tuple(
    os.path.dirname(os.path.abspath(p))
    for p in (os.path.dirname(__file__), os.path.join(os.path.dirname(__file__), "..", "..", "compiler", "x"))
)
_counter = itertools.count()


class UsageError(Exception):
    """A mistake outside the pipeline's graph; the CLI prints the diagnostics and exits 2."""

    def __init__(self, *diagnostics: Diagnostic, status: int = EXIT_USAGE) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = list(diagnostics)
        self.status = status


def _ours(filename: str) -> bool:
    path = os.path.abspath(filename)
    return any(path.startswith(d + os.sep) for d in _OUR_DIRS) or filename.startswith("<frozen")


def load_module(path: str) -> Any:
    """Import a Python file as a fresh module (its folder first on sys.path), from its
    current content: no byte-code is read or written for it."""
    if not os.path.exists(path):
        raise UsageError(codes.FILE_NOT_FOUND(
            f"no such file: {path}", hint="check the path; run from the folder the path is relative to"))
    if os.path.isdir(path):
        raise UsageError(codes.FILE_NOT_FOUND(f"{path} is a directory, not a Python file"))
    if not os.path.isfile(path):  # a device or a pipe would be read forever (/dev/zero) or block
        raise UsageError(codes.FILE_NOT_FOUND(
            f"{path} is not a regular file", hint="give the path of the pipeline's .py file"))
    if not os.access(path, os.R_OK):
        raise UsageError(codes.FILE_NOT_FOUND(f"{path} is not readable (permission denied)"))
    if path.endswith((".yaml", ".yml", ".json")):
        raise UsageError(codes.MODULE_SYNTAX_ERROR(
            f"{path} is a YAML/JSON file; this command takes the Python file that defines the pipeline",
            hint="to check a compiled spec use 'kfp-lite validate'; to use a component YAML in a "
                 "pipeline, load it with components.load_component_from_file"))
    absolute = os.path.abspath(path)
    try:
        with open(absolute, "rb") as handle:
            source = handle.read()
    except OSError as exc:
        raise UsageError(codes.FILE_NOT_FOUND(f"cannot read {path}: {exc.strerror or exc}")) from None
    try:  # as the import system compiles a module (no future flags of ours)
        code = compile(source, absolute, "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise UsageError(codes.MODULE_SYNTAX_ERROR(
            f"{exc.msg}", location=SourceLocation(exc.filename or absolute, exc.lineno or 1, exc.offset or 1),
            hint="fix the syntax error; the file must be valid Python")) from None
    except ValueError as exc:  # null bytes
        raise UsageError(codes.MODULE_SYNTAX_ERROR(f"{path} is not a Python source file: {exc}")) from None
    name = f"_kfp_lite_user_{next(_counter)}_{os.path.splitext(os.path.basename(path))[0]}"
    spec = importlib.util.spec_from_file_location(name, absolute)
    if spec is None or spec.loader is None:
        raise UsageError(codes.MODULE_IMPORT_ERROR(f"cannot import {path} as a Python module"))
    module = importlib.util.module_from_spec(spec)
    folder = os.path.dirname(absolute)
    sys.path.insert(0, folder)
    sys.modules[name] = module
    try:
        # run the code compiled above from the bytes just read, as the loader would run it:
        # never a __pycache__ copy, which a file rewritten within the same second at the
        # same size would leave stale (and the file is compiled once, not twice)
        exec(code, module.__dict__)
    except SystemExit as exc:
        raise UsageError(codes.MODULE_IMPORT_ERROR(
            f"{path} called exit({exc.code!r}) while it was imported",
            hint="guard scripts with if __name__ == '__main__':")) from None
    except BaseException as exc:  # the user's module raised: show their frame, not ours
        raise UsageError(*_import_failure(exc, absolute)) from None
    finally:
        try:
            sys.path.remove(folder)
        except ValueError:
            pass
    return module


def _import_failure(exc: BaseException, path: str) -> list[Diagnostic]:
    import traceback  # only when the user's module failed

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _ours(f.filename)
              and "importlib" not in f.filename]
    location = SourceLocation(frames[-1].filename, frames[-1].lineno or 1, 1) if frames else \
        SourceLocation(path, 1, 1)
    carried = getattr(exc, "diagnostics", None)
    if carried:  # e.g. a component YAML loaded at import: place it at the user's call
        return [d if d.location else dataclasses.replace(d, location=location) for d in carried]
    hint = None
    if isinstance(exc, ModuleNotFoundError):
        hint = f"install the module '{exc.name}' or fix the import"
    elif isinstance(exc, KeyboardInterrupt):
        hint = "the import was interrupted"
    return [codes.MODULE_IMPORT_ERROR(
        f"importing {os.path.basename(path)} raised {type(exc).__name__}: {exc}", location=location,
        hint=hint or "fix the error at this line; the module is imported to find its pipelines")]


# the pipeline or component to compile and its name in the module; a record, spelled this way
# because defining it costs a fraction of a dataclass (or of a NamedTuple class statement,
# whose annotations are strings here and each compiled)
Target = NamedTuple("Target", [("name", str), ("obj", Any)])  # noqa: UP014


def _defined_here(obj: Any, module: Any) -> bool:
    func = getattr(obj, "pipeline_func", None) or getattr(obj, "python_func", None)
    return getattr(func, "__module__", None) == module.__name__


def find_target(module: Any, function: Optional[str], path: str) -> Target:
    """The pipeline (or lone component) to compile from a loaded module."""
    from kfp_lite.dsl.components import BaseComponent, GraphComponent

    namespace = _unique_objects({k: v for k, v in vars(module).items() if not k.startswith("__")})
    if function is not None:
        obj = namespace.get(function)
        if obj is None or not isinstance(obj, BaseComponent):
            import difflib

            candidates = [k for k, v in namespace.items() if isinstance(v, BaseComponent)]
            close = difflib.get_close_matches(function, candidates, n=1)
            what = "does not exist" if obj is None else f"is a {type(obj).__name__}, not a pipeline or component"
            raise UsageError(codes.UNKNOWN_FUNCTION(
                f"--function {function}: '{function}' in {path} {what}",
                hint=f"did you mean '{close[0]}'?" if close else
                f"pipelines and components in the file: {', '.join(sorted(candidates)) or 'none'}"))
        return Target(function, obj)
    pipelines = {k: v for k, v in namespace.items() if isinstance(v, GraphComponent)}
    local = {k: v for k, v in pipelines.items() if _defined_here(v, module)} or pipelines
    if len(local) > 1:
        local = _drop_sub_pipelines(local)
    if len(local) == 1:
        name, obj = next(iter(local.items()))
        return Target(name, obj)
    if len(local) > 1:
        raise UsageError(codes.AMBIGUOUS_PIPELINE(
            f"{path} defines {len(local)} pipelines: {', '.join(sorted(local))}",
            hint=f"choose one with --function {sorted(local)[0]}"))
    components = {k: v for k, v in namespace.items() if isinstance(v, BaseComponent)}
    local_components = {k: v for k, v in components.items() if _defined_here(v, module)} or components
    if len(local_components) == 1:
        name, obj = next(iter(local_components.items()))
        return Target(name, obj)
    if local_components:
        raise UsageError(codes.AMBIGUOUS_PIPELINE(
            f"{path} defines no pipeline and {len(local_components)} components: "
            f"{', '.join(sorted(local_components))}",
            hint=f"compile one alone with --function {sorted(local_components)[0]}"))
    raise UsageError(codes.NO_PIPELINE(
        f"{path} defines no @dsl.pipeline and no component",
        hint="decorate the pipeline function with @dsl.pipeline"))


def _unique_objects(namespace: dict[str, Any]) -> dict[str, Any]:
    """One name per object: an alias (``TARGET = my_pipeline``) is not a second pipeline."""
    by_id: dict[int, str] = {}
    for name, value in namespace.items():
        func = getattr(value, "pipeline_func", None) or getattr(value, "python_func", None)
        own = getattr(func, "__name__", None) == name
        if id(value) not in by_id or own:
            by_id[id(value)] = name
    return {name: namespace[name] for name in by_id.values()}


def _drop_sub_pipelines(pipelines: dict[str, Any]) -> dict[str, Any]:
    """Pipelines used as tasks by another candidate are not candidates themselves."""
    used: set[int] = set()
    for obj in pipelines.values():
        try:
            tasks = obj.trace().builder.tasks.values()
        except Exception:  # a broken pipeline stays a candidate; compiling it reports why
            continue
        used.update(id(t.component) for t in tasks)
    remaining = {k: v for k, v in pipelines.items() if id(v) not in used}
    return remaining or pipelines


def parse_parameter_options(values: tuple[str, ...]) -> dict[str, Any]:
    """``-p NAME=VALUE`` options; values are YAML scalars (``3`` int, ``0.1`` float, ``true``).

    A value that is not YAML is the literal text; a value kfp_lite refuses to read (an alias
    bomb, 1,000-deep nesting, NaN, a huge integer) is an error.
    """
    if not values:
        return {}  # the common case pays for no YAML reader
    from kfp_lite.ir_types import number_problem
    from kfp_lite.safe_yaml import YamlRefused, load_one

    result: dict[str, Any] = {}
    problems = []
    for raw in values:
        if "=" not in raw:
            problems.append(codes.BAD_PARAMETER_OPTION(
                f"-p {raw!r} is not NAME=VALUE", hint="write -p learning_rate=0.01"))
            continue
        name, text = raw.split("=", 1)
        name = name.strip()
        if not name:
            problems.append(codes.BAD_PARAMETER_OPTION(f"-p {raw!r} has no parameter name"))
            continue
        try:
            value = load_one(text) if text.strip() else ""
        except YamlRefused as exc:
            if exc.policy:
                problems.append(codes.BAD_PARAMETER_OPTION(
                    f"-p {name}: the value is refused: {exc.reason}",
                    hint=exc.hint or "quote the value to pass it as text"))
                continue
            value = text
        if value is None:
            value = text
        problem = number_problem(value)
        if problem:
            problems.append(codes.BAD_PARAMETER_OPTION(
                f"-p {name}={text}: {problem}", hint="pipeline values travel as JSON numbers (doubles)"))
            continue
        result[name] = value
    if problems:
        raise UsageError(*problems)
    return result


def check_parameter_values(obj: Any, values: dict[str, Any]) -> None:
    """-p values must name pipeline parameters and fit their types (exit 2 otherwise)."""
    from kfp_lite.dsl.interface import default_problem

    inputs = obj.component_spec.inputs
    problems = []
    for name, value in values.items():
        spec = inputs.get(name)
        if spec is None:
            import difflib  # only for a name the pipeline does not have

            close = difflib.get_close_matches(name, list(inputs), n=1)
            problems.append(codes.BAD_PARAMETER_OPTION(
                f"-p {name}: the pipeline has no parameter '{name}'",
                hint=f"did you mean '{close[0]}'?" if close else
                f"its parameters are: {', '.join(inputs) or 'none'}"))
            continue
        if spec.type.is_artifact:
            problems.append(codes.BAD_PARAMETER_OPTION(
                f"-p {name}: '{name}' is an artifact input and cannot be set on the command line"))
            continue
        problem = default_problem(spec.type, value)
        if problem:
            problems.append(codes.BAD_PARAMETER_OPTION(
                f"-p {name}={value!r}: the value {problem}",
                hint=f"give {spec.type.display_with_article()}, e.g. quoted for strings: -p {name}='text'"))
    if problems:
        raise UsageError(*problems)


def echo_diagnostics(diagnostics: list[Diagnostic], fmt: str = "text") -> None:
    from kfp_lite.diagnostics import format_diagnostics

    from .echo import echo

    if diagnostics:
        echo(format_diagnostics(diagnostics, fmt), err=fmt == "text")


def compile_file(path: str, function: Optional[str] = None, **options: Any) -> Any:
    """Load ``path``, find its pipeline and compile it: a CompileResult, or UsageError /
    CompileError (with every diagnostic) for the caller to report."""
    from kfp_lite.compiler import compile_documents

    module = load_module(path)
    target = find_target(module, function, path)
    return compile_documents(target.obj, **options)
