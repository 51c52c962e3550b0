"""Execute a compiled PipelineSpec on this machine, task by task, as a KFP backend would.

The spec (not Python objects) drives everything: DAGs run their tasks as soon as their
dependencies finish (:mod:`.scheduler`, one bounded pool per run), groups run their DAG
component, iterators one DAG per item (:mod:`.loops`), conditions are CEL, OneOf/Collected
come from the DAG ``outputs`` selectors, exit handlers from ``ALL_UPSTREAM_TASKS_COMPLETED``
+ ``taskFinalStatus`` (:mod:`.inputs`), container tasks run in :mod:`.container`.

This module prepares a run (names checked before anything is created, the run folder, the
cache, signal handling), reports it to the observer and writes ``run.json``.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from kfp_lite.ir_schema.problem import child
from kfp_lite.ir_schema.safe_names import unsafe_names

from . import events as ev
from .cache import CacheStore, CacheUnusable
from .container import LOG_FILE, RESERVED_NAMES, Containers
from .inputs import RunContext
from .process import OFFLINE_NOTE, Launcher, ProcessTable, uses_kfp_executor
from .report import LOG_TAIL_LINES, PlainOutput
from .run_index import update_latest
from .run_record import write_run_record
from .scheduler import Scheduler
from .spec import LoadedSpec
from .states import (
    BLOCKING_STATES,
    CANCELLED,
    FAILED,
    OK_STATES,
    PENDING,
    RUNNING,
    SUCCEEDED,
    TaskOutcome,
    TaskRecord,
)
from .tracking import Tracker

__all__ = [
    "FAILED",
    "LOG_FILE",
    "LOG_TAIL_LINES",
    "RunOptions",
    "RunResult",
    "Runner",
    "TaskOutcome",
    "UnsafeSpec",
]

_ = BLOCKING_STATES  # re-exported names used by callers


#: the run's self-contained HTML report, written when the run ends
REPORT_FILE = "report.html"

#: the run's interpreter shims and task temporary files; removed when the run ends
SCRATCH_DIR = ".kfp-lite"


class UnsafeSpec(ValueError):
    """A name in the spec would leave the run folder; nothing was created or deleted."""


class PipelineRootUnusable(OSError):
    """The pipeline root (or a run folder in it) cannot be created: a usage mistake, not a
    failed run."""


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
    task_timeout: Optional[float] = None
    observer: Any = None  # a RunObserver; default: PlainOutput(echo)
    sources: tuple[str, ...] = ()  # the user's files, for tracebacks (tracebacks.py)
    write_report: bool = True  # report.html in the run folder


@dataclass
class RunResult:
    state: str
    run_name: str
    run_dir: str
    outputs: TaskOutcome
    tasks: dict[str, TaskRecord]
    error: str = ""
    signal: Optional[int] = None
    peak_threads: int = 0

    @property
    def succeeded(self) -> bool:
        return self.state == SUCCEEDED

    @property
    def exit_code(self) -> int:
        if self.signal is not None:
            return 128 + self.signal
        return 0 if self.succeeded else 1


def check_spec_names(spec: LoadedSpec) -> None:
    """Refuse names that would leave their folder, before anything is created."""
    problems = [str(p) for p in unsafe_names(spec.pipeline)]
    reserved = [
        f"{child('components', c, 'outputDefinitions', kind, n)}: {n!r} is a name the runner "
        "uses in a task folder"
        for c, component in spec.components.items()
        for kind in ("parameters", "artifacts")
        for n in component.get("outputDefinitions", {}).get(kind, {})
        if n in RESERVED_NAMES
    ]
    if problems or reserved:
        raise UnsafeSpec("; ".join(problems + reserved))


class _Signals:
    """SIGINT/SIGTERM ask the scheduler to stop, while the run goes on in the main thread."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self.previous: dict = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, _frame: Any) -> None:
        self.scheduler.stop(signum)

    def __exit__(self, *_exc: Any) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)


