"""The run's scheduler: one ready queue and one bounded worker pool for the whole run.

All bookkeeping (which task may start, DAG and loop completion, outputs) happens on the
thread that calls :meth:`Scheduler.run`, one queued step at a time; only container tasks go
to the pool, whose size is the run's ``max_workers``. A 2,000-item ``ParallelFor`` is 2,000
small records, not 2,000 threads. Any exception in a step fails the task it concerns, with
the reason, so a bug can neither hang the run nor leave a task PENDING without a word.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from kfp_lite.ir_schema import spec_walk as walk

from . import cel
from .container import ContainerJob, Containers, run_container
from .importer import run_importer
from .inputs import resolve_inputs
from .loops import collect_iterations, iteration_name, iteration_scopes
from .states import (
    BLOCKING_STATES,
    CANCELLED,
    FAILED,
    SKIPPED,
    SUCCEEDED,
    UPSTREAM_FAILED,
    Scope,
    TaskFailure,
    TaskOutcome,
    TaskRecord,
)

__all__ = ["Scheduler", "dag_outcome"]

#: seconds the scheduler waits for work before it looks at the stop flag again
_POLL_SECONDS = 0.2


def dag_outcome(component: Mapping, results: Mapping[str, TaskOutcome]) -> TaskOutcome:
    """A finished DAG's outcome: failed if a task failed, outputs from its selectors."""
    failed = sorted(n for n, r in results.items() if r.state in BLOCKING_STATES)
    outcome = TaskOutcome(FAILED if failed else SUCCEEDED)
    if failed:
        first = results[failed[0]]
        outcome.error = f"task {failed[0]!r} failed" + (f": {first.error}" if first.error else "")
    for sel in walk.dag_output_selectors(component):
        producer = results.get(sel.producer or "")
        if producer is None:
            continue
        values = producer.artifacts if sel.artifact else producer.parameters
        target = outcome.artifacts if sel.artifact else outcome.parameters
        if sel.output not in target and sel.key in values:
            target[sel.output] = values[sel.key]
    return outcome


def _kind(task: Mapping, component: Mapping, executor: Mapping) -> str:
    if walk.iterator_of(task) is not None:
        return "loop"
    if walk.is_group(component):
        return "condition" if "triggerPolicy" in task else "dag"
    return "importer" if "importer" in executor else "container"


@dataclass(eq=False)
class DagRun:
    """One DAG being run: its tasks, their finished outcomes, and who waits for it."""

    component: Mapping
    scope: Scope
    path: str
    on_done: Callable[[TaskOutcome], None]
    tasks: dict
    deps: dict
    results: dict = field(default_factory=dict)
    started: set = field(default_factory=set)
    records: dict = field(default_factory=dict)
    done: bool = False


@dataclass(eq=False)
class LoopRun:
    """A ``ParallelFor`` being run: iterations start up to its parallelism limit."""

    component: Mapping
    scopes: list
    path: str
    limit: int
    on_done: Callable[[list], None]
    outcomes: dict = field(default_factory=dict)
    next_index: int = 0
    active: int = 0


