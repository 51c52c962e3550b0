"""The check pass: type compatibility of every edge, with kfp 2.17's acceptance rules.

One function per rule, each returning a diagnostic or None; ``check_pipeline`` runs them
over every task argument and pipeline output and collects everything.

Rules (as kfp): a parameter never feeds an artifact input or back; parameter types must
be equal in the IR (int does not feed float); artifacts need the same schema title and
major version, unless either side is the generic ``system.Artifact``; list-ness must match;
loop items whose type could not be inferred (``String``) are not checked.
"""

from __future__ import annotations

from typing import Any, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import WARNING, Diagnostic
from kfp_lite.dsl import io_types
from kfp_lite.dsl.channels import (
    Collected,
    LoopArgument,
    LoopArgumentVariable,
    OneOfChannel,
    PipelineChannel,
)
from kfp_lite.dsl.components import GraphComponent
from kfp_lite.dsl.interface import InputSpec
from kfp_lite.dsl.io_types import IOType
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.dsl.types import Artifact

GENERIC_ARTIFACT = "system.Artifact"


def given_type(value: Any) -> tuple[Optional[IOType], Optional[str]]:
    """(type of an argument, or None with the reason it cannot be passed)."""
    if isinstance(value, PipelineChannel):
        return value.io_type, None
    if isinstance(value, bool):
        return io_types.parameter("Boolean"), None
    for python_type, text in io_types.PYTHON_TYPE_NAMES.items():
        if type(value) is python_type:
            return io_types.parameter(text), None
    if isinstance(value, tuple):
        return io_types.parameter("List"), None
    if isinstance(value, Artifact) or io_types.is_artifact_class(type(value)):
        return None, "an artifact object cannot be passed as a constant; artifacts come from task outputs or dsl.importer"
    if isinstance(value, type) and io_types.is_artifact_class(value):
        return None, "an artifact class is not a value; pass a task output of that type"
    if isinstance(value, PipelineTask):
        return None, f"a task was passed; pass one of its outputs, e.g. {value.name}.output"
    return None, f"a {type(value).__name__} cannot be passed; constants must be str, int, float, bool, list or dict"


def compatible(given: IOType, expected: IOType) -> bool:
    if given.is_artifact != expected.is_artifact:
        return False
    if not given.is_artifact:
        return given.parameter_type == expected.parameter_type
    if given.is_list != expected.is_list:
        return False
    if GENERIC_ARTIFACT in (given.schema_title, expected.schema_title):
        return True
    return (given.schema_title == expected.schema_title
            and given.schema_version.split(".")[0] == expected.schema_version.split(".")[0])


def describe(io: IOType) -> str:
    if io.is_artifact:
        return f"artifact {io.display()}"
    return f"parameter of type {io.display()}"


def check_argument(task: PipelineTask, name: str, value: Any, spec: InputSpec) -> Optional[Diagnostic]:
    if value is None and spec.optional:
        return None
    given, problem = given_type(value)
    if given is None:
        return codes.BAD_ARGUMENT_VALUE(
            f"input '{name}' of task '{task.name}' got {value!r}: {problem}",
            location=task.location, task_path=task.path)
    if isinstance(value, (LoopArgument, LoopArgumentVariable)) and value.channel_type == "String":
        return None
    if isinstance(value, OneOfChannel) and value.problem:
        return None
    if spec.type.parameter_type in ("TASK_FINAL_STATUS", "TASK_CONFIG"):
        return codes.BAD_ARGUMENT_VALUE(
            f"input '{name}' of task '{task.name}' is filled by the backend and takes no argument",
            location=task.location, task_path=task.path, hint=f"drop '{name}=...'")
    if compatible(given, spec.type):
        return None
    source = ""
    if isinstance(value, PipelineChannel):
        if isinstance(value, Collected):
            source = f" (dsl.Collected of '{value.output.name}' of task '{value.output.task_name}')"
        elif value.task_name:
            source = f" (output '{value.name}' of task '{value.task_name}')"
        else:
            source = f" (pipeline parameter '{value.name}')"
    else:
        source = f" (the constant {value!r})"
    return codes.TYPE_MISMATCH(
        f"input '{name}' of task '{task.name}' expects {describe(spec.type)}, got {describe(given)}{source}",
        location=task.location, task_path=task.path, expected=describe(spec.type), got=describe(given),
        hint=_hint(name, given, spec.type))


def _hint(name: str, given: IOType, expected: IOType) -> str:
    if given.is_artifact and not expected.is_artifact:
        return (f"declare '{name}' as Input[{given.schema_title.split('.')[-1]}] in the component, or pass "
                "a parameter output")
    if expected.is_artifact and not given.is_artifact:
        return (f"pass an artifact output, or declare '{name}: {given.display()}' in the component")
    if not given.is_artifact and given.display() == "int" and expected.display() == "float":
        return "kfp does not widen int to float: annotate the input as float and pass 1.0, or annotate it int"
    if given.is_artifact and given.is_list != expected.is_list:
        return "wrap the loop output in dsl.Collected(...) for a list input" if expected.is_list else \
            "pass a single artifact, or make the input Input[List[...]]"
    return f"make the types match: pass a {expected.display()}, or change the input's annotation"


def check_pipeline(graph: GraphComponent, type_check: bool = True, seen: Optional[set[int]] = None) -> list[Diagnostic]:
    """Every diagnostic of a pipeline: tracing, component interfaces, types, sub-pipelines."""
    seen = seen if seen is not None else set()
    if id(graph) in seen:
        return []
    seen.add(id(graph))
    trace = graph.trace()
    diagnostics = list(graph.component_spec.diagnostics) + list(trace.diagnostics)
    components_seen: set[int] = set()
    for task in trace.builder.tasks.values():
        component = task.component
        if id(component) not in components_seen:
            components_seen.add(id(component))
            diagnostics.extend(component.component_spec.diagnostics)
        if isinstance(component, GraphComponent):
            diagnostics.extend(check_pipeline(component, type_check, seen))
        for name, value in task.arguments.items():
            spec = task.spec.inputs.get(name)
            if spec is None:
                continue
            found = check_argument(task, name, value, spec)
            if found is not None:
                if not type_check and found.code == codes.TYPE_MISMATCH.code:
                    found = found.with_severity(WARNING)
                diagnostics.append(found)
    for name, channel in trace.outputs.items():
        expected = graph.component_spec.outputs.get(name)
        if expected is None or not isinstance(channel, PipelineChannel):
            continue
        given = channel.io_type
        if not compatible(given, expected.type):
            from kfp_lite.dsl.interface import function_location

            d = codes.PIPELINE_OUTPUT_MISMATCH(
                f"pipeline output '{name}' is declared as {describe(expected.type)} but the returned value is "
                f"{describe(given)}", location=function_location(graph.pipeline_func),
                hint="change the pipeline's return annotation or return another output")
            diagnostics.append(d.with_severity(WARNING) if not type_check else d)
    return diagnostics
