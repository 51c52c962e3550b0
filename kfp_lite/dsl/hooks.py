"""Success and failure hooks (``on_failure=`` / ``on_success=``), compiled to plain KFP IR.

A hook is a component that runs only when a task, or a whole pipeline, ends in the matching
state. Nothing new reaches the IR; while the pipeline is traced, a hook becomes:

* for a task: a ``hook-status`` follow-up task ``.after(task).ignore_upstream_failure()``
  that reads the task's ``PipelineTaskFinalStatus`` and returns its ``state``, then a
  ``dsl.If(state == 'FAILED')`` (or ``'SUCCEEDED'``) block around the hook;
* for a pipeline: the body inside a ``dsl.ExitHandler`` (its exit task, ``pipeline-finished``,
  logs the final status), then the same follow-up ``.after(exit_handler)`` at the top level.

kfp lets only an exit task or an ``ignore_upstream_failure`` task read a final status, and
never one inside a condition, so a hook that declares a ``dsl.PipelineTaskFinalStatus``
input gets a copy of the component whose input is a ``dict``, fed with the same struct by
the ``hook-status`` task. Both executors rebuild the status object from the function's
annotation, so the hook's body sees a ``PipelineTaskFinalStatus`` as usual.
"""

from __future__ import annotations

import copy
import functools
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import SourceLocation

from . import io_types
from .types import PipelineTaskFinalStatus

if TYPE_CHECKING:
    from .components import BaseComponent, GraphComponent
    from .groups import TasksGroup
    from .tasks import PipelineTask
    from .tracing import PipelineBuilder

HOOK_KINDS = ("on_failure", "on_success")
HOOK_STATE = {"on_failure": "FAILED", "on_success": "SUCCEEDED"}
STATUS = "TASK_FINAL_STATUS"


# --- the generated components (lightweight, standard library only) --------------------------


def hook_status(
    status: PipelineTaskFinalStatus,
) -> NamedTuple("Outputs", [("state", str), ("status", dict)]):  # noqa: F821
    """The state of the task or block a hook follows, and its final status as a dict."""
    import collections

    outputs = collections.namedtuple("Outputs", ["state", "status"])
    error = {}
    if status.error_code is not None:
        error["code"] = status.error_code
    if status.error_message is not None:
        error["message"] = status.error_message
    record = {
        "state": status.state,
        "pipelineJobResourceName": status.pipeline_job_resource_name,
        "pipelineTaskName": status.pipeline_task_name,
        "error": error,
    }
    print(f"{status.pipeline_task_name} ended in state {status.state}")
    return outputs(status.state, record)


def pipeline_finished(status: PipelineTaskFinalStatus):
    """The exit task of a pipeline with hooks: logs how the pipeline body ended."""
    message = f" ({status.error_message})" if status.error_message else ""
    print(f"pipeline {status.pipeline_job_resource_name} ended in state {status.state}{message}")


@functools.cache
def _generated(func: Any) -> BaseComponent:
    """One component per generated function, so the IR defines it once."""
    from .components import PythonComponent, PythonOptions

    return PythonComponent(func, PythonOptions())


# --- checking a hook ------------------------------------------------------------------------


def hook_problem(hook: Any, kind: str) -> Optional[str]:
    """Why ``hook`` cannot serve as an ``on_failure``/``on_success`` hook, or None."""
    from .components import BaseComponent, GraphComponent

    if not isinstance(hook, BaseComponent):
        what = "a plain function" if callable(hook) else type(hook).__name__
        return (
            f"the {kind} hook must be a component, got {what} {getattr(hook, '__name__', hook)!r}"
        )
    required = [
        name
        for name, spec in hook.component_spec.inputs.items()
        if spec.type.parameter_type != STATUS and not spec.optional
    ]
    if required:
        names = ", ".join(f"'{n}'" for n in required)
        return (
            f"the {kind} hook '{hook.name}' has required input{'s' if len(required) > 1 else ''} "
            f"{names}; a hook is called with no arguments except a dsl.PipelineTaskFinalStatus"
        )
    if isinstance(hook, GraphComponent) and _status_inputs(hook):
        return f"the {kind} hook '{hook.name}' is a pipeline with a PipelineTaskFinalStatus input"
    return None


_HOOK_HINT = (
    "a hook is a @dsl.component whose inputs all have defaults, except an optional "
    "'status: dsl.PipelineTaskFinalStatus'"
)