class Scheduler:
    """Runs a spec's root DAG; ``stop(signum)`` may be called from a signal handler."""

    def __init__(self, containers: Containers, run_dir: Path, max_workers: int) -> None:
        self.env = containers
        self.spec = containers.spec
        self.tracker = containers.tracker
        self.run_dir = run_dir
        self.ready: queue.Queue = queue.Queue()
        self.max_workers = max(1, max_workers)
        self.pool: Optional[ThreadPoolExecutor] = None
        self.in_pool = 0
        self.stop_signal: Optional[int] = None
        self.stopping = False
        self.peak_threads = 0

    # ------------------------------------------------------------------ the loop

    def stop(self, signum: int) -> None:
        """Ask the run to stop (safe in a signal handler: it only sets a flag)."""
        self.stop_signal = signum

    def run(self, arguments: Mapping[str, Any]) -> TaskOutcome:
        final: list[TaskOutcome] = []
        self.pool = ThreadPoolExecutor(self.max_workers, thread_name_prefix="kfp-lite-task")
        try:
            self.start_dag(self.spec.root, Scope(dict(arguments), {}), "", final.append)
            while not final:
                self._check_stop()
                try:
                    step, args, blame = self.ready.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    if self.in_pool == 0 and self.ready.empty():
                        return TaskOutcome(FAILED, error="internal error: the run stalled")
                    continue
                try:
                    self._step(step, args, blame)
                except Exception as exc:  # a bug no single task can take: stop the run
                    self.stopping = True
                    self.env.processes.stop_all()
                    return TaskOutcome(FAILED, error=f"internal error in the scheduler: {exc!r}")
                self.peak_threads = max(self.peak_threads, threading.active_count())
        finally:
            self.pool.shutdown(wait=True)
        return final[0]

    def _check_stop(self) -> None:
        if self.stop_signal is not None and not self.stopping:
            self.stopping = True
            self.env.processes.stop_all()

    def post(self, step: Callable, *args: Any, blame: Optional[tuple] = None) -> None:
        """Queue a step; ``blame`` = (dag, task name) is failed if the step raises."""
        self.ready.put((step, args, blame))

    def _step(self, step: Callable, args: tuple, blame: Optional[tuple]) -> None:
        try:
            step(*args)
        except Exception as exc:  # a bug of ours: fail the task it concerns, with the reason
            if blame is None:
                raise
            dag, name = blame
            if name in dag.results:
                raise
            record = dag.records.get(name) or self.tracker.record(
                _join(dag.path, name), "container", name
            )
            self._task_done(dag, name, self.tracker.failed(record, f"internal error: {exc!r}"))

    # ------------------------------------------------------------------ DAGs

    def start_dag(
        self, component: Mapping, scope: Scope, path: str, on_done: Callable[[TaskOutcome], None]
    ) -> None:
        tasks = walk.dag_tasks(component)
        deps = {
            name: [d for d in walk.upstream(task) if d in tasks] for name, task in tasks.items()
        }
        self._advance(DagRun(component, scope, path, on_done, tasks, deps))

    def _advance(self, dag: DagRun) -> None:
        """Start every task whose dependencies finished; finish the DAG when all did."""
        if dag.done:
            return
        for name in dag.tasks:
            if name not in dag.started and all(d in dag.results for d in dag.deps[name]):
                dag.started.add(name)
                self.post(self._start_task, dag, name, blame=(dag, name))
        if len(dag.results) == len(dag.tasks):
            dag.done = True
            self.post(dag.on_done, dag_outcome(dag.component, dag.results))
        elif dag.started == set(dag.results):  # nothing runs and nothing can start: a cycle
            for name in dag.tasks:
                if name not in dag.started:
                    dag.started.add(name)
                    record = self._record(dag, name, "container")
                    failure = self.tracker.failed(record, "its dependencies never completed")
                    dag.results[name] = failure
            self._advance(dag)

    def _task_done(self, dag: DagRun, name: str, outcome: TaskOutcome) -> None:
        if name in dag.results:
            return
        dag.results[name] = outcome
        self._advance(dag)

    def _record(self, dag: DagRun, name: str, kind: str) -> TaskRecord:
        record = self.tracker.record(_join(dag.path, name), kind, name)
        dag.records[name] = record
        return record

    # ------------------------------------------------------------------ one task

    def _start_task(self, dag: DagRun, name: str) -> None:
        task = dag.tasks[name]
        component = walk.component_of(self.spec.pipeline, task)
        executor = walk.executor_of(self.spec.pipeline, component)
        kind = _kind(task, component, executor)
        record = self._record(dag, name, kind)
        record.dependencies = [_join(dag.path, d) for d in dag.deps[name]]
        done = lambda outcome: self._task_done(dag, name, outcome)  # noqa: E731
        policy = task.get("triggerPolicy", {})
        upstream = [dag.results[d] for d in dag.deps[name]]
        if policy.get("strategy") != "ALL_UPSTREAM_TASKS_COMPLETED" and any(
            d.state in BLOCKING_STATES for d in upstream
        ):
            return done(self.tracker.failed(record, "an upstream task failed", UPSTREAM_FAILED))
        if self.stopping:
            return done(self.tracker.failed(record, "the run was stopped", CANCELLED))
        try:
            params, artifacts = resolve_inputs(
                name, task, component, dag.scope, dag.results, self.env.context
            )
        except TaskFailure as exc:
            return done(self.tracker.failed(record, str(exc)))
        condition = policy.get("condition")
        if condition:
            try:
                take = bool(cel.evaluate(condition, {"inputs": {"parameter_values": params}}))
            except cel.CelError as exc:
                return done(self.tracker.failed(record, f"cannot evaluate condition: {exc}"))
            if not take:
                return done(
                    self.tracker.finished(record, TaskOutcome(SKIPPED), "condition is false")
                )
        path = record.path
        if kind == "loop":
            return self._start_loop(record, task, component, params, artifacts, done)
        if kind in ("dag", "condition"):
            self.tracker.started(record)
            finish = lambda outcome: done(self.tracker.finished(record, outcome))  # noqa: E731
            return self.start_dag(component, Scope(params, artifacts), path, finish)
        if kind == "importer":
            outcome = run_importer(
                self.tracker, record, self.env.context, component, executor["importer"], params
            )
            return done(outcome)
        job = ContainerJob(
            name, path, task, component, executor, params, artifacts, self.run_dir / path, record
        )
        self._submit(job, dag, name)

    def _submit(self, job: ContainerJob, dag: DagRun, name: str) -> None:
        assert self.pool is not None
        self.in_pool += 1
        future = self.pool.submit(self._container, job)
        future.add_done_callback(
            lambda f: self.post(self._container_done, dag, name, job, f, blame=(dag, name))
        )

    def _container(self, job: ContainerJob) -> TaskOutcome:
        try:
            return run_container(self.env, job)
        except Exception as exc:  # a bug of ours in a worker: the task fails with the reason
            return self.tracker.failed(job.record, f"internal error: {exc!r}")

    def _container_done(self, dag: DagRun, name: str, job: ContainerJob, future: Future) -> None:
        self.in_pool -= 1
        self._task_done(dag, name, future.result())

    # ------------------------------------------------------------------ loops

    def _start_loop(
        self,
        record: TaskRecord,
        task: Mapping,
        component: Mapping,
        params: dict,
        artifacts: dict,
        done: Callable[[TaskOutcome], None],
    ) -> None:
        try:
            scopes = iteration_scopes(task, component, params, artifacts)
        except TaskFailure as exc:
            return done(self.tracker.failed(record, str(exc)))
        iterator = walk.iterator_of(task)
        limit = iterator.parallelism if iterator and iterator.parallelism > 0 else len(scopes)
        self.tracker.started(
            record,
            f"{len(scopes)} iterations" + (f", {limit} at a time" if limit < len(scopes) else ""),
        )

        def finish(outcomes: list) -> None:
            done(self.tracker.finished(record, collect_iterations(component, outcomes)))

        loop = LoopRun(component, scopes, record.path, max(1, limit), finish)
        if not scopes:
            return self.post(finish, [])
        self._launch_iterations(loop)

    def _launch_iterations(self, loop: LoopRun) -> None:
        while loop.active < loop.limit and loop.next_index < len(loop.scopes):
            index = loop.next_index
            loop.next_index += 1
            loop.active += 1
            path = f"{loop.path}/{iteration_name(index)}"
            self.start_dag(
                loop.component,
                loop.scopes[index],
                path,
                lambda outcome, i=index: self._iteration_done(loop, i, outcome),
            )

    def _iteration_done(self, loop: LoopRun, index: int, outcome: TaskOutcome) -> None:
        loop.outcomes[index] = outcome
        loop.active -= 1
        if len(loop.outcomes) == len(loop.scopes):
            loop.on_done([loop.outcomes[i] for i in range(len(loop.scopes))])
        else:
            self._launch_iterations(loop)


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name
