"""``local.init(...)``: turn on running components as soon as they are called, as in kfp.

:func:`init` registers a :class:`RunNow` with the configuration as the ``LOCAL_CALL``
service of :mod:`kfp_lite.services`; ``dsl`` calls it for every component or pipeline called
outside a ``@dsl.pipeline`` function. The registration is process-wide, like kfp's
configuration: it holds in any thread until ``init`` is called again.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any, Optional, Union

from kfp_lite import services

__all__ = ["DockerRunner", "LocalConfig", "RunNow", "SubprocessRunner", "current", "init"]


@dataclass(frozen=True)
class SubprocessRunner:
    """Run each task's command as a subprocess of this Python.

    ``use_venv``: a task that pip-installs packages gets its own virtualenv (on top of this
    interpreter's packages) so that the installs do not touch the current environment.
    """

    use_venv: bool = True

    kind = "subprocess"


class DockerRunner:
    """Run each task in its image with the docker CLI.

    kfp passes keyword arguments on to ``docker run``; kfp_lite starts containers with the
    plain ``docker`` command and ignores them (a warning says so).
    """

    kind = "docker"

    def __init__(self, **container_run_args: Any) -> None:
        self.container_run_args = dict(container_run_args)
        if container_run_args:
            warnings.warn(
                "kfp_lite's DockerRunner ignores docker run options: "
                + ", ".join(sorted(container_run_args)),
                stacklevel=2,
            )

    def __repr__(self) -> str:
        return f"DockerRunner({self.container_run_args!r})"


Runner = Union[SubprocessRunner, DockerRunner]


@dataclass(frozen=True)
class LocalConfig:
    """What ``local.init`` was given, with the pipeline root made absolute."""

    runner: Runner
    pipeline_root: str
    raise_on_error: bool = True
    enable_caching: bool = False


@dataclass(frozen=True)
class RunNow:
    """The ``LOCAL_CALL`` service: runs a component called outside a pipeline, at once."""

    config: LocalConfig

    def __call__(self, component: Any, args: tuple, kwargs: dict) -> Any:
        from .call import run_call

        return run_call(component, args, kwargs, self.config)


def current() -> Optional[LocalConfig]:
    """The configuration of the last ``local.init`` call, or None when there was none."""
    service = services.lookup(services.LOCAL_CALL)
    return service.config if isinstance(service, RunNow) else None


def init(
    runner: Runner,
    pipeline_root: str = "./local_outputs",
    workspace_root: Optional[str] = None,
    raise_on_error: bool = True,
    enable_caching: bool = False,
    cache_root: Optional[str] = None,
) -> None:
    """Run components and pipelines as soon as they are called outside a pipeline.

    ``pipeline_root``: where run folders (and the cache) go. ``raise_on_error``: a failing
    task raises RuntimeError; otherwise the returned task has ``state == "FAILED"``.
    ``enable_caching``: reuse outputs of earlier identical executions (see docs/caching.md).
    ``workspace_root`` and ``cache_root`` are accepted for kfp compatibility: kfp_lite keeps
    the workspace in the run folder and the cache under ``pipeline_root``.
    """
    if not isinstance(runner, (SubprocessRunner, DockerRunner)):
        raise ValueError(
            f"runner must be local.SubprocessRunner() or local.DockerRunner(), "
            f"got {type(runner).__name__}"
        )
    for option, value in (("workspace_root", workspace_root), ("cache_root", cache_root)):
        if value is not None:
            warnings.warn(
                f"local.init({option}=...) is ignored: kfp_lite keeps it under pipeline_root",
                stacklevel=2,
            )
    config = LocalConfig(
        runner=runner,
        pipeline_root=os.path.abspath(pipeline_root),
        raise_on_error=raise_on_error,
        enable_caching=enable_caching,
    )
    services.register(services.LOCAL_CALL, RunNow(config))
