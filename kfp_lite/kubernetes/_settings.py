"""What every ``kfp_lite.kubernetes`` function shares: finding the task's Kubernetes settings,
turning a value into the IR's parameter reference, and reporting mistakes.

The settings live in ``task.platform_config["kubernetes"]`` in the proto-JSON shape of
kfp-kubernetes' ``KubernetesExecutorConfig`` (camelCase keys, int64 fields as strings). A value
that is only known at run time is stored as the channel itself; the compiler replaces it with
the reference that is right where the task sits (its own DAG's inputs or a sibling's output),
so a setting inside ``ParallelFor``/``If``/``ExitHandler`` or a nested pipeline needs no
renaming here.
"""

from __future__ import annotations

from typing import Any, Optional

from kfp_lite import codes
from kfp_lite.dsl.channels import Collected, OneOfChannel, PipelineChannel
from kfp_lite.dsl.components import ImporterComponent
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.dsl.tracing import current_builder, user_location

# The key under which a ``pvcMount`` keeps the channel of its deprecated flat reference
# (``constant`` / ``componentInputParameter`` / ``taskOutputParameter`` next to ``mountPath``);
# the compiler merges the resolved reference into the mount.
INLINE_REFERENCE = "\x00reference"

_NON_TEXT_TYPES = ("Integer", "Float", "Boolean", "List", "Dict")


def report(code: Any, message: str, task: Optional[PipelineTask] = None, hint: Optional[str] = None,
           expected: Optional[str] = None, got: Optional[str] = None) -> None:
    """Report a mistake at the user's call; outside a pipeline there is nothing to attach it to."""
    diagnostic = code(message, location=user_location(), task_path=task.path if task is not None else None,
                      hint=hint, expected=expected, got=got)
    builder = current_builder()
    if builder is None:
        raise TypeError(diagnostic.message)
    builder.report(diagnostic)


def kind_of(value: Any) -> str:
    if isinstance(value, PipelineChannel):
        kind = "artifact" if value.is_artifact else f"{value.channel_type} parameter"
        return f"a pipeline value ({kind} '{value.full_name}')"
    if value is None:
        return "None"
    return f"{type(value).__name__} {value!r}" if isinstance(value, (int, float, str)) else type(value).__name__


def config_of(task: Any, function: str) -> Optional[dict]:
    """The task's Kubernetes settings to change, or None (reported) when ``task`` cannot take any."""
    if not isinstance(task, PipelineTask):
        report(codes.K8S_NOT_A_TASK, f"kubernetes.{function}() needs a task as its first argument, "
               f"got {kind_of(task)}", expected="a task (the result of calling a component)",
               got=kind_of(task), hint="call the component first: task = my_component(...), then "
               f"kubernetes.{function}(task, ...)")
        return None
    if task.spec.kind == "graph":
        report(codes.K8S_NOT_A_CONTAINER_TASK, f"kubernetes.{function}() on '{task.name}', a task of a "
               "pipeline used as a component; Kubernetes settings belong to the tasks that run a container",
               task, hint="call it on the tasks inside the nested pipeline instead")
        return None
    if isinstance(task.component, ImporterComponent):
        report(codes.K8S_NOT_A_CONTAINER_TASK, f"kubernetes.{function}() on '{task.name}', an importer; "
               "an importer runs no container of yours, so the setting would have no effect", task,
               hint="set it on the task that reads the imported artifact")
        return None
    return task.platform_config.setdefault("kubernetes", {})


def register(task: PipelineTask, channel: PipelineChannel) -> None:
    """The task reads ``channel`` at run time: groups pass it in and its producer runs first."""
    if all(channel is not c and channel.pattern != c.pattern for c in task.channel_inputs):
        task.channel_inputs.append(channel)


def parameter(task: PipelineTask, value: Any, function: str, argument: str,
              constants: tuple[type, ...] = (str,), text: bool = True) -> Any:
    """``value`` as an ``InputParameterSpec``: a run-time constant, or the channel (resolved when
    compiled). None (reported) for a value of the wrong kind."""
    if isinstance(value, PipelineChannel):
        problem = None
        if value.is_artifact:
            problem = "an artifact"
        elif isinstance(value, Collected):
            problem = "a dsl.Collected list"
        elif text and value.channel_type in _NON_TEXT_TYPES and not isinstance(value, OneOfChannel):
            problem = f"a {value.channel_type} value"
        if problem is not None:
            expected = "a string or a str pipeline parameter/task output" if text else \
                "a constant or a pipeline parameter/task output"
            report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): '{argument}' got {problem} "
                   f"('{value.full_name}')", task, expected=expected, got=kind_of(value),
                   hint="pass a parameter (str) value: a pipeline parameter, a task's str output or a loop item")
            return None
        register(task, value)
        return value
    if isinstance(value, constants) and not isinstance(value, bool):
        return {"runtimeValue": {"constant": value}}
    names = " or ".join(t.__name__ for t in constants)
    report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): '{argument}' must be a {names} or a pipeline "
           f"value, got {kind_of(value)}", task, expected=f"{names} or a pipeline value", got=kind_of(value),
           hint=f"pass a {names} constant, a pipeline parameter or a task output")
    return None


def text(task: PipelineTask, value: Any, function: str, argument: str, optional: bool = False) -> bool:
    """Whether ``value`` is a plain string (None too when ``optional``); reports otherwise."""
    if isinstance(value, str) or (optional and value is None):
        return True
    report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): '{argument}' must be a string, got {kind_of(value)}",
           task, expected="str", got=kind_of(value),
           hint="this setting is fixed when the pipeline compiles; pipeline values are not accepted here"
           if isinstance(value, PipelineChannel) else f"pass '{argument}' as a string")
    return False


def string_map(task: PipelineTask, value: Any, function: str, argument: str) -> bool:
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return True
    report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): '{argument}' must be a dict of strings to strings, "
           f"got {kind_of(value)}", task, expected="Dict[str, str]", got=kind_of(value),
           hint="e.g. {'password': 'DB_PASSWORD'}")
    return False


def flag(task: PipelineTask, value: Any, function: str, argument: str) -> bool:
    if isinstance(value, bool):
        return True
    report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): '{argument}' must be True or False, got {kind_of(value)}",
           task, expected="bool", got=kind_of(value))
    return False


def put(target: dict, key: str, value: Any) -> None:
    """Set a proto3 field without presence: an empty string or False is left out, as kfp writes."""
    if value is None or value is False or (isinstance(value, str) and not value):
        target.pop(key, None)
    else:
        target[key] = value
