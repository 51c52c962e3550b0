"""Component interfaces: from a Python signature to typed inputs and outputs.

``extract_interface`` reads a function's annotations, defaults and docstring into a
:class:`ComponentSpec`, reporting every unsupported or inconsistent annotation as a
diagnostic (with the function's ``def`` line) instead of stopping at the first.
"""

from __future__ import annotations

import inspect
import linecache
import re
import typing
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Optional

from kfp_lite import codes, ir_types
from kfp_lite.diagnostics import Diagnostic, SourceLocation
from kfp_lite.ir_types import parameter_type_of

from . import io_types, materialized
from .io_types import IOType
from .materialized import Resolved
from .types import InputPath, OutputPath, marked

SINGLE_OUTPUT_NAME = "Output"


class _NoDefault:
    def __repr__(self) -> str:
        return "<no default>"


NO_DEFAULT: Any = _NoDefault()


class _NoDocstring:
    """The reading of an absent docstring (the fields of a ``docstrings.ParsedDocstring``),
    so that a function without one does not load the docstring parsers."""

    description = None
    inputs: Mapping[str, str] = MappingProxyType({})
    outputs: Mapping[str, str] = MappingProxyType({})


_NO_DOCSTRING = _NoDocstring()


@dataclass(frozen=True)
class InputSpec:
    """One input: its type, whether it may be omitted, its default and how it is passed."""

    name: str
    type: IOType
    optional: bool = False
    default: Any = NO_DEFAULT
    description: Optional[str] = None
    style: str = "value"  # value | path (InputPath) | artifact (Input[...]) | status | materialized
    materialized: Optional[Resolved] = None  # style materialized: how the value is stored

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT and self.default is not None


@dataclass(frozen=True)
class OutputSpec:
    """One output: its type and how the function produces it."""

    name: str
    type: IOType
    description: Optional[str] = None
    style: str = "return"  # return | path (OutputPath) | artifact (Output[...]) | materialized
    materialized: Optional[Resolved] = None  # style materialized: how the value is stored


@dataclass
class ComponentSpec:
    """The interface of a component plus what implements it.

    ``kind`` is ``container`` (a lightweight Python function or a container command),
    ``graph`` (a pipeline used as a component) or ``importer``.
    """

    name: str
    inputs: dict[str, InputSpec] = field(default_factory=dict)
    outputs: dict[str, OutputSpec] = field(default_factory=dict)
    description: Optional[str] = None
    kind: str = "container"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    location: Optional[SourceLocation] = None
    # parameters whose annotation was reported as unusable: calls may still pass them
    rejected: set[str] = field(default_factory=set)
    # EmbeddedInput[...] parameters: filled at run time from the embedded files, not inputs
    embedded: tuple[str, ...] = ()
    # dsl.TaskConfigPassthrough entries, compiled into taskConfigPassthroughs
    task_config_passthroughs: tuple[Any, ...] = ()

    def outputs_placeholder_type(self) -> IOType:
        return io_types.parameter("String")


def function_location(func: Callable) -> Optional[SourceLocation]:
    """The ``def`` line of a function (after its decorators)."""
    code = getattr(func, "__code__", None)
    if code is None:
        return None
    line = code.co_firstlineno
    filename = code.co_filename
    for offset in range(0, 50):
        text = linecache.getline(filename, line + offset)
        if not text:
            break
        stripped = text.lstrip()
        if stripped.startswith(("def ", "async def ")):
            return SourceLocation(filename, line + offset, len(text) - len(stripped) + 1)
    return SourceLocation(filename, line, 1)


def component_name_from_function(name: str) -> str:
    """``add_numbers`` -> ``Add numbers`` (the display form kfp derives task names from)."""
    spaced = re.sub(" +", " ", name.replace("_", " ")).strip(" ")
    return spaced[:1].upper() + spaced[1:] if spaced else name


# --- annotations ----------------------------------------------------------------------------

def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _artifact_list_inner(annotation: Any) -> Any:
    """``List[Dataset]`` -> ``Dataset`` when it is a list of artifacts, else None."""
    if typing.get_origin(annotation) in (list, typing.List):
        args = typing.get_args(annotation)
        if len(args) == 1 and io_types.is_artifact_class(args[0]):
            return args[0]
    return None


