"""Calling a component or pipeline outside a pipeline after ``local.init``: run it now.

The call is checked as a task would be inside a pipeline (unknown, missing, positional or
mistyped arguments raise :class:`~kfp_lite.diagnostics.CompileError`), the component is
compiled alone (a pipeline: as a whole) and the spec runs with :func:`kfp_lite.local.run`.
The returned :class:`LocalTask` holds real output values instead of pipeline channels.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import CompileError, Diagnostic

from .report import LOG_TAIL_LINES
from .runner import RunResult
from .session import LocalConfig
from .states import FAILED

__all__ = ["LocalTask", "run_call"]


class LocalTask:
    """A component or pipeline that has run: ``.output`` / ``.outputs['name']`` are values.

    Parameters are Python values; artifacts are ``dsl`` artifact objects (``.path``, ``.uri``,
    ``.metadata``), a list of them for a list output. ``state`` is ``"SUCCEEDED"`` or
    ``"FAILED"`` (outputs are then empty); ``run_dir`` is the run's folder.
    """

    def __init__(self, name: str, outputs: dict[str, Any], result: RunResult) -> None:
        self.name = name
        self._outputs = outputs
        self.result = result

    @property
    def state(self) -> str:
        return self.result.state

    @property
    def run_dir(self) -> str:
        return self.result.run_dir

    @property
    def outputs(self) -> Mapping[str, Any]:
        return dict(self._outputs)

    @property
    def output(self) -> Any:
        if len(self._outputs) != 1:
            if self.state == FAILED:
                raise AttributeError(f"'{self.name}' failed, so it has no output")
            names = ", ".join(f"'{n}'" for n in self._outputs)
            raise AttributeError(
                f"'{self.name}' has {len(self._outputs)} outputs ({names}); "
                "name one with .outputs['name']"
                if self._outputs
                else f"'{self.name}' has no output"
            )
        return next(iter(self._outputs.values()))

    def __getattr__(self, name: str) -> Any:
        from kfp_lite.dsl.tasks import PipelineTask

        if hasattr(type(self), name):  # a property of ours raised AttributeError: re-raise it
            return object.__getattribute__(self, name)
        if not name.startswith("_") and hasattr(PipelineTask, name):
            raise RuntimeError(
                f"'.{name}' is not available on a task that already ran locally; "
                "task settings apply to tasks inside a @dsl.pipeline"
            )
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"LocalTask({self.name!r}, state={self.state!r}, outputs={self._outputs!r})"


def run_call(component: Any, args: tuple, kwargs: dict, config: LocalConfig) -> LocalTask:
    """Check the call, compile, run; raise CompileError or (failures) RuntimeError."""
    from kfp_lite.compiler import compile_documents

    from . import RunnerUnavailable, run

    arguments = _checked_arguments(component, args, kwargs)
    if config.runner.kind == "docker":
        from .process import docker_problem

        problem = docker_problem()
        if problem:
            raise RunnerUnavailable(
                f"local.DockerRunner cannot work here: {problem}; "
                "use local.init(runner=local.SubprocessRunner()) instead"
            )
    spec = compile_documents(component).pipeline_spec
    result = run(
        spec,
        arguments,
        pipeline_root=config.pipeline_root,
        runner=config.runner.kind,
        use_venv=getattr(config.runner, "use_venv", True),
        enable_cache=config.enable_caching,
    )
    name = spec["pipelineInfo"]["name"]
    if result.state == FAILED:
        if config.raise_on_error:
            raise RuntimeError(_failure_message(name, result))
        return LocalTask(name, {}, result)
    return LocalTask(name, _outputs(component, result), result)


def _checked_arguments(component: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    """The call's arguments, after the checks a task inside a pipeline gets."""
    from kfp_lite.compiler.checks import check_argument
    from kfp_lite.dsl.tracing import PipelineBuilder

    with PipelineBuilder("local-call") as builder:
        task = component(*args, **kwargs)  # reports argument mistakes to the builder
    diagnostics: list[Diagnostic] = list(builder.diagnostics)
    inputs = component.component_spec.inputs
    arguments: dict[str, Any] = {}
    for name, value in task.arguments.items():
        spec = inputs[name]
        if value is None and spec.optional:
            continue  # the input's own default (None) applies
        if spec.type.is_artifact:
            diagnostics.append(
                codes.BAD_ARGUMENT_VALUE(
                    f"input '{name}' of '{task.name}' is an artifact; a component run on its own "
                    "cannot be given artifacts",
                    location=task.location,
                    hint="call the components inside a @dsl.pipeline and call the pipeline, "
                    "so the artifact passes from task to task",
                )
            )
            continue
        problem = check_argument(task, name, value, spec)
        if problem is not None:
            diagnostics.append(problem)
            continue
        arguments[name] = list(value) if isinstance(value, tuple) else value
    if any(d.is_error for d in diagnostics):
        # the task stands alone: a path through the scratch builder would only confuse
        raise CompileError([dataclasses.replace(d, task_path=None) for d in diagnostics])
    return arguments


def _outputs(component: Any, result: RunResult) -> dict[str, Any]:
    from kfp_lite.dsl.types import ARTIFACT_CLASSES

    classes = {cls.schema_title: cls for cls in ARTIFACT_CLASSES.values()}
    values: dict[str, Any] = {}
    for name, spec in component.component_spec.outputs.items():
        if not spec.type.is_artifact:
            if name in result.outputs.parameters:
                values[name] = result.outputs.parameters[name]
            continue
        found = [_artifact(entry, classes) for entry in result.outputs.artifacts.get(name, [])]
        values[name] = found if spec.type.is_list else (found[0] if found else None)
    return values


def _artifact(entry: Mapping[str, Any], classes: dict[str, type]) -> Any:
    from kfp_lite.dsl.types import Artifact

    title = entry.get("type", {}).get("schemaTitle", Artifact.schema_title)
    artifact = classes.get(title, Artifact)(
        name=entry.get("name"), uri=entry.get("uri"), metadata=dict(entry.get("metadata") or {})
    )
    if type(artifact) is Artifact and title != Artifact.schema_title:
        artifact.schema_title = title  # e.g. a google.* type: keep what the task declared
    return artifact


def _failure_message(name: str, result: RunResult) -> str:
    records = list(_failed_records(result))
    lines = [f"local run of '{name}' failed" + ("" if records else f": {result.error}")]
    for record in records:
        lines.append(f"task '{record.path}' failed: {record.message}")
        if record.log_path:
            tail = _tail(Path(record.log_path))
            if tail:
                lines.append(f"--- last lines of {record.log_path}:\n{tail}")
    lines.append(f"run folder: {result.run_dir}")
    return "\n".join(lines)


def _failed_records(result: RunResult) -> Iterator[Any]:
    for record in sorted(result.tasks.values(), key=lambda r: (r.started or 0, r.path)):
        if record.state == FAILED and record.kind in ("container", "importer"):
            yield record


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> Optional[str]:
    try:
        content = path.read_text(errors="replace").splitlines()
    except OSError:
        return None
    return "\n".join(content[-lines:])
