"""Compute a task's cache key without running the pipeline (``kfp-lite cache-key``).

Inputs known from the spec alone (pipeline parameters and their defaults, constants, values
passed down through groups) are resolved exactly as the runner resolves them. Inputs that
only exist at run time (another task's output, a loop item, an upstream artifact) are taken
from the latest recorded execution of the same task in the pipeline root's store, and
reported as such; when there is none, the key cannot be computed and the report says which
inputs are missing.
"""

from __future__ import annotations

import copy
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from kfp_lite.ir_schema import spec_walk as walk

from .cache import (
    CACHE_FILE,
    CacheStore,
    CacheUnusable,
    _sha256,
    artifact_digest,
    canonical_json,
    component_fingerprint,
    key_from_parts,
)
from .inputs import RunContext, resolve_inputs
from .spec import LoadedSpec, coerce_parameter, resolve_pipeline_arguments
from .states import Scope
from .why import changes

__all__ = ["KeyReport", "TaskNotFound", "explain_key"]


class TaskNotFound(LookupError):
    """No container task of that name (the message lists the candidates)."""


@dataclass
class KeyReport:
    task_path: str
    component_digest: str
    parameters: dict = field(default_factory=dict)
    artifacts: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)  # input name -> where its value came from
    missing: list = field(default_factory=list)
    key: Optional[str] = None
    caching_enabled: bool = True
    problems: list = field(default_factory=list)  # e.g. an unreadable cache file
    why: str = ""  # what a run would say: why the task would run, or that nothing changed


def _container_tasks(spec: LoadedSpec) -> list[walk.TaskVisit]:
    """Every container task of the pipeline, with its chain of tasks from the root."""
    return [
        visit
        for visit in walk.walk_tasks(spec.pipeline)
        if "container" in walk.executor_of(spec.pipeline, visit.component)
    ]


def explain_key(
    spec: LoadedSpec, task: str, arguments: Mapping[str, Any], pipeline_root: str | Path
) -> KeyReport:
    tasks = _container_tasks(spec)
    matches = [v for v in tasks if v.path == task or v.name == task]
    if len(matches) != 1:
        names = ", ".join(sorted(v.path for v in tasks))
        what = "no container task" if not matches else "several tasks"
        raise TaskNotFound(f"{what} named {task!r} (tasks: {names})")
    path, chain = matches[0].path, matches[0].chain
    root = str(Path(pipeline_root).resolve())
    context = RunContext(spec.name, "", root, "", str(Path(root) / "workspace"))
    scope = Scope(resolve_pipeline_arguments(spec, arguments), {})
    for name, task_spec in chain[:-1]:
        component = walk.component_of(spec.pipeline, task_spec)
        scope = Scope(*resolve_inputs(name, task_spec, component, scope, {}, context))
    name, task_spec = chain[-1]
    component = walk.component_of(spec.pipeline, task_spec)
    # resolve without defaults, so an input whose producer is unknown is not mistaken for
    # its default value; defaults apply below only to inputs the task does not wire
    bare = copy.deepcopy(component)
    for definition in bare.get("inputDefinitions", {}).get("parameters", {}).values():
        definition.pop("defaultValue", None)
    params, artifacts = resolve_inputs(name, task_spec, bare, scope, {}, context)
    wired = task_spec.get("inputs", {}).get("parameters", {})
    for key, definition in component.get("inputDefinitions", {}).get("parameters", {}).items():
        if key not in wired and "defaultValue" in definition:
            params[key] = coerce_parameter(definition["defaultValue"], definition["parameterType"])
    executor = walk.executor_of(spec.pipeline, component)
    fingerprint = component_fingerprint(component, executor)
    report = KeyReport(
        task_path=path,
        component_digest=_sha256(canonical_json(fingerprint)),
        caching_enabled=bool(task_spec.get("cachingOptions", {}).get("enableCache", False)),
    )
    definitions = component.get("inputDefinitions", {})
    static_params = {k: v for k, v in params.items() if not _run_specific(task_spec, k)}
    for key, value in static_params.items():
        report.parameters[key] = value
        report.sources[key] = "static"
    for key, items in artifacts.items():
        report.artifacts[key] = [
            {"digest": artifact_digest(a.get("uri", "")), "metadata": a.get("metadata") or {}}
            for a in items
        ]
        report.sources[key] = "static"
    unknown_params = [
        k
        for k in definitions.get("parameters", {})
        if k not in report.parameters and (k in task_spec.get("inputs", {}).get("parameters", {}))
    ]
    unknown_artifacts = [k for k in definitions.get("artifacts", {}) if k not in report.artifacts]
    last = None
    if (Path(pipeline_root) / CACHE_FILE).exists():
        try:
            last = CacheStore(pipeline_root, rebuild=False).last_execution(name)
        except (CacheUnusable, sqlite3.DatabaseError) as exc:
            report.problems.append(f"the cache under {pipeline_root} is unreadable: {exc}")
    if unknown_params or unknown_artifacts:
        for key in unknown_params:
            if last and key in last["parts"]["parameters"]:
                report.parameters[key] = last["parts"]["parameters"][key]
                report.sources[key] = f"last run {last['run']}"
            else:
                report.missing.append(key)
        for key in unknown_artifacts:
            if last and key in last["parts"]["artifacts"]:
                report.artifacts[key] = last["parts"]["artifacts"][key]
                report.sources[key] = f"last run {last['run']}"
            elif not definitions["artifacts"][key].get("isOptional"):
                report.missing.append(key)
    if not report.missing:
        key = key_from_parts(report.component_digest, report.parameters, report.artifacts)
        report.key = key.key
        report.why = _why(key.parts(), last, report.caching_enabled)
    return report


def _why(parts: dict, last: Optional[dict], caching_enabled: bool) -> str:
    """The runner's words (:mod:`.why`) for this key against the newest recorded execution."""
    if not caching_enabled:
        return "cache disabled for this task"
    if last is None:
        return "no previous run"
    found = changes(last["parts"], parts)
    if found:
        return "would run: " + "; ".join(found)
    return f"same inputs and code as run {last['run']} (a cache hit if its outputs are intact)"


def _run_specific(task_spec: Mapping, key: str) -> bool:
    """A constant holding a PIPELINE_* placeholder differs in every run."""
    source = task_spec.get("inputs", {}).get("parameters", {}).get(key, {})
    constant = source.get("runtimeValue", {}).get("constant")
    return isinstance(constant, str) and "{{$.pipeline_" in constant