def _artifact_type(annotation: Any) -> Optional[IOType]:
    inner = _artifact_list_inner(annotation)
    if inner is not None:
        return io_types.artifact_of_class(inner, is_list=True)
    if io_types.is_artifact_class(annotation):
        return io_types.artifact_of_class(annotation)
    return None


def _path_type(annotation: Any) -> IOType:
    """The type behind InputPath(...) / OutputPath(...): a parameter or an artifact."""
    inner = annotation.type
    if io_types.is_artifact_class(inner):
        return io_types.artifact_of_class(inner)
    if isinstance(inner, str) and parameter_type_of(inner) is None:
        return io_types.artifact_from_name(inner)
    text = io_types.annotation_type_text(inner) if inner is not None else None
    if text is None:
        return io_types.artifact("system.Artifact")
    if parameter_type_of(text) is None:
        return io_types.artifact_from_name(text)
    return io_types.parameter(text)


def extract_interface(func: Callable, *, name: Optional[str] = None, description: Optional[str] = None,
                      containerized: bool = False, is_pipeline: bool = False,
                      materializers: Optional[tuple[Any, Any]] = None) -> ComponentSpec:
    """Read a component (or pipeline) function's signature into a ComponentSpec.

    ``materializers`` (lightweight components only) is the decorator's
    ``(input_materializers, output_materializers)``; given, annotations that have a
    materializer become artifacts stored by it (kfp_lite/dsl/materialized.py).
    """
    location = function_location(func)
    spec = ComponentSpec(name=name or component_name_from_function(func.__name__), location=location)
    text = inspect.getdoc(func)
    if text:
        from .docstrings import read_docstring  # only for a docstring: keeps plain compiles light

        doc: Any = read_docstring(text)
    else:
        doc = _NO_DOCSTRING
    spec.description = description or doc.description
    what = "pipeline" if is_pipeline else "component"
    try:
        signature = inspect.signature(func)
        hints = _resolve_hints(func)
    except (TypeError, ValueError) as exc:
        spec.diagnostics.append(codes.UNSUPPORTED_ANNOTATION(
            f"cannot read the signature of {what} '{func.__name__}': {exc}", location=location))
        return spec

    current: list[str] = []

    def bad(code: codes.Code, message: str, hint: Optional[str] = None) -> None:
        spec.diagnostics.append(code(message, location=location, hint=hint))
        spec.rejected.update(current)

    def warn(code: codes.Code, message: str, hint: Optional[str] = None) -> None:
        spec.diagnostics.append(code(message, location=location, hint=hint))

    for param in signature.parameters.values():
        pname = param.name
        current[:] = [pname]
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            bad(codes.UNSUPPORTED_ANNOTATION, f"{what} '{func.__name__}' has *{pname}; "
                "components take named parameters only", hint="declare each input as its own parameter")
            continue
        if pname == SINGLE_OUTPUT_NAME:
            bad(codes.RESERVED_NAME, f"parameter '{pname}' of {what} '{func.__name__}' uses the name "
                "reserved for the single return value", hint="rename the parameter")
            continue
        raw = hints.get(pname, param.annotation)
        if raw is inspect.Parameter.empty:
            bad(codes.MISSING_ANNOTATION, f"parameter '{pname}' of {what} '{func.__name__}' has no type annotation",
                hint=f"annotate it, e.g. '{pname}: str', '{pname}: int' or '{pname}: Input[Dataset]'")
            continue
        annotation = _strip_optional(raw)
        default = param.default if param.default is not inspect.Parameter.empty else NO_DEFAULT
        optional = default is not NO_DEFAULT
        description = doc.inputs.get(pname)

        mark = marked(annotation)
        if mark is not None:
            direction, inner = mark
            artifact_type = _artifact_type(inner)
            if artifact_type is None:
                bad(codes.UNSUPPORTED_ANNOTATION,
                    f"parameter '{pname}' of {what} '{func.__name__}' is {annotation_name(annotation)}, but "
                    f"{direction.capitalize()}[...] takes an artifact class",
                    hint="use Input[Dataset], Output[Model], Input[List[Dataset]], ... or a plain "
                         "parameter type such as str or int")
                continue
            if direction == "embedded":
                spec.embedded = (*spec.embedded, pname)
                continue
            if direction == "output":
                if artifact_type.is_list and not is_pipeline:
                    bad(codes.INCONSISTENT_ANNOTATION,
                        f"output '{pname}' of component '{func.__name__}' is a list of artifacts; "
                        "output lists of artifacts are only supported for pipelines",
                        hint="return one artifact per output, or collect them with dsl.Collected in a pipeline")
                spec.outputs[pname] = OutputSpec(pname, artifact_type, doc.outputs.get(pname), "artifact")
                continue
            if default not in (NO_DEFAULT, None):
                bad(codes.BAD_DEFAULT, f"optional input artifact '{pname}' of {what} '{func.__name__}' "
                    f"has the default {default!r}; input artifacts may only default to None",
                    hint=f"write '{pname}: Input[...] = None'")
            spec.inputs[pname] = InputSpec(pname, artifact_type, optional, NO_DEFAULT, description, "artifact")
            continue
        if isinstance(annotation, OutputPath):
            spec.outputs[pname] = OutputSpec(pname, _path_type(annotation), doc.outputs.get(pname), "path")
            continue
        if isinstance(annotation, InputPath):
            io_type = _path_type(annotation)
            spec.inputs[pname] = InputSpec(pname, io_type, optional,
                                           NO_DEFAULT if io_type.is_artifact else default, description, "path")
            continue
        artifact_type = _artifact_type(annotation)
        if artifact_type is not None:
            if containerized:
                bad(codes.UNSUPPORTED_ANNOTATION,
                    f"parameter '{pname}' of container component '{func.__name__}' is a bare artifact "
                    "annotation; container components must use Input[...] or Output[...]",
                    hint=f"write '{pname}: Input[{annotation_name(annotation)}]'")
                continue
            if default not in (NO_DEFAULT, None):
                bad(codes.BAD_DEFAULT, f"optional input artifact '{pname}' of {what} '{func.__name__}' "
                    f"has the default {default!r}; input artifacts may only default to None")
            spec.inputs[pname] = InputSpec(pname, artifact_type, optional, NO_DEFAULT, description, "artifact")
            continue
        text = io_types.annotation_type_text(annotation)
        if materializers is not None:
            item = _materialized_list_item(annotation)
            found = _materialized(item if item is not None else annotation,
                                  text if item is None else io_types.annotation_type_text(item),
                                  _explicit(materializers[0], pname, annotation),
                                  f"parameter '{pname}' of component '{func.__name__}'", bad, warn)
            if found is None and (isinstance(annotation, materialized.MaterializedType)
                                  or _explicit(materializers[0], pname, annotation) is not None):
                continue  # reported
            if found is not None and item is not None:  # List[T]: collected materialized outputs
                spec.inputs[pname] = InputSpec(
                    pname, io_types.artifact(found.materializer.artifact_type, is_list=True), optional,
                    NO_DEFAULT, materialized.description(found, description), "materialized", found)
                continue
            if found is not None:
                if default not in (NO_DEFAULT, None):
                    bad(codes.BAD_DEFAULT, f"materialized input '{pname}' of component '{func.__name__}' "
                        f"has the default {default!r}; it may only default to None")
                spec.inputs[pname] = InputSpec(
                    pname, io_types.artifact(found.materializer.artifact_type), optional, NO_DEFAULT,
                    materialized.description(found, description), "materialized", found)
                continue
        if text == "PipelineTaskFinalStatus":
            spec.inputs[pname] = InputSpec(pname, io_types.parameter("PipelineTaskFinalStatus"), True,
                                           NO_DEFAULT, description, "status")
            continue
        if text == "TaskConfig":
            spec.inputs[pname] = InputSpec(pname, io_types.parameter("TaskConfig"), True, NO_DEFAULT,
                                           description, "taskconfig")
            continue
        if text is None or parameter_type_of(text) is None:
            bad(codes.UNSUPPORTED_ANNOTATION,
                f"parameter '{pname}' of {what} '{func.__name__}' has the annotation {annotation_name(raw)}, "
                "which is neither a parameter type (str, int, float, bool, dict, list) nor an artifact",
                hint="use a parameter type, Input[Artifact]/Output[Artifact], or InputPath/OutputPath")
            continue
        io_type = io_types.parameter(text)
        check = default_problem(io_type, default)
        if check:
            bad(codes.BAD_DEFAULT, f"default of parameter '{pname}' of {what} '{func.__name__}' {check}",
                hint=f"make the default a {io_type.display()}, or change the annotation")
        spec.inputs[pname] = InputSpec(pname, io_type, optional, default, description, "value")

    _read_returns(func, signature, hints, spec, doc, containerized, is_pipeline, location,
                  None if materializers is None else materializers[1])
    return spec


