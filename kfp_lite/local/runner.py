"""Execute a compiled PipelineSpec on this machine, task by task, as a KFP backend would.

The spec (not Python objects) drives everything: DAGs run their tasks as soon as their
``dependentTasks`` finish (in threads; container tasks share a ``max_workers`` semaphore),
groups recurse into their DAG component, iterators run one DAG per item, conditions are CEL,
OneOf/Collected come from the DAG ``outputs`` selectors, exit handlers from
``ALL_UPSTREAM_TASKS_COMPLETED`` + ``taskFinalStatus``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from . import cel
from .cache import CacheKey, CacheStore, component_fingerprint, compute_key
from .placeholders import PlaceholderError, expand_arguments, substitute
from .process import Launcher, LaunchError, is_lightweight
from .report import Reporter, TaskRecord
from .spec import LoadedSpec, coerce_parameter

# Kubernetes settings a local run honours (the others get a KFL602 warning)
HONOURED_KUBERNETES_SETTINGS = frozenset({"activeDeadlineSeconds"})

__all__ = ["RunOptions", "RunResult", "Runner", "TaskOutcome"]

SUCCEEDED, CACHED, FAILED, SKIPPED, UPSTREAM_FAILED = (
    "SUCCEEDED",
    "CACHED",
    "FAILED",
    "SKIPPED",
    "UPSTREAM_FAILED",
)
OK_STATES = (SUCCEEDED, CACHED)
BLOCKING_STATES = (FAILED, UPSTREAM_FAILED)
LOG_FILE = "task.log"
LOG_TAIL_LINES = 20


@dataclass(frozen=True)
class RunOptions:
    pipeline_root: str = "local_outputs"
    max_workers: int = max(1, os.cpu_count() or 1)
    runner: str = "subprocess"
    python: Optional[str] = None
    use_venv: bool = True
    enable_cache: bool = True
    retry_backoff_scale: float = 1.0
    echo: Optional[Callable[[str], None]] = None


@dataclass
class TaskOutcome:
    state: str
    parameters: dict = field(default_factory=dict)
    artifacts: dict = field(default_factory=dict)
    error: str = ""


@dataclass
class RunResult:
    state: str
    run_name: str
    run_dir: str
    outputs: TaskOutcome
    tasks: dict[str, TaskRecord]
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.state == SUCCEEDED

    @property
    def exit_code(self) -> int:
        return 0 if self.succeeded else 1


class TaskFailure(Exception):
    """A task cannot run or did not produce what it declares."""


@dataclass
class Scope:
    parameters: dict
    artifacts: dict


def _duration_seconds(text: Any) -> float:
    if isinstance(text, (int, float)):
        return float(text)
    match = re.fullmatch(r"\s*([0-9.]+)s\s*", str(text or "0s"))
    return float(match.group(1)) if match else 0.0


def _upstream(task: Mapping) -> set[str]:
    """Tasks this one waits for: ``dependentTasks`` and every producer its inputs name."""
    names = set(task.get("dependentTasks", []))
    inputs = task.get("inputs", {})
    for source in inputs.get("parameters", {}).values():
        for kind in ("taskOutputParameter", "taskFinalStatus"):
            if kind in source:
                names.add(source[kind]["producerTask"])
    for source in inputs.get("artifacts", {}).values():
        if "taskOutputArtifact" in source:
            names.add(source["taskOutputArtifact"]["producerTask"])
    return names


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        content = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(content[-lines:])


class Runner:
    def __init__(self, spec: LoadedSpec, options: RunOptions) -> None:
        self.spec = spec
        self.options = options
        self.reporter = Reporter(options.echo)
        stamp = datetime.now().strftime("%Y-%m-%d-%H-%M-%S-%f")
        self.run_name = f"{spec.name}-{stamp}"
        self.pipeline_root = Path(options.pipeline_root).resolve()
        self.run_dir = self.pipeline_root / self.run_name
        self._store: Optional[CacheStore] = None
        self.slots = threading.Semaphore(max(1, options.max_workers))
        self.launcher = Launcher(
            runner=options.runner,
            python=options.python or Launcher().python,
            use_venv=options.use_venv,
        )
        self.records: dict[str, TaskRecord] = {}
        self.records_lock = threading.Lock()
        self.job_uuid = uuid.uuid4().hex
        self.created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def store(self) -> CacheStore:
        """Opened on first use, so that resolving inputs alone (cache-key) writes nothing."""
        if self._store is None:
            self._store = CacheStore(self.pipeline_root)
        return self._store

    # ------------------------------------------------------------------ entry point

    def run(self, arguments: Mapping[str, Any]) -> RunResult:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.reporter.line("STARTED", self.run_name, f"-> {self.run_dir}")
        outcome = self.run_dag(self.spec.root, Scope(dict(arguments), {}), "")
        state = SUCCEEDED if outcome.state in OK_STATES else FAILED
        records = sorted(self.records.values(), key=lambda r: (r.started or 0, r.path))
        self.reporter.summary(records, state, str(self.run_dir))
        for record in records:
            if record.state == FAILED and record.kind in ("container", "importer"):
                self.reporter.echo(f"--- {record.path} failed: {record.message}")
                if record.log_path:
                    tail = _tail(Path(record.log_path))
                    if tail:
                        self.reporter.echo(f"--- last lines of {record.log_path}:\n{tail}")
        return RunResult(
            state, self.run_name, str(self.run_dir), outcome, dict(self.records), outcome.error
        )

    # ------------------------------------------------------------------ DAGs

    def run_dag(self, component: Mapping[str, Any], scope: Scope, path: str) -> TaskOutcome:
        tasks: dict = component.get("dag", {}).get("tasks", {})
        results: dict[str, TaskOutcome] = {}
        pending = dict(tasks)
        running: dict = {}
        with ThreadPoolExecutor(max_workers=max(1, len(tasks))) as pool:
            while pending or running:
                for name, task in list(pending.items()):
                    deps = [d for d in _upstream(task) if d in tasks]
                    if all(d in results for d in deps):
                        del pending[name]
                        future = pool.submit(self.run_task, name, task, scope, results, path)
                        running[future] = name
                if not running:
                    break  # a dependency cycle or an unknown task: nothing can start
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    name = running.pop(future)
                    try:
                        results[name] = future.result()
                    except Exception as exc:  # a bug in the runner must not hang the run
                        results[name] = TaskOutcome(FAILED, error=f"internal error: {exc!r}")
        for name in pending:
            results[name] = TaskOutcome(FAILED, error="its dependencies never completed")
        return self._dag_outputs(component, results, tasks)

    def _dag_outputs(self, component: Mapping, results: dict, tasks: Mapping) -> TaskOutcome:
        failed = [n for n, r in results.items() if r.state in BLOCKING_STATES]
        outcome = TaskOutcome(FAILED if failed else SUCCEEDED)
        if failed:
            first = results[sorted(failed)[0]]
            outcome.error = f"task {sorted(failed)[0]!r} failed" + (
                f": {first.error}" if first.error else ""
            )
        outputs = component.get("dag", {}).get("outputs", {})
        for name, spec in outputs.get("parameters", {}).items():
            selectors = (
                [spec["valueFromParameter"]]
                if "valueFromParameter" in spec
                else spec.get("valueFromOneof", {}).get("parameterSelectors", [])
            )
            for sel in selectors:
                producer = results.get(sel["producerSubtask"])
                if producer and sel["outputParameterKey"] in producer.parameters:
                    outcome.parameters[name] = producer.parameters[sel["outputParameterKey"]]
                    break
        for name, spec in outputs.get("artifacts", {}).items():
            for sel in spec.get("artifactSelectors", []):
                producer = results.get(sel["producerSubtask"])
                if producer and sel["outputArtifactKey"] in producer.artifacts:
                    outcome.artifacts[name] = producer.artifacts[sel["outputArtifactKey"]]
                    break
        return outcome

    # ------------------------------------------------------------------ one task

    def _record(self, path: str, kind: str) -> TaskRecord:
        record = TaskRecord(path=path, kind=kind)
        with self.records_lock:
            self.records[path] = record
        return record

    def run_task(
        self, name: str, task: Mapping, scope: Scope, results: Mapping[str, TaskOutcome], path: str
    ) -> TaskOutcome:
        task_path = f"{path}/{name}" if path else name
        component = self.spec.components[task["componentRef"]["name"]]
        kind = self._kind(task, component)
        deps = [results[d] for d in _upstream(task) if d in results]
        policy = task.get("triggerPolicy", {})
        if policy.get("strategy") != "ALL_UPSTREAM_TASKS_COMPLETED" and any(
            d.state in BLOCKING_STATES for d in deps
        ):
            if kind in ("container", "importer"):
                record = self._record(task_path, kind)
                record.state = UPSTREAM_FAILED
                self.reporter.line("NOT RUN", task_path, "an upstream task failed")
            return TaskOutcome(UPSTREAM_FAILED)
        try:
            params, artifacts = self._resolve_inputs(name, task, component, scope, results)
        except TaskFailure as exc:
            record = self._record(task_path, kind)
            record.state, record.message = FAILED, str(exc)
            self.reporter.line("FAILED", task_path, str(exc))
            return TaskOutcome(FAILED, error=str(exc))
        condition = policy.get("condition")
        if condition:
            try:
                take = bool(cel.evaluate(condition, {"inputs": {"parameter_values": params}}))
            except cel.CelError as exc:
                record = self._record(task_path, kind)
                record.state, record.message = FAILED, f"condition: {exc}"
                self.reporter.line("FAILED", task_path, f"cannot evaluate condition: {exc}")
                return TaskOutcome(FAILED, error=str(exc))
            if not take:
                record = self._record(task_path, kind)
                record.state = SKIPPED
                self.reporter.line("SKIPPED", task_path, "condition is false")
                return TaskOutcome(SKIPPED)
        if "parameterIterator" in task or "artifactIterator" in task:
            return self._run_loop(name, task, component, params, artifacts, task_path)
        if _is_group(component):
            return self.run_dag(component, Scope(params, artifacts), task_path)
        executor = self.spec.executors.get(component.get("executorLabel", ""), {})
        if "importer" in executor:
            return self._run_importer(task_path, component, executor["importer"], params)
        return self._run_container(name, task, component, params, artifacts, task_path)

    @staticmethod
    def _kind(task: Mapping, component: Mapping) -> str:
        if "parameterIterator" in task or "artifactIterator" in task:
            return "loop"
        if _is_group(component):
            return "condition" if "triggerPolicy" in task else "dag"
        return "container"

    # ------------------------------------------------------------------ inputs

    def _context(self, task_name: str) -> dict[str, str]:
        return {
            "pipeline_job_name": self.run_name,
            "pipeline_job_resource_name": self.run_name,
            "pipeline_job_uuid": self.job_uuid,
            "pipeline_task_name": task_name,
            "pipeline_task_uuid": uuid.uuid4().hex,
            "pipeline_root": str(self.pipeline_root),
            "pipeline_job_create_time_utc": self.created,
            "pipeline_job_schedule_time_utc": self.created,
            "workspace_path": str(self.run_dir / "workspace"),
        }

    def _final_status(self, producer: str, results: Mapping[str, TaskOutcome]) -> dict:
        outcome = results.get(producer, TaskOutcome(FAILED, error="never ran"))
        state = SUCCEEDED if outcome.state in OK_STATES + (SKIPPED,) else FAILED
        status: dict = {
            "state": state,
            "pipelineJobResourceName": self.run_name,
            "pipelineTaskName": producer,
        }
        if state == FAILED:
            status["error"] = {"code": 1, "message": outcome.error or "a task failed"}
        return status

    def _resolve_inputs(
        self, name: str, task: Mapping, component: Mapping, scope: Scope, results: Mapping
    ) -> tuple[dict, dict]:
        definitions = component.get("inputDefinitions", {})
        param_defs = definitions.get("parameters", {})
        params: dict[str, Any] = {}
        for key, source in task.get("inputs", {}).get("parameters", {}).items():
            if "componentInputParameter" in source:
                ref = source["componentInputParameter"]
                if ref not in scope.parameters:
                    continue
                value = scope.parameters[ref]
            elif "taskOutputParameter" in source:
                ref = source["taskOutputParameter"]
                producer = results.get(ref["producerTask"])
                if producer is None or ref["outputParameterKey"] not in producer.parameters:
                    continue
                value = producer.parameters[ref["outputParameterKey"]]
            elif "runtimeValue" in source:
                value = source["runtimeValue"].get("constant")
            elif "taskFinalStatus" in source:
                value = self._final_status(source["taskFinalStatus"]["producerTask"], results)
            else:
                raise TaskFailure(f"input {key!r}: unsupported source {sorted(source)}")
            selector = source.get("parameterExpressionSelector")
            if selector:
                string_value = value if isinstance(value, str) else json.dumps(value)
                try:
                    value = cel.evaluate(selector, {"string_value": string_value})
                except cel.CelError as exc:
                    raise TaskFailure(f"input {key!r}: {exc}") from exc
            params[key] = value
        # f-string arguments refer to the task's other inputs and to PIPELINE_* values
        executor_view = {"inputs": {"parameterValues": params}, "outputs": {}}
        context = self._context(name)
        for key, value in list(params.items()):
            if isinstance(value, str) and "{{$" in value:
                try:
                    params[key] = substitute(value, executor_view, context)
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
        artifacts: dict[str, list] = {}
        for key, source in task.get("inputs", {}).get("artifacts", {}).items():
            if "taskOutputArtifact" in source:
                ref = source["taskOutputArtifact"]
                producer = results.get(ref["producerTask"])
                if producer is None or ref["outputArtifactKey"] not in producer.artifacts:
                    continue
                artifacts[key] = producer.artifacts[ref["outputArtifactKey"]]
            elif "componentInputArtifact" in source:
                ref = source["componentInputArtifact"]
                if ref in scope.artifacts:
                    artifacts[key] = scope.artifacts[ref]
        return params, artifacts

    # ------------------------------------------------------------------ loops

    def _run_loop(
        self, name: str, task: Mapping, component: Mapping, params: dict, artifacts: dict, path: str
    ) -> TaskOutcome:
        record = self._record(path, "loop")
        record.started = time.monotonic()
        item_defs = component.get("inputDefinitions", {}).get("parameters", {})
        if "parameterIterator" in task:
            spec = task["parameterIterator"]
            item_input = spec["itemInput"]
            items_spec = spec["items"]
            if "raw" in items_spec:
                items = json.loads(items_spec["raw"])
            else:
                items = params.get(items_spec.get("inputParameter", ""))
                if isinstance(items, str):
                    items = json.loads(items)
            if not isinstance(items, list):
                record.state, record.message = FAILED, f"loop items are not a list: {items!r}"
                self.reporter.line("FAILED", path, record.message)
                return TaskOutcome(FAILED, error=record.message)
            ptype = item_defs.get(item_input, {}).get("parameterType", "")
            scopes = [
                Scope({**params, item_input: coerce_parameter(item, ptype)}, dict(artifacts))
                for item in items
            ]
        else:
            spec = task["artifactIterator"]
            item_input = spec["itemInput"]
            items = artifacts.get(spec["items"]["inputArtifact"], [])
            scopes = [Scope(dict(params), {**artifacts, item_input: [item]}) for item in items]
        limit = int(task.get("iteratorPolicy", {}).get("parallelismLimit", 0) or 0)
        self.reporter.line(
            "RUNNING", path, f"{len(scopes)} iterations" + (f", {limit} at a time" if limit else "")
        )
        gate = threading.Semaphore(limit) if limit > 0 else None

        def iteration(index: int) -> TaskOutcome:
            if gate is None:
                return self.run_dag(component, scopes[index], f"{path}/iteration-{index}")
            with gate:
                return self.run_dag(component, scopes[index], f"{path}/iteration-{index}")

        with ThreadPoolExecutor(max_workers=max(1, len(scopes))) as pool:
            outcomes = list(pool.map(iteration, range(len(scopes))))
        result = TaskOutcome(SUCCEEDED)
        failed = [o for o in outcomes if o.state in BLOCKING_STATES]
        if failed:
            result.state, result.error = FAILED, failed[0].error
        # Collected: one value per iteration; values of an inner loop are already lists
        dag = component.get("dag", {})
        inner_tasks = dag.get("tasks", {})
        for out_name, out_spec in dag.get("outputs", {}).get("parameters", {}).items():
            producer = out_spec.get("valueFromParameter", {}).get("producerSubtask", "")
            nested = any(
                k in inner_tasks.get(producer, {})
                for k in ("parameterIterator", "artifactIterator")
            )
            collected: list = []
            for o in outcomes:
                if out_name in o.parameters:
                    value = o.parameters[out_name]
                    collected.extend(value if nested and isinstance(value, list) else [value])
            result.parameters[out_name] = collected
        for out_name in dag.get("outputs", {}).get("artifacts", {}):
            result.artifacts[out_name] = [
                a for o in outcomes for a in o.artifacts.get(out_name, [])
            ]
        record.finished = time.monotonic()
        record.state = result.state
        self.reporter.line(result.state, path, f"({record.duration:.2f}s)")
        return result

    # ------------------------------------------------------------------ importer

    def _run_importer(
        self, path: str, component: Mapping, importer: Mapping, params: dict
    ) -> TaskOutcome:
        record = self._record(path, "importer")
        record.started = time.monotonic()
        uri_spec = importer.get("artifactUri", {})
        if "runtimeParameter" in uri_spec:
            uri = params.get(uri_spec["runtimeParameter"])
        else:
            uri = uri_spec.get("constant")
        view = {"inputs": {"parameterValues": params}, "outputs": {}}

        def fill(value: Any) -> Any:
            if isinstance(value, str):
                whole = re.fullmatch(r"\{\{\$\.inputs\.parameters\['([^']*)'\]\}\}", value)
                if whole and whole.group(1) in params:
                    return params[whole.group(1)]
                return substitute(value, view, self._context(path)) if "{{$" in value else value
            if isinstance(value, dict):
                return {fill(k): fill(v) for k, v in value.items()}
            if isinstance(value, list):
                return [fill(v) for v in value]
            return value

        try:
            metadata = fill(importer.get("metadata", {}))
        except PlaceholderError as exc:
            record.state, record.message = FAILED, str(exc)
            return TaskOutcome(FAILED, error=str(exc))
        if not isinstance(uri, str) or not uri:
            record.state, record.message = FAILED, f"importer has no artifact URI (got {uri!r})"
            self.reporter.line("FAILED", path, record.message)
            return TaskOutcome(FAILED, error=record.message)
        local = uri[len("file://") :] if uri.startswith("file://") else uri
        if "://" not in local and not os.path.exists(local):
            self.reporter.warn(path, f"imported artifact {uri!r} does not exist on this machine")
        elif "://" in local:
            self.reporter.warn(
                path, f"remote URI {uri!r} is passed on as is; tasks see its mount path"
            )
        out_name = next(
            iter(component.get("outputDefinitions", {}).get("artifacts", {})), "artifact"
        )
        artifact = {
            "name": out_name,
            "type": importer.get("typeSchema", {}),
            "uri": local if "://" not in local else uri,
            "metadata": metadata,
        }
        record.finished, record.state = time.monotonic(), SUCCEEDED
        self.reporter.line(SUCCEEDED, path, f"imported {uri}")
        return TaskOutcome(SUCCEEDED, artifacts={out_name: [artifact]})

    # ------------------------------------------------------------------ containers

    def _warn_unsupported(self, path: str, container: Mapping, executor_label: str) -> None:
        from kfp_lite.codes import UNSUPPORTED_LOCALLY

        code = UNSUPPORTED_LOCALLY.code
        resources = container.get("resources") or {}
        if resources.get("accelerator"):
            self.reporter.warn(path, "accelerator request ignored: runs on this machine's CPU", code)
        other = sorted(k for k in resources if k != "accelerator")
        if other:
            self.reporter.warn(path, f"resource settings ignored locally: {', '.join(other)}", code)
        platform = self.spec.platform_executor_config(executor_label)
        ignored = sorted(k for k in platform if k not in HONOURED_KUBERNETES_SETTINGS)
        if ignored:
            self.reporter.warn(path, f"Kubernetes settings ignored locally: {', '.join(ignored)}", code)

    def _deadline(self, executor_label: str) -> Optional[float]:
        """The task's ``kubernetes.set_timeout`` in seconds, which a local run honours too."""
        value = self.spec.platform_executor_config(executor_label).get("activeDeadlineSeconds")
        try:
            seconds = float(value) if value is not None else 0.0
        except (TypeError, ValueError):
            return None
        return seconds if seconds > 0 else None

    def _executor_input(
        self, component: Mapping, params: dict, artifacts: dict, task_dir: Path
    ) -> dict:
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
                "outputFile": str(task_dir / "executor_output.json"),
            },
        }

    def _check_required(self, component: Mapping, params: dict, artifacts: dict) -> None:
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

    def _run_container(
        self, name: str, task: Mapping, component: Mapping, params: dict, artifacts: dict, path: str
    ) -> TaskOutcome:
        record = self._record(path, "container")
        label = component.get("executorLabel", "")
        container = self.spec.executors.get(label, {}).get("container", {})
        task_dir = self.run_dir / path
        try:
            self._check_required(component, params, artifacts)
        except TaskFailure as exc:
            record.state, record.message = FAILED, str(exc)
            self.reporter.line("FAILED", path, str(exc))
            return TaskOutcome(FAILED, error=str(exc))
        cache_on = self.options.enable_cache and task.get("cachingOptions", {}).get(
            "enableCache", False
        )
        key = compute_key(
            component_fingerprint(component, self.spec.executors.get(label, {})), params, artifacts
        )
        if cache_on:
            hit = self.store.lookup(key.key)
            if hit is not None:
                record.state = CACHED
                record.started = record.finished = time.monotonic()
                self.reporter.line(CACHED, path, f"key {key.key[:12]}")
                self.store.record_execution(self.run_name, path, name, key, CACHED)
                return TaskOutcome(CACHED, hit.get("parameters", {}), hit.get("artifacts", {}))
        with self.slots:
            return self._execute(
                name,
                task,
                component,
                container,
                params,
                artifacts,
                task_dir,
                path,
                record,
                key,
                cache_on,
            )

    def _execute(
        self,
        name: str,
        task: Mapping,
        component: Mapping,
        container: Mapping,
        params: dict,
        artifacts: dict,
        task_dir: Path,
        path: str,
        record: TaskRecord,
        key: CacheKey,
        cache_on: bool,
    ) -> TaskOutcome:
        task_dir.mkdir(parents=True, exist_ok=True)
        log_path = task_dir / LOG_FILE
        record.log_path = str(log_path)
        record.started = time.monotonic()
        image = container.get("image", "")
        command_template = list(container.get("command", [])) + list(container.get("args", []))
        self._warn_unsupported(path, container, component.get("executorLabel", ""))
        if self.options.runner == "subprocess" and not is_lightweight(command_template):
            self.reporter.warn(
                path, f"image {image!r} is not used: its command runs on this machine"
            )
        retry = task.get("retryPolicy", {})
        attempts = 1 + int(retry.get("maxRetryCount", 0) or 0)
        delay = _duration_seconds(retry.get("backoffDuration", "0s"))
        factor = float(retry.get("backoffFactor", 2) or 2)
        max_delay = _duration_seconds(retry.get("backoffMaxDuration", "3600s")) or 3600.0
        context = self._context(name)
        error = ""
        for attempt in range(1, attempts + 1):
            record.attempts = attempt
            executor_input = self._executor_input(component, params, artifacts, task_dir)
            self._clear_outputs(executor_input)
            self.reporter.line(
                "RUNNING", path, f"attempt {attempt}/{attempts}" if attempts > 1 else ""
            )
            try:
                command = expand_arguments(command_template, executor_input, context)
                env = {
                    e["name"]: substitute(str(e.get("value", "")), executor_input, context)
                    for e in container.get("env", [])
                }
                deadline = self._deadline(component.get("executorLabel", ""))
                try:
                    code = self.launcher.run(
                        command,
                        image=image,
                        env=env,
                        task_dir=task_dir,
                        log_path=log_path,
                        mounts=[str(self.pipeline_root)],
                        timeout=deadline,
                    )
                except subprocess.TimeoutExpired:
                    raise TaskFailure(
                        f"stopped after {deadline:g}s (its Kubernetes timeout, kubernetes.set_timeout)"
                    ) from None
                if code != 0:
                    raise TaskFailure(f"exited with code {code}")
                outcome = self._collect_outputs(component, executor_input)
            except (TaskFailure, LaunchError, PlaceholderError) as exc:
                error = str(exc)
                if isinstance(exc, (LaunchError, PlaceholderError)):
                    break  # retrying cannot help
                if attempt < attempts:
                    wait_for = min(delay * factor ** (attempt - 1), max_delay)
                    wait_for *= self.options.retry_backoff_scale
                    self.reporter.line(
                        "RETRYING", path, f"{error}; next attempt in {wait_for:.1f}s"
                    )
                    time.sleep(wait_for)
                continue
            record.finished, record.state = time.monotonic(), SUCCEEDED
            self.reporter.line(SUCCEEDED, path, f"({record.duration:.2f}s)")
            if cache_on:
                self.store.record_success(
                    key.key,
                    {"parameters": outcome.parameters, "artifacts": outcome.artifacts},
                    self.run_name,
                    path,
                )
            self.store.record_execution(self.run_name, path, name, key, SUCCEEDED)
            return outcome
        record.finished, record.state, record.message = time.monotonic(), FAILED, error
        self.reporter.line(FAILED, path, f"{error} ({record.duration:.2f}s, log: {log_path})")
        self.store.record_execution(self.run_name, path, name, key, FAILED)
        return TaskOutcome(FAILED, error=error)

    @staticmethod
    def _clear_outputs(executor_input: Mapping) -> None:
        """Before an attempt, remove what an earlier attempt may have left behind."""
        import shutil

        outputs = executor_input["outputs"]
        paths = [outputs["outputFile"]]
        paths += [p["outputFile"] for p in outputs["parameters"].values()]
        paths += [a["artifacts"][0]["uri"] for a in outputs["artifacts"].values()]
        for p in paths:
            if os.path.isdir(p):
                shutil.rmtree(p)
            elif os.path.lexists(p):
                os.remove(p)

    def _collect_outputs(self, component: Mapping, executor_input: Mapping) -> TaskOutcome:
        """Outputs as the launcher reads them: executor_output.json, then parameter files."""
        outputs = executor_input["outputs"]
        definitions = component.get("outputDefinitions", {})
        reported: dict = {}
        output_file = Path(outputs["outputFile"])
        if output_file.exists():
            try:
                reported = json.loads(output_file.read_text() or "{}")
            except ValueError as exc:
                raise TaskFailure(f"executor_output.json is not JSON: {exc}") from exc
        parameters = dict(reported.get("parameterValues", {}))
        for key, entry in outputs["parameters"].items():
            ptype = definitions.get("parameters", {}).get(key, {}).get("parameterType", "STRING")
            file = Path(entry["outputFile"])
            if file.is_file():
                text = file.read_text()
                if ptype == "STRING":
                    parameters[key] = text
                else:
                    try:
                        parameters[key] = json.loads(text.lower() if ptype == "BOOLEAN" else text)
                    except ValueError as exc:
                        raise TaskFailure(
                            f"output parameter {key!r} is not valid {ptype}: {text[:80]!r}"
                        ) from exc
            if key not in parameters:
                raise TaskFailure(f"the task did not write its output parameter {key!r}")
            parameters[key] = coerce_parameter(parameters[key], ptype)
        artifacts: dict = {}
        for key, entry in outputs["artifacts"].items():
            declared = dict(entry["artifacts"][0])
            override = (reported.get("artifacts", {}).get(key, {}).get("artifacts") or [{}])[0]
            for field_name in ("name", "uri", "metadata"):
                if override.get(field_name):
                    declared[field_name] = override[field_name]
            if override.get("custom_path"):
                declared["uri"] = override["custom_path"]
            artifacts[key] = [declared]
        return TaskOutcome(SUCCEEDED, parameters, artifacts)


def _is_group(component: Mapping) -> bool:
    """A DAG component; an empty group (``with dsl.If(...): pass``) has neither a dag nor an
    executor in the spec, as kfp writes it."""
    return "dag" in component or "executorLabel" not in component
