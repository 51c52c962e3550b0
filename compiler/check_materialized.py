"""Type checks of materialized values between tasks.

A materialized output is an artifact in the IR, so the general checks already refuse it for
a parameter input; here the message learns the Python type behind the artifact, and an
artifact written by one materializer feeding a materialized input of another Python type
(a ``DataFrame`` into an ``ndarray``) is an error too.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic
from kfp_lite.dsl.channels import PipelineChannel
from kfp_lite.dsl.interface import InputSpec
from kfp_lite.dsl.materialized import Resolved
from kfp_lite.dsl.tasks import PipelineTask

from .function_source import SourceReader


def producer_materialized(value: Any, tasks: Mapping[str, PipelineTask]) -> Optional[Resolved]:
    """How the task output behind ``value`` is stored, when it is a materialized output."""
    if not isinstance(value, PipelineChannel) or not value.task_name:
        return None
    producer = tasks.get(value.task_name)
    spec = getattr(producer, "spec", None)
    output = spec.outputs.get(value.name) if spec is not None else None
    return getattr(output, "materialized", None)


def refine_mismatch(found: Diagnostic, value: Any, spec: InputSpec,
                    tasks: Mapping[str, PipelineTask]) -> Diagnostic:
    """A KFL201 about a materialized output names its Python type and how to receive it."""
    stored = producer_materialized(value, tasks)
    if stored is None or spec.type.is_artifact:
        return found
    given = f"List[{stored.python_type}]" if getattr(value, "is_collected", False) or \
        type(value).__name__ == "Collected" else stored.python_type
    return dataclasses.replace(
        found, message=f"{found.message}, {'each ' if given != stored.python_type else 'a '}"
                       f"{stored.python_type} stored by {stored.materializer.__name__}",
        hint=f"annotate '{spec.name}: {given}' to receive the value, or pass "
             f"{spec.type.display_with_article()} output")


def check_materialized_argument(task: PipelineTask, name: str, value: Any, spec: InputSpec,
                                tasks: Mapping[str, PipelineTask]) -> Optional[Diagnostic]:
    """KFL220 when a materialized output feeds a materialized input of another Python type."""
    wanted = spec.materialized
    if wanted is None:
        return None
    stored = producer_materialized(value, tasks)
    if stored is None or spec.type.is_list:
        return None
    if stored.materializer is wanted.materializer or stored.python_type == wanted.python_type:
        return None
    return codes.MATERIALIZED_TYPE_MISMATCH(
        f"input '{name}' of task '{task.name}' expects {wanted.python_type} "
        f"({wanted.materializer.__name__}), got {stored.python_type} stored by "
        f"{stored.materializer.__name__} (output '{value.name}' of task '{value.task_name}')",
        location=task.location, task_path=task.path, expected=wanted.python_type,
        got=stored.python_type,
        hint=f"annotate '{name}: {stored.python_type}', or convert the value in a task between them")


def materializer_free_variables(component: Any, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL601 for the methods of custom materializers a component ships (their source travels
    alone, like the function's: a module-level import is missing in the container)."""
    from kfp_lite.dsl.materialized import used_materializers

    from .lint import free_variable_warnings

    shipped = used_materializers(component.component_spec)
    names = tuple(cls.__name__ for cls in shipped) + ("kfp_lite_load", "kfp_lite_save")
    found: list[Diagnostic] = []
    for cls in shipped:
        if cls.__module__ == "kfp_lite.materializers":
            continue
        for name in ("save", "load"):
            method = cls.__dict__.get(name)
            if method is None:
                continue
            for warning in free_variable_warnings(method, names, sources):
                found.append(dataclasses.replace(warning, message=warning.message.replace(
                    f"component '{name}'", f"materializer method {cls.__name__}.{name}", 1).replace(
                    "receives only the function's own source", "receives only the class's own source")))
    return found