def _materialized_list_item(annotation: Any) -> Any:
    """``List[bytes]`` -> ``bytes`` when the item is materialized by annotation alone, else None."""
    if typing.get_origin(annotation) not in (list, typing.List):
        return None
    args = typing.get_args(annotation)
    if len(args) != 1:
        return None
    item = args[0]
    text = io_types.annotation_type_text(item)
    if text is not None and parameter_type_of(text) is not None:
        return None
    return item if materialized.resolve(item, None, parameter_type=False) is not None else None


def _explicit(choice: Any, name: str, annotation: Any) -> Optional[type]:
    """The materializer the decorator names for one input/output (a dict entry or a class)."""
    if isinstance(choice, dict):
        return choice.get(name)
    if materialized.is_materializer(choice) and materialized.handles(choice, annotation):
        return choice
    return None


def _materialized(annotation: Any, text: Optional[str], explicit: Optional[type], what: str,
                  bad: Callable[..., None], warn: Callable[..., None]) -> Optional[Resolved]:
    """The materializer of an annotation, reporting unusable ones (None: not materialized)."""
    if explicit is not None and not materialized.is_materializer(explicit):
        bad(codes.BAD_MATERIALIZER, f"the materializer given for {what} is {explicit!r}, not a "
            "kfp_lite Materializer class", hint="subclass dsl.Materializer and give the class")
        return None
    is_parameter = text is not None and parameter_type_of(text) is not None
    found = materialized.resolve(annotation, explicit, parameter_type=is_parameter)
    if found is None:
        if isinstance(annotation, materialized.MaterializedType):
            bad(codes.BAD_MATERIALIZER, f"{what} is {annotation!r}, but no materializer handles "
                f"{materialized.type_name(annotation.python_type)}",
                hint="write dsl.Materialized[T, MyMaterializer], or define a dsl.Materializer "
                     "subclass that lists T in its types")
        return None
    if materialized.is_pickle(found.materializer):
        warn(codes.PICKLE_MATERIALIZER,
             f"{what} is stored with pickle: loading it runs code chosen by whoever wrote the artifact",
             hint="use pickle only between steps you trust; prefer a format-specific materializer")
    return found