class Runner:
    def __init__(self, spec: LoadedSpec, options: RunOptions) -> None:
        self.spec = spec
        self.options = options
        plain = options.observer or PlainOutput(options.echo)
        self.observer = ev.SerialObserver(plain, on_error=(options.echo or PlainOutput().echo))
        self.tracker = Tracker(self.observer)
        stamp = datetime.now().strftime("%Y-%m-%d-%H-%M-%S-%f")
        self.run_name = f"{spec.name}-{stamp}"
        self.pipeline_root = Path(options.pipeline_root).resolve()
        self.run_dir = self.pipeline_root / self.run_name
        self._store: Optional[CacheStore] = None
        self._store_failed = False
        self._store_lock = threading.Lock()
        self.launcher = Launcher(
            runner=options.runner,
            python=options.python or Launcher().python,
            use_venv=options.use_venv,
        )
        self.context = RunContext(
            run_name=self.run_name,
            job_uuid=uuid.uuid4().hex,
            pipeline_root=str(self.pipeline_root),
            created=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            workspace=str(self.run_dir / "workspace"),
        )

    def store(self) -> Optional[CacheStore]:
        """Opened on first use; None (with a warning, once) when it cannot be used."""
        with self._store_lock:
            if self._store is None and not self._store_failed:
                try:
                    self._store = CacheStore(
                        self.pipeline_root, warn=self._cache_warning
                    )
                except CacheUnusable as exc:
                    self._store_failed = True
                    self.tracker.warn(self.run_name, f"{exc}; running without the cache")
            return self._store

    def _cache_warning(self, message: str) -> None:
        from kfp_lite.codes import CACHE_REBUILT

        self.tracker.warn(self.run_name, message, CACHE_REBUILT.code)

    def _make_run_dir(self) -> None:
        try:
            self.pipeline_root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PipelineRootUnusable(
                f"cannot create the pipeline root {self.pipeline_root}: {exc.strerror or exc}"
            ) from None
        base = self.run_name
        for suffix in range(1, 1000):
            try:
                self.run_dir.mkdir()
                return
            except FileExistsError:  # a run started in the same microsecond
                self.run_name = f"{base}-{suffix}"
                self.run_dir = self.pipeline_root / self.run_name
                self.context = RunContext(
                    self.run_name,
                    self.context.job_uuid,
                    self.context.pipeline_root,
                    self.context.created,
                    str(self.run_dir / "workspace"),
                )
        raise FileExistsError(self.run_dir)

    def _static_task_count(self) -> int:
        """Container and importer tasks in the spec, each loop body counted once (a progress
        display's first guess at the total)."""
        from kfp_lite.ir_schema import spec_walk as walk

        try:
            return sum(
                1
                for visit in walk.walk_tasks(self.spec.pipeline)
                if set(walk.executor_of(self.spec.pipeline, visit.component))
                & {"container", "importer"}
            )
        except Exception:  # a count for display only
            return 0

    def _write_report(self) -> None:
        """``report.html`` from the run record just written; a failure is a warning."""
        from . import html_report
        from .report_model import load_run_view

        try:
            html_report.write(load_run_view(self.run_dir), self.run_dir / REPORT_FILE)
        except Exception as exc:  # the report must never fail the run
            self.tracker.warn(self.run_name, f"report.html could not be written: {exc}")

    # ------------------------------------------------------------------ entry point

    def run(self, arguments: Mapping[str, Any]) -> RunResult:
        check_spec_names(self.spec)
        self._make_run_dir()
        started = time.time()
        self.tracker.emit(
            ev.RUN_STARTED,
            self.run_name,
            state=RUNNING,
            details={"run_dir": str(self.run_dir), "tasks": self._static_task_count()},
        )
        if uses_kfp_executor(self.spec.executors):  # said once per run
            self.tracker.warn(self.run_name, OFFLINE_NOTE)
        record_args = dict(
            pipeline=self.spec.name,
            run_name=self.run_name,
            started=started,
            arguments=dict(arguments),
        )
        write_run_record(
            self.run_dir, finished=None, state=RUNNING, error="", records=[], **record_args
        )
        update_latest(self.pipeline_root, self.run_dir)
        processes = ProcessTable()
        containers = Containers(
            spec=self.spec,
            context=self.context,
            launcher=self.launcher,
            processes=processes,
            tracker=self.tracker,
            store=self.store,
            pipeline_root=self.pipeline_root,
            enable_cache=self.options.enable_cache,
            retry_backoff_scale=self.options.retry_backoff_scale,
            task_timeout=self.options.task_timeout,
            scratch=self.run_dir / SCRATCH_DIR,
            sources=tuple(self.options.sources),
        )
        scheduler = Scheduler(containers, self.run_dir, self.options.max_workers)
        try:
            with _Signals(scheduler):
                outcome = scheduler.run(arguments)
        finally:
            processes.warm.close()
            shutil.rmtree(containers.scratch, ignore_errors=True)
            if self._store is not None:
                self._store.close()
        stopped = scheduler.stop_signal
        state = SUCCEEDED if outcome.state in OK_STATES else FAILED
        if stopped is not None:
            state = CANCELLED
            outcome.error = f"stopped by {signal.Signals(stopped).name}"
        for record in self.tracker.snapshot():
            if record.state in (PENDING, RUNNING):  # never left without a reason
                reason = outcome.error or "the run ended before this task finished"
                self.tracker.failed(record, reason, CANCELLED if stopped else FAILED)
        records = self.tracker.snapshot()
        write_run_record(
            self.run_dir,
            finished=time.time(),
            state=state,
            error=outcome.error,
            records=records,
            **record_args,
        )
        if self.options.write_report:
            self._write_report()
        self.tracker.emit(
            ev.RUN_FINISHED,
            self.run_name,
            state=state,
            reason=outcome.error,
            details={"run_dir": str(self.run_dir)},
        )
        return RunResult(
            state,
            self.run_name,
            str(self.run_dir),
            outcome,
            {r.path: r for r in records},
            outcome.error,
            signal=stopped,
            peak_threads=scheduler.peak_threads,
        )