def _status_inputs(hook: BaseComponent) -> list[str]:
    return [n for n, s in hook.component_spec.inputs.items() if s.type.parameter_type == STATUS]


def valid_hooks(
    hooks: dict[str, Any],
    builder: PipelineBuilder,
    location: Optional[SourceLocation],
    task_path: Optional[str] = None,
) -> dict[str, BaseComponent]:
    """The hooks that can be used; a diagnostic for each one that cannot."""
    good: dict[str, BaseComponent] = {}
    for kind, hook in hooks.items():
        problem = hook_problem(hook, kind)
        if problem is None:
            good[kind] = hook
        else:
            builder.report(
                codes.BAD_HOOK(problem, location=location, task_path=task_path, hint=_HOOK_HINT)
            )
    return good


# --- building the hook tasks ----------------------------------------------------------------


def _status_as_dict(hook: BaseComponent) -> BaseComponent:
    """A copy of ``hook`` whose PipelineTaskFinalStatus inputs are plain dict inputs."""
    clone = hook.__dict__.get("_kfl_status_as_dict")
    if clone is not None:
        return clone
    spec = hook.component_spec
    inputs = {
        name: replace(s, type=io_types.parameter("dict"), style="value", optional=False)
        if s.type.parameter_type == STATUS
        else s
        for name, s in spec.inputs.items()
    }
    clone = copy.copy(hook)
    clone.component_spec = replace(spec, inputs=inputs, diagnostics=list(spec.diagnostics))
    hook.__dict__["_kfl_status_as_dict"] = clone
    return clone


def _add_hook_tasks(hooks: dict[str, BaseComponent], gate: PipelineTask) -> None:
    """``dsl.If(gate.state == ...)`` around each hook, in the current group."""
    from .groups import If

    for kind in HOOK_KINDS:
        hook = hooks.get(kind)
        if hook is None:
            continue
        with If(gate.outputs["state"] == HOOK_STATE[kind]):
            status_inputs = _status_inputs(hook)
            component = _status_as_dict(hook) if status_inputs else hook
            task = component(**{name: gate.outputs["status"] for name in status_inputs})
            task.set_caching_options(False)


def _gate(after: Any) -> PipelineTask:
    gate = _generated(hook_status)()
    return gate.after(after).ignore_upstream_failure().set_caching_options(False)


@contextmanager
def _inside(builder: PipelineBuilder, group: TasksGroup) -> Iterator[None]:
    """Make ``group`` the current group for a while (a task's hooks go next to the task)."""
    chain = []
    node: Optional[TasksGroup] = group
    while node is not None:
        chain.append(node)
        node = node.parent
    saved = builder.group_stack
    builder.group_stack = list(reversed(chain))
    try:
        yield
    finally:
        builder.group_stack = saved


def attach_task_hooks(task: PipelineTask, hooks: dict[str, Any]) -> None:
    """Add the follow-up of ``task.set_hooks(...)``: a status gate and the hooks under dsl.If."""
    from .tracing import current_builder, user_location

    builder = current_builder()
    if builder is None:
        return
    location = user_location()
    good = valid_hooks(hooks, builder, location, task.path)
    if task.is_exit_task:
        builder.report(
            codes.BAD_HOOK(
                f"task '{task.name}' is the exit task of a dsl.ExitHandler; it cannot have hooks",
                location=location,
                task_path=task.path,
                hint="give the hooks to the pipeline instead: @dsl.pipeline(on_failure=...)",
            )
        )
        return
    if not good or task.parent_group is None:
        return
    with _inside(builder, task.parent_group):
        _add_hook_tasks(good, _gate(task))


@contextmanager
def pipeline_hooks(pipeline: GraphComponent, builder: PipelineBuilder) -> Iterator[None]:
    """Trace the pipeline body inside an exit handler, then add the hooks after it."""
    from .groups import ExitHandler
    from .interface import function_location

    good = valid_hooks(pipeline.hooks, builder, function_location(pipeline.pipeline_func))
    if not good:
        yield
        return
    finished = _generated(pipeline_finished)().set_caching_options(False)
    handler = ExitHandler(finished)
    with handler:
        yield
    _add_hook_tasks(good, _gate(handler))


__all__ = ["attach_task_hooks", "hook_problem", "pipeline_hooks"]
