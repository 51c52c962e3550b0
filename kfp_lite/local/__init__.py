"""Run a compiled pipeline on this machine: ``kfp_lite.local.run("pipeline.yaml")``.

The runner executes the compiled PipelineSpec (YAML or the dict), not Python objects, so what
runs locally is exactly what a KFP backend would run. Each container task is a subprocess
(or a docker container with ``runner="docker"``); outputs land in
``<pipeline_root>/<pipeline-name>-<timestamp>/<task path>/``; results are cached in a SQLite
store under the pipeline root (see docs/caching.md).

As in kfp, ``local.init(runner=local.SubprocessRunner())`` makes components and pipelines
called outside a ``@dsl.pipeline`` run at once and return their outputs (docs/local.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from .runner import PipelineRootUnusable, RunOptions, RunResult, TaskOutcome, UnsafeSpec
from .session import DockerRunner, SubprocessRunner, init
from .spec import ParameterError, load_spec, resolve_pipeline_arguments

__all__ = [
    "DockerRunner",
    "ParameterError",
    "PipelineRootUnusable",
    "RunOptions",
    "RunResult",
    "RunnerUnavailable",
    "SubprocessRunner",
    "TaskOutcome",
    "UnsafeSpec",
    "init",
    "run",
]


class RunnerUnavailable(RuntimeError):
    """The requested runner cannot work on this machine (e.g. docker without a daemon)."""


def run(
    spec: Union[str, Path, Mapping[str, Any]],
    arguments: Optional[Mapping[str, Any]] = None,
    *,
    pipeline_root: Union[str, Path] = "local_outputs",
    max_workers: Optional[int] = None,
    runner: str = "subprocess",
    python: Optional[str] = None,
    use_venv: bool = True,
    enable_cache: bool = True,
    retry_backoff_scale: float = 1.0,
    echo: Optional[Callable[[str], None]] = None,
    task_timeout: Optional[float] = None,
    observer: Any = None,
    sources: Sequence[str] = (),
    write_report: bool = True,
) -> RunResult:
    """Run the pipeline and return its result; raises ParameterError for bad arguments.

    ``python`` is the interpreter that ``python3`` means inside task commands (default: the
    current one); tasks that pip-install packages get a virtualenv on top of it unless
    ``use_venv`` is false. ``retry_backoff_scale`` multiplies retry back-off delays.
    ``task_timeout``: seconds after which a task's processes are stopped and the attempt
    fails (default None: no limit). ``observer``: an object with ``on_event(RunEvent)``
    told of every state change (default: plain lines through ``echo``). ``sources``: the
    user's files, to point a failed task's traceback at them (loaded modules are searched
    too). ``write_report``: write ``report.html`` in the run folder. Raises
    UnsafeSpec, before anything is created, when a name in the spec would leave the run
    folder.
    """
    from .process import docker_problem
    from .runner import Runner

    if runner not in ("subprocess", "docker"):
        raise ValueError(f"unknown runner {runner!r}: use 'subprocess' or 'docker'")
    if runner == "docker":
        problem = docker_problem()
        if problem:
            raise RunnerUnavailable(f"--runner docker cannot work here: {problem}")
    loaded = load_spec(spec)
    values = resolve_pipeline_arguments(loaded, arguments or {})
    options = RunOptions(
        pipeline_root=str(pipeline_root),
        max_workers=max_workers or RunOptions().max_workers,
        runner=runner,
        python=python,
        use_venv=use_venv,
        enable_cache=enable_cache,
        retry_backoff_scale=retry_backoff_scale,
        echo=echo,
        task_timeout=task_timeout,
        observer=observer,
        sources=tuple(str(s) for s in sources),
        write_report=write_report,
    )
    return Runner(loaded, options).run(values)


def __getattr__(name: str) -> Any:
    if name == "config":  # kfp's module path kfp.local.config
        import importlib

        return importlib.import_module(f"{__name__}.config")
    raise AttributeError(f"module 'kfp_lite.local' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "config"})