def default_problem(io_type: IOType, default: Any) -> Optional[str]:
    """Why a default does not fit its parameter type (None when it fits).

    kfp accepts an int default for a float parameter and does not check pipeline defaults;
    we accept int-for-float too but report values a backend would reject.
    """
    if default is NO_DEFAULT or default is None:
        return None
    from kfp_lite.ir_types import number_problem

    unstorable = number_problem(default)
    if unstorable:
        return unstorable
    if ir_types.accepts_python(io_type.parameter_type, default):
        return None
    if isinstance(default, bool):
        return f"is {default!r}, a bool, but the annotation is {io_type.display()}"
    return f"is {default!r} of type {type(default).__name__}, but the annotation is {io_type.display()}"


def annotation_name(annotation: Any) -> str:
    mark = marked(annotation)
    if mark is not None:
        return f"{mark[0].capitalize()}[{annotation_name(mark[1])}]"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _resolve_hints(func: Callable) -> dict[str, Any]:
    """Annotations with string forms resolved where possible (``from __future__ import annotations``)."""
    raw = getattr(func, "__annotations__", {}) or {}
    if not any(isinstance(v, str) for v in raw.values()):
        return dict(raw)
    try:
        return typing.get_type_hints(func, include_extras=True)
    except Exception:  # unresolvable names: fall back to the raw text, reported later
        namespace = dict(getattr(func, "__globals__", {}))
        resolved = {}
        for key, value in raw.items():
            if isinstance(value, str):
                try:
                    resolved[key] = eval(value, namespace)  # noqa: S307 - the user's own annotation
                except Exception:
                    resolved[key] = value
            else:
                resolved[key] = value
        return resolved


