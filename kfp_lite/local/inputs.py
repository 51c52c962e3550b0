"""Resolving a task's inputs from its sources: the enclosing scope, sibling outputs,
constants, final statuses; then placeholders, defaults and types, as the KFP driver does.

Used by the scheduler for every task and by ``cache-key`` without running anything.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Mapping

from kfp_lite.ir_schema import spec_walk as walk

from . import cel
from .placeholders import PlaceholderError, substitute
from .spec import coerce_parameter
from .states import FAILED, OK_STATES, SKIPPED, SUCCEEDED, Scope, TaskFailure, TaskOutcome

__all__ = ["RunContext", "check_required", "final_status", "resolve_inputs"]


@dataclass(frozen=True)
class RunContext:
    """The run-wide values placeholders such as ``{{$.pipeline_job_name}}`` read."""

    run_name: str
    job_uuid: str
    pipeline_root: str
    created: str
    workspace: str

    def values(self, task_name: str) -> dict[str, str]:
        return {
            "pipeline_job_name": self.run_name,
            "pipeline_job_resource_name": self.run_name,
            "pipeline_job_uuid": self.job_uuid,
            "pipeline_task_name": task_name,
            "pipeline_task_uuid": uuid.uuid4().hex,
            "pipeline_root": self.pipeline_root,
            "pipeline_job_create_time_utc": self.created,
            "pipeline_job_schedule_time_utc": self.created,
            "workspace_path": self.workspace,
        }


def final_status(run_name: str, producer: str, results: Mapping[str, TaskOutcome]) -> dict:
    """The ``PipelineTaskFinalStatus`` value an exit task receives about ``producer``."""
    outcome = results.get(producer, TaskOutcome(FAILED, error="never ran"))
    state = SUCCEEDED if outcome.state in OK_STATES + (SKIPPED,) else FAILED
    status: dict = {
        "state": state,
        "pipelineJobResourceName": run_name,
        "pipelineTaskName": producer,
    }
    if state == FAILED:
        message = outcome.error or "a task failed"
        if outcome.detail:
            message = f"{message}: {outcome.detail}"
        status["error"] = {"code": 1, "message": message}
    return status


def _parameter_value(
    source: walk.Source, scope: Scope, results: Mapping[str, TaskOutcome], context: RunContext
) -> tuple[bool, Any]:
    """(found, value) of one parameter source; not found when its producer did not run."""
    if source.kind == walk.COMPONENT_INPUT:
        if source.key not in scope.parameters:
            return False, None
        return True, scope.parameters[source.key]
    if source.kind == walk.TASK_OUTPUT:
        producer = results.get(str(source.producer))
        if producer is None or source.key not in producer.parameters:
            return False, None
        return True, producer.parameters[source.key]
    if source.kind == walk.CONSTANT:
        return True, source.constant
    if source.kind == walk.FINAL_STATUS:
        return True, final_status(context.run_name, str(source.producer), results)
    raise TaskFailure(f"input {source.input!r}: unsupported source {sorted(source.raw or {})}")


def resolve_inputs(
    name: str,
    task: Mapping,
    component: Mapping,
    scope: Scope,
    results: Mapping[str, TaskOutcome],
    context: RunContext,
) -> tuple[dict, dict]:
    """The parameter values and artifact lists a task starts with; TaskFailure if one of
    its expressions cannot be evaluated."""
    param_defs = component.get("inputDefinitions", {}).get("parameters", {})
    params: dict[str, Any] = {}
    artifacts: dict[str, list] = {}
    templates: set[str] = set()  # constants the compiler wrote (f-strings) may hold placeholders
    for source in walk.task_sources(task):
        if source.artifact:
            if source.kind == walk.TASK_OUTPUT:
                producer = results.get(str(source.producer))
                if producer is not None and source.key in producer.artifacts:
                    artifacts[source.input] = producer.artifacts[source.key]
            elif source.kind == walk.COMPONENT_INPUT and source.key in scope.artifacts:
                artifacts[source.input] = scope.artifacts[source.key]
            continue
        found, value = _parameter_value(source, scope, results, context)
        if not found:
            continue
        if source.selector:
            string_value = value if isinstance(value, str) else json.dumps(value)
            try:
                value = cel.evaluate(source.selector, {"string_value": string_value})
            except cel.CelError as exc:
                raise TaskFailure(f"input {source.input!r}: {exc}") from exc
        params[source.input] = value
        if source.kind == walk.CONSTANT:
            templates.add(source.input)
    # f-string arguments refer to the task's other inputs and to PIPELINE_* values
    view = {"inputs": {"parameterValues": params}, "outputs": {}}
    values = context.values(name)
    for key, value in list(params.items()):
        # values from parameters and outputs are data: '{{$.pipeline_root}}' stays literal
        if key in templates and isinstance(value, str) and "{{$" in value:
            try:
                params[key] = substitute(value, view, values)
            except PlaceholderError as exc:
                if key not in param_defs:  # e.g. a resource input, unused locally
                    del params[key]
                    continue
                raise TaskFailure(f"input {key!r}: {exc}") from exc
    for key, definition in param_defs.items():
        ptype = definition.get("parameterType", "")
        if key in params:
            params[key] = coerce_parameter(params[key], ptype)
        elif "defaultValue" in definition:
            params[key] = coerce_parameter(definition["defaultValue"], ptype)
    return params, artifacts


def check_required(component: Mapping, params: Mapping, artifacts: Mapping) -> None:
    """TaskFailure naming the required inputs that have no value (their producer was skipped)."""
    definitions = component.get("inputDefinitions", {})
    missing = [
        k
        for k, d in definitions.get("parameters", {}).items()
        if k not in params and not d.get("isOptional")
    ] + [
        k
        for k, d in definitions.get("artifacts", {}).items()
        if k not in artifacts and not d.get("isOptional")
    ]
    if missing:
        raise TaskFailure(
            f"no value for input(s) {', '.join(sorted(missing))} (their producer did not run)"
        )
