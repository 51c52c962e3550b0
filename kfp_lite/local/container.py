"""Running one container task: its cache lookup, its process (with retries and a timeout),
and reading its outputs back as the KFP launcher does.

:func:`run_container` is the one place a task's program is started; it runs on a worker of
the run's pool.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from .cache import CacheKey, CacheStore, component_fingerprint, compute_key
from .inputs import RunContext, check_required
from .placeholders import PlaceholderError, expand_arguments, substitute
from .process import Launcher, LaunchError, ProcessTable, is_lightweight, offline_command
from .spec import LoadedSpec, coerce_parameter
from .states import CACHED, CANCELLED, SUCCEEDED, TaskFailure, TaskOutcome, TaskRecord
from .tracebacks import rewrite_log
from .tracking import Tracker
from .why import explain

__all__ = ["ContainerJob", "Containers", "LOG_FILE", "run_container"]

LOG_FILE = "task.log"
EXECUTOR_OUTPUT = "executor_output.json"
#: what the runner itself keeps in a task folder: never an output's name
# Kubernetes settings a local run honours (the others get a KFL602 warning)
HONOURED_KUBERNETES_SETTINGS = frozenset({"activeDeadlineSeconds"})
RESERVED_NAMES = (LOG_FILE, EXECUTOR_OUTPUT, ".venv", ".kfp-lite")


@dataclass(frozen=True)
class Containers:
    """What every container task of a run shares."""

    spec: LoadedSpec
    context: RunContext
    launcher: Launcher
    processes: ProcessTable
    tracker: Tracker
    store: Callable[[], Optional[CacheStore]]
    pipeline_root: Path
    enable_cache: bool
    retry_backoff_scale: float
    task_timeout: Optional[float]
    scratch: Path  # the run's shims and temporary files, removed when the run ends
    # executors whose Kubernetes settings were warned about: once per task, not per loop iteration
    platform_warned: set[str] = field(default_factory=set)
    # the user's source files, to point a failed task's traceback at them (tracebacks.py)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContainerJob:
    """One container task, its inputs resolved."""

    name: str
    path: str
    task: Mapping
    component: Mapping
    executor: Mapping
    params: dict
    artifacts: dict
    task_dir: Path
    record: TaskRecord


def _duration_seconds(text: Any) -> float:
    if isinstance(text, (int, float)):
        return float(text)
    match = re.fullmatch(r"\s*([0-9.]+)s\s*", str(text or "0s"))
    return float(match.group(1)) if match else 0.0


def _warn_unsupported(env: Containers, job: ContainerJob, container: Mapping) -> None:
    from kfp_lite.codes import UNSUPPORTED_LOCALLY

    code, warn = UNSUPPORTED_LOCALLY.code, env.tracker.warn
    resources = container.get("resources") or {}
    if resources.get("accelerator"):
        warn(job.path, "accelerator request ignored: runs on this machine's CPU", code)
    other = sorted(k for k in resources if k != "accelerator")
    if other:
        warn(job.path, f"resource settings ignored locally: {', '.join(other)}", code)
    label = job.component.get("executorLabel", "")
    platform = env.spec.platform_executor_config(label)
    ignored = sorted(k for k in platform if k not in HONOURED_KUBERNETES_SETTINGS)
    if ignored and label not in env.platform_warned:
        env.platform_warned.add(label)
        warn(job.path, f"Kubernetes settings ignored locally: {', '.join(ignored)}", code)
    image = container.get("image", "")
    command = list(container.get("command", [])) + list(container.get("args", []))
    if env.launcher.runner == "subprocess" and not is_lightweight(command):
        warn(job.path, f"image {image!r} is not used: its command runs on this machine")


def _kubernetes_deadline(env: Containers, job: ContainerJob) -> Optional[float]:
    """The task's ``kubernetes.set_timeout`` in seconds, which a local run honours too."""
    label = job.component.get("executorLabel", "")
    value = env.spec.platform_executor_config(label).get("activeDeadlineSeconds")
    try:
        seconds = float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None


def _time_limit(env: Containers, job: ContainerJob) -> tuple[Optional[float], str]:
    """An attempt's time limit and how to say it was reached: the shorter of the task's
    Kubernetes timeout and ``--task-timeout``."""
    limits = []
    deadline = _kubernetes_deadline(env, job)
    if deadline is not None:
        why = "its Kubernetes timeout, kubernetes.set_timeout"
        limits.append((deadline, f"stopped after {deadline:g}s ({why})"))
    if env.task_timeout is not None:
        limits.append((env.task_timeout, f"timed out after {env.task_timeout:g}s (--task-timeout)"))
    return min(limits) if limits else (None, "")