def _read_returns(func: Callable, signature: inspect.Signature, hints: dict[str, Any], spec: ComponentSpec,
                  doc: Any,  # a docstrings.ParsedDocstring
                  containerized: bool, is_pipeline: bool,
                  location: Optional[SourceLocation], output_materializers: Any = None) -> None:
    ret = hints.get("return", signature.return_annotation)
    what = "pipeline" if is_pipeline else "component"
    if containerized:
        if ret not in (inspect.Parameter.empty, None) and getattr(ret, "__name__", "") != "ContainerSpec":
            spec.diagnostics.append(codes.BAD_RETURN(
                f"container component '{func.__name__}' must return dsl.ContainerSpec (or omit the annotation)",
                location=location, hint="write '-> dsl.ContainerSpec'"))
        return
    if ret in (inspect.Parameter.empty, None, type(None)):
        return
    materialize = not is_pipeline and not containerized

    def report(code: codes.Code, message: str, hint: Optional[str] = None) -> None:
        spec.diagnostics.append(code(message, location=location, hint=hint))

    def materialized_output(oname: str, annotation: Any) -> Optional[OutputSpec]:
        if not materialize or annotation is inspect.Parameter.empty:
            return None
        annotation = _strip_optional(annotation)
        text = io_types.annotation_type_text(annotation)
        explicit = _explicit(output_materializers, oname, annotation)
        found = _materialized(annotation, text, explicit,
                              f"output '{oname}' of component '{func.__name__}'", report, report)
        if found is None and (explicit is not None or isinstance(annotation, materialized.MaterializedType)):
            return OutputSpec(oname, io_types.artifact("system.Artifact"), None, "rejected")  # reported
        if found is None:
            return None
        return OutputSpec(oname, io_types.artifact(found.materializer.artifact_type),
                          materialized.description(found, doc.outputs.get(oname)), "materialized", found)

    fields = getattr(ret, "_fields", None)
    if fields is not None:
        field_types = getattr(ret, "__annotations__", {}) or {}
        for fname in fields:
            ftype = field_types.get(fname, inspect.Parameter.empty)
            stored = materialized_output(fname, ftype)
            if stored is not None:
                spec.outputs[fname] = stored
                continue
            io_type = _return_type(ftype)
            if io_type is None:
                spec.diagnostics.append(codes.BAD_RETURN(
                    f"field '{fname}' of the NamedTuple returned by {what} '{func.__name__}' has the "
                    f"unsupported annotation {annotation_name(ftype)}", location=location,
                    hint="use a parameter type or an artifact class"))
                continue
            if fname in spec.outputs:
                spec.diagnostics.append(codes.INCONSISTENT_ANNOTATION(
                    f"output '{fname}' of {what} '{func.__name__}' is declared twice", location=location))
            spec.outputs[fname] = OutputSpec(fname, io_type, doc.outputs.get(fname), "return")
        return
    if isinstance(ret, dict):
        spec.diagnostics.append(codes.BAD_RETURN(
            f"{what} '{func.__name__}' declares outputs with a dict annotation", location=location,
            hint="declare several outputs with a typing.NamedTuple"))
        return
    stored = materialized_output(SINGLE_OUTPUT_NAME, ret)
    if stored is not None:
        spec.outputs[SINGLE_OUTPUT_NAME] = stored
        return
    io_type = _return_type(ret)
    if io_type is None:
        spec.diagnostics.append(codes.BAD_RETURN(
            f"{what} '{func.__name__}' returns {annotation_name(ret)}, which is neither a parameter type "
            "nor an artifact class", location=location,
            hint="return str, int, float, bool, dict, list, an artifact class or a NamedTuple"))
        return
    if SINGLE_OUTPUT_NAME in spec.outputs:
        spec.diagnostics.append(codes.RESERVED_NAME(
            f"{what} '{func.__name__}' has an output parameter named 'Output' and a return value",
            location=location, hint="rename the output parameter"))
    spec.outputs[SINGLE_OUTPUT_NAME] = OutputSpec(
        SINGLE_OUTPUT_NAME, io_type, doc.outputs.get(SINGLE_OUTPUT_NAME), "return")


def _return_type(annotation: Any) -> Optional[IOType]:
    annotation = _strip_optional(annotation)
    if annotation is inspect.Parameter.empty:
        return None
    artifact_type = _artifact_type(annotation)
    if artifact_type is not None:
        return artifact_type
    mark = marked(annotation)
    if mark is not None:
        return _artifact_type(mark[1])
    text = io_types.annotation_type_text(annotation)
    if text is None or parameter_type_of(text) is None:
        return None
    return io_types.parameter(text)