def executor_input(component: Mapping, params: dict, artifacts: dict, task_dir: Path) -> dict:
    """The ExecutorInput a KFP driver would hand the task (outputs inside ``task_dir``)."""
    outputs = component.get("outputDefinitions", {})
    return {
        "inputs": {
            "parameterValues": params,
            "artifacts": {k: {"artifacts": v} for k, v in artifacts.items()},
        },
        "outputs": {
            "parameters": {
                k: {"outputFile": str(task_dir / k)} for k in outputs.get("parameters", {})
            },
            "artifacts": {
                k: {
                    "artifacts": [
                        {
                            "name": k,
                            "type": d.get("artifactType", {}),
                            "uri": str(task_dir / k),
                            "metadata": {},
                        }
                    ]
                }
                for k, d in outputs.get("artifacts", {}).items()
            },
            "outputFile": str(task_dir / EXECUTOR_OUTPUT),
        },
    }


def _remove(path: Path) -> None:
    """Remove a file, link or folder inside a task folder, never following a link."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _clear_outputs(task_dir: Path, inputs: Mapping) -> None:
    """Before an attempt, remove what an earlier attempt may have left behind. Every path
    is a checked name directly inside ``task_dir``."""
    outputs = inputs["outputs"]
    paths = [outputs["outputFile"]]
    paths += [p["outputFile"] for p in outputs["parameters"].values()]
    paths += [a["artifacts"][0]["uri"] for a in outputs["artifacts"].values()]
    for p in paths:
        target = Path(p)
        if target.parent != task_dir:  # cannot happen with checked names; never leave it
            raise TaskFailure(f"output path {p!r} is outside the task folder")
        _remove(target)


def _read_parameter(key: str, file: Path, ptype: str) -> Any:
    if file.is_symlink() or not file.is_file():
        raise FileNotFoundError(file)
    text = file.read_text()
    if ptype == "STRING":
        return text
    try:
        return json.loads(text.lower() if ptype == "BOOLEAN" else text)
    except ValueError as exc:
        raise TaskFailure(f"output parameter {key!r} is not valid {ptype}: {text[:80]!r}") from exc


def collect_outputs(component: Mapping, inputs: Mapping) -> TaskOutcome:
    """Outputs as the launcher reads them: executor_output.json, then parameter files."""
    outputs = inputs["outputs"]
    definitions = component.get("outputDefinitions", {})
    reported: dict = {}
    output_file = Path(outputs["outputFile"])
    if output_file.is_file() and not output_file.is_symlink():
        try:
            reported = json.loads(output_file.read_text() or "{}")
        except ValueError as exc:
            raise TaskFailure(f"{EXECUTOR_OUTPUT} is not JSON: {exc}") from exc
        if not isinstance(reported, dict):
            raise TaskFailure(f"{EXECUTOR_OUTPUT} is not a JSON object")
    parameters = dict(reported.get("parameterValues") or {})
    for key, entry in outputs["parameters"].items():
        ptype = definitions.get("parameters", {}).get(key, {}).get("parameterType", "STRING")
        try:
            parameters[key] = _read_parameter(key, Path(entry["outputFile"]), ptype)
        except FileNotFoundError:
            pass
        if key not in parameters:
            raise TaskFailure(f"the task did not write its output parameter {key!r}")
        parameters[key] = coerce_parameter(parameters[key], ptype)
    artifacts: dict = {}
    for key, entry in outputs["artifacts"].items():
        declared = dict(entry["artifacts"][0])
        override = ((reported.get("artifacts") or {}).get(key, {}).get("artifacts") or [{}])[0]
        for field_name in ("name", "uri", "metadata"):
            if override.get(field_name):
                declared[field_name] = override[field_name]
        if override.get("custom_path"):
            declared["uri"] = override["custom_path"]
        artifacts[key] = [declared]
    return TaskOutcome(SUCCEEDED, parameters, artifacts)


def _cache_lookup(
    env: Containers, job: ContainerJob, key: CacheKey, store: Optional[CacheStore]
) -> tuple[Optional[TaskOutcome], str, bool]:
    """``(hit, reason, cacheable)``: the cached outcome or None, why, and whether a success
    may be stored."""
    if not env.enable_cache:
        return None, "cache disabled for this run (--no-cache)", False
    if not job.task.get("cachingOptions", {}).get("enableCache", False):
        return None, "cache disabled for this task", False
    if store is None:
        return None, "the cache is unusable in this run", False
    hit, reason = store.lookup(key.key)
    if hit is None:
        return None, reason, True
    outcome = TaskOutcome(CACHED, hit.get("parameters", {}), hit.get("artifacts", {}))
    outcome.produced_by = str(hit.get("produced_by") or "")
    return outcome, reason, True


def run_container(env: Containers, job: ContainerJob) -> TaskOutcome:
    """Run one container task to its end (cached, succeeded or failed)."""
    tracker, record = env.tracker, job.record
    try:
        check_required(job.component, job.params, job.artifacts)
    except TaskFailure as exc:
        return tracker.failed(record, str(exc))
    if env.processes.stopping:
        return tracker.failed(record, "the run was stopped", CANCELLED)
    key = compute_key(component_fingerprint(job.component, job.executor), job.params, job.artifacts)
    record.cache_key = key.key
    record.inputs = {"parameters": job.params, "artifacts": job.artifacts}
    store = env.store()
    hit, reason, cache_on = _cache_lookup(env, job, key, store)
    record.cache_reason = reason
    record.cached_from = hit.produced_by if hit is not None else ""
    previous = None
    if store is not None and cache_on and hit is None:
        previous = store.previous_execution(job.path, job.name, env.context.run_name)
    record.why = explain(
        key.parts(),
        previous,
        cached_from=record.cached_from,
        cache_on=cache_on,
        lookup_reason=reason,
    )
    if hit is not None:
        outcome = tracker.finished(record, hit, record.why)
        if store is not None:
            store.record_execution(env.context.run_name, job.path, job.name, key, CACHED)
        return outcome
    outcome = _execute(env, job, key, record.why)
    if store is not None:
        if cache_on and outcome.state == SUCCEEDED:
            store.record_success(
                key.key,
                {"parameters": outcome.parameters, "artifacts": outcome.artifacts},
                env.context.run_name,
                job.path,
            )
        store.record_execution(env.context.run_name, job.path, job.name, key, outcome.state)
    return outcome


def _execute(env: Containers, job: ContainerJob, key: CacheKey, why: str) -> TaskOutcome:
    tracker, record = env.tracker, job.record
    container = job.executor.get("container", {})
    job.task_dir.mkdir(parents=True, exist_ok=True)
    log_path = job.task_dir / LOG_FILE
    record.log_path = str(log_path)
    _warn_unsupported(env, job, container)
    retry = job.task.get("retryPolicy", {})
    attempts = 1 + int(retry.get("maxRetryCount", 0) or 0)
    delay = _duration_seconds(retry.get("backoffDuration", "0s"))
    factor = float(retry.get("backoffFactor", 2) or 2)
    max_delay = _duration_seconds(retry.get("backoffMaxDuration", "3600s")) or 3600.0
    context = env.context.values(job.name)
    template = offline_command(container.get("command", [])) + list(container.get("args", []))
    limit, limit_message = _time_limit(env, job)
    error = ""
    for attempt in range(1, attempts + 1):
        record.attempts = attempt
        inputs = executor_input(job.component, job.params, job.artifacts, job.task_dir)
        _clear_outputs(job.task_dir, inputs)
        tracker.started(
            record,
            f"attempt {attempt}/{attempts}" if attempts > 1 else "",
            attempt=attempt,
            key_parts=key.parts(),
            details={"why": why},
        )
        try:
            command = expand_arguments(template, inputs, context)
            env_vars = {
                e["name"]: substitute(str(e.get("value", "")), inputs, context)
                for e in container.get("env", [])
            }
            result = env.launcher.run(
                command,
                image=container.get("image", ""),
                env=env_vars,
                task_dir=job.task_dir,
                log_path=log_path,
                mounts=[str(env.pipeline_root)],
                table=env.processes,
                timeout=limit,
                scratch=env.scratch,
                envs_root=env.pipeline_root,
            )
            if result.stopped:
                return tracker.failed(record, "the run was stopped", CANCELLED)
            if result.timed_out:
                raise TaskFailure(limit_message)
            if result.code != 0:
                raise TaskFailure(f"exited with code {result.code}")
            outcome = collect_outputs(job.component, inputs)
        except (TaskFailure, LaunchError, PlaceholderError) as exc:
            error = str(exc)
            if isinstance(exc, (LaunchError, PlaceholderError)):
                break  # retrying cannot help
            if attempt < attempts:
                wait_for = min(delay * factor ** (attempt - 1), max_delay)
                wait_for *= env.retry_backoff_scale
                tracker.retrying(record, f"{error}; next attempt in {wait_for:.1f}s")
                if env.processes.pause(wait_for):
                    return tracker.failed(record, "the run was stopped", CANCELLED)
            continue
        return tracker.finished(record, outcome)
    rewrite_log(log_path, template, env.sources)
    failed = tracker.failed(record, error)
    detail = exception_line(log_path)
    return dataclasses.replace(failed, detail=detail) if detail else failed


_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b.*)$")


def exception_line(log_path: Path, limit: int = 64 << 10) -> str:
    """The last ``SomeError: message`` line of a task's log (what an ``on_failure`` hook
    gets as the exception text), or "" when there is none."""
    try:
        with open(log_path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - limit))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    for line in reversed(tail.splitlines()):
        match = _EXCEPTION_LINE.match(line.strip())
        if match:
            return match.group(1)[:500]
    return ""
