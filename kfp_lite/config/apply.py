"""Applying a run configuration to a pipeline: checks against the traced graph, then settings.

The configuration is applied to a *copy* (``configured_copy``): the pipeline is traced
afresh and every nested pipeline whose tasks change is replaced, in the copy, by a copy of
its own. Compiling the original later gives the same YAML as before.

Task names in ``steps:`` are the names the compiled spec gives the tasks (``train``,
``train-2``). Loops and conditions do not change a task's name, so a task inside them is
named alone; a task inside a nested pipeline is ``outer-task/inner-task`` (the pipeline
task's name, then the name inside that pipeline), because the same inner name exists once
per use of the nested pipeline.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic
from kfp_lite.dsl.channels import (
    Collected,
    LoopArgument,
    LoopArgumentVariable,
    LoopArtifactArgument,
    OneOfChannel,
    PipelineChannel,
)
from kfp_lite.dsl.components import GraphComponent
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.ir_types import BACKEND_FILLED, NUMBER_DOUBLE

from .yaml_source import dotted, nearest

if TYPE_CHECKING:
    from .run_config import RunConfig

SEPARATOR = "/"
_MISSING = object()
# applied in this order, each by the task method of the same meaning
SETTINGS = ("enable_cache", "retry", "display_name", "cpu_request", "cpu_limit", "memory_request",
            "memory_limit", "accelerator_type", "accelerator_limit", "env")
_CONTAINER_ONLY = {"cpu_request", "cpu_limit", "memory_request", "memory_limit", "accelerator_type",
                   "accelerator_limit", "env"}


def configured_copy(graph: GraphComponent, config: Optional[RunConfig]) -> tuple[GraphComponent, list[Diagnostic]]:
    """A freshly traced copy of ``graph`` with the configuration and ``with_options`` applied."""
    clone = graph.with_options()
    applier = Applier(config)
    diagnostics = applier.apply(clone) if config is not None else []
    run_cache = graph.options.get("enable_cache")
    if run_cache is not None:  # with_options(enable_cache=...) is the last word for every task
        for task in applier.every_task(clone):
            task.set_caching_options(bool(run_cache), task.cache_key)
    return clone, diagnostics


class Applier:
    """One application of a configuration; owns the nested-pipeline copies it makes."""

    def __init__(self, config: Optional[RunConfig]) -> None:
        self.config = config
        self.owned: set[int] = set()
        self.diagnostics: list[Diagnostic] = []

    # --- the graph ----------------------------------------------------------------------
    def apply(self, graph: GraphComponent) -> list[Diagnostic]:
        config = self.config
        assert config is not None
        self.owned.add(id(graph))
        self._check_parameters(graph)
        if config.enable_cache is not None:
            for task in self.every_task(graph):
                task.set_caching_options(config.enable_cache, task.cache_key)
        known = sorted(task_names(graph))
        for key, settings in config.steps.items():
            task = self._resolve(graph, str(key), known)
            if task is not None:
                self._apply_step(task, str(key), settings)
        return self.diagnostics

    def own(self, task: PipelineTask) -> Optional[GraphComponent]:
        """The nested pipeline of ``task``, replaced by a copy this application may change."""
        component = task.component
        if not isinstance(component, GraphComponent):
            return None
        if id(component) not in self.owned:
            component = component.with_options()
            task.component = component
            self.owned.add(id(component))
        return component

    def every_task(self, graph: GraphComponent) -> Iterator[PipelineTask]:
        """Every task, including those of nested pipelines (which become owned copies)."""
        for task in list(graph.trace().builder.tasks.values()):
            yield task
            inner = self.own(task)
            if inner is not None:
                yield from self.every_task(inner)

    def _resolve(self, graph: GraphComponent, key: str, known: list[str]) -> Optional[PipelineTask]:
        config = self.config
        assert config is not None
        path = ("steps", key)
        parts = key.split(SEPARATOR)
        current: Optional[GraphComponent] = graph
        task: Optional[PipelineTask] = None
        for index, part in enumerate(parts):
            assert current is not None
            task = current.trace().builder.tasks.get(part)
            if task is None:
                break
            if index < len(parts) - 1:
                current = self.own(task)
                if current is None:
                    self._report(codes.CONFIG_UNKNOWN_TASK, path,
                                 f"task '{SEPARATOR.join(parts[:index + 1])}' is not a nested pipeline, "
                                 "so it has no inner tasks",
                                 hint=f"name it alone: steps.{SEPARATOR.join(parts[:index + 1])}")
                    return None
        if task is not None:
            return task
        close = nearest(key, known) or nearest(parts[-1], known)
        if close is None:
            ending = [k for k in known if k.split(SEPARATOR)[-1] == parts[-1]]
            close = ending[0] if ending else None
        listed = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        self._report(codes.CONFIG_UNKNOWN_TASK, path,
                     f"no task '{key}' in pipeline '{graph.pipeline_name}'"
                     + (f"; did you mean '{close}'?" if close else ""),
                     hint="tasks are named as in the compiled spec; inside loops and conditions by their "
                     "own name, inside a nested pipeline as 'outer-task/inner-task'; the tasks are: "
                     + (listed or "none"))
        return None

    # --- pipeline parameters ---------------------------------------------------------------
    def _check_parameters(self, graph: GraphComponent) -> None:
        from kfp_lite.dsl.interface import default_problem

        config = self.config
        assert config is not None
        inputs = graph.component_spec.inputs
        for name, value in config.parameters.items():
            path = ("parameters", name)
            spec = inputs.get(name)
            if spec is None:
                close = nearest(name, list(inputs))
                self._report(codes.CONFIG_UNKNOWN_PARAMETER, path,
                             f"pipeline '{graph.pipeline_name}' has no parameter '{name}'",
                             hint=f"did you mean '{close}'?" if close else
                             f"its parameters are: {', '.join(inputs) or 'none'}")
            elif spec.type.is_artifact:
                self._report(codes.CONFIG_NOT_SETTABLE, path,
                             f"'{name}' is an artifact input of the pipeline; a configuration sets "
                             "parameters only", hint="pass the artifact at run time, or import it with dsl.importer")
            elif value is None:
                self._report(codes.CONFIG_BAD_VALUE, path, "null is not a value",
                             hint=f"give {spec.type.display_with_article()}, or remove the key")
            else:
                problem = default_problem(spec.type, value)
                if problem:
                    self._report(codes.CONFIG_BAD_VALUE, path, f"the value {problem}",
                                 hint=f"give {spec.type.display_with_article()}")

    # --- one step --------------------------------------------------------------------------
    def _apply_step(self, task: PipelineTask, key: str, settings: dict[str, Any]) -> None:
        base = ("steps", key)
        for name, value in (settings.get("parameters") or {}).items():
            self._set_argument(task, base + ("parameters", name), str(name), value)
        for setting in SETTINGS:
            if setting not in settings:
                continue
            path = base + (setting,)
            if setting in _CONTAINER_ONLY and task.spec.kind != "container":
                what = "a nested pipeline" if task.spec.kind == "graph" else "an importer"
                self._report(codes.CONFIG_NOT_SETTABLE, path,
                             f"'{setting}' cannot be set on task '{task.name}', which is {what}",
                             task=task, hint="set it on the tasks inside it instead"
                             if task.spec.kind == "graph" else None)
                continue
            self._call(task, path, lambda v=settings[setting], s=setting: _SETTERS[s](task, v))

    def _call(self, task: PipelineTask, path: tuple, action: Callable[[], Any]) -> None:
        """Run a task method; what it reports is placed at the configuration's line."""
        from kfp_lite.dsl.tracing import PipelineBuilder

        with PipelineBuilder("config") as sink:
            action()
        for found in sink.diagnostics:
            self.diagnostics.append(dataclasses.replace(
                found, message=f"{dotted(path)}: {found.message}", location=self._where(path),
                task_path=task.path))

    def _set_argument(self, task: PipelineTask, path: tuple, name: str, value: Any) -> None:
        from kfp_lite.dsl.interface import default_problem

        spec = task.spec.inputs.get(name)
        if spec is None:
            if name in task.spec.outputs:
                self._report(codes.CONFIG_NOT_SETTABLE, path,
                             f"'{name}' is an output of task '{task.name}', not an input", task=task)
                return
            close = nearest(name, list(task.spec.inputs))
            self._report(codes.CONFIG_UNKNOWN_PARAMETER, path,
                         f"task '{task.name}' has no input '{name}'", task=task,
                         hint=f"did you mean '{close}'?" if close else
                         f"its inputs are: {', '.join(task.spec.inputs) or 'none'}")
            return
        if spec.type.is_artifact or spec.type.parameter_type in BACKEND_FILLED:
            what = "an artifact input" if spec.type.is_artifact else "filled by the backend"
            self._report(codes.CONFIG_NOT_SETTABLE, path,
                         f"'{name}' of task '{task.name}' is {what}; a configuration sets parameters only",
                         task=task, hint=f"remove {dotted(path)}")
            return
        if value is None:
            self._report(codes.CONFIG_BAD_VALUE, path, "null is not a value", task=task,
                         hint=f"give {spec.type.display_with_article()}, or remove the key")
            return
        problem = default_problem(spec.type, value)
        if problem:
            self._report(codes.CONFIG_BAD_VALUE, path, f"the value {problem}", task=task,
                         hint=f"give {spec.type.display_with_article()}")
            return
        if spec.type.parameter_type == NUMBER_DOUBLE and isinstance(value, int):
            value = float(value)  # a float input takes 1 as 1.0, as a pipeline default would
        code = task.arguments.get(name, _MISSING)
        if code is _MISSING or (code is None and spec.optional):
            task.arguments[name] = value
            return
        wired = _wiring(task, code)
        if wired is not None:
            hint = (f"remove {dotted(path)} from {self._file()}; set the pipeline parameter under "
                    "parameters: instead" if wired.startswith("the pipeline parameter") else
                    f"remove {dotted(path)} from {self._file()}, or pass a constant in the code instead")
            self._report(codes.CONFIG_NOT_SETTABLE, path,
                         f"'{name}' of task '{task.name}' takes {wired} in the code, so the "
                         "configuration cannot set it", task=task, hint=hint)
            return
        if _same(code, value):
            return
        where = f" at {task.location}" if task.location else ""
        self._report(codes.CONFIG_CONFLICT, path, f"config={value!r} | code={_plain(code)!r}", task=task,
                     hint=f"give '{name}' in one place only: remove {dotted(path)} from {self._file()}, "
                     f"or drop {name}={_plain(code)!r} from the call{where}")

    # --- reporting ---------------------------------------------------------------------------
    def _file(self) -> str:
        from kfp_lite.diagnostics import display_path

        assert self.config is not None
        return display_path(self.config.file)

    def _where(self, path: tuple) -> Any:
        assert self.config is not None
        return self.config.where(path)

    def _report(self, code: Any, path: tuple, message: str, task: Optional[PipelineTask] = None,
                hint: Optional[str] = None) -> None:
        self.diagnostics.append(code(f"{dotted(path)}: {message}", location=self._where(path),
                                     task_path=task.path if task is not None else None, hint=hint))


def task_names(graph: GraphComponent, prefix: str = "", seen: Optional[set[int]] = None) -> list[str]:
    """Every name ``steps:`` accepts for ``graph``, nested pipelines as ``outer/inner``."""
    seen = set() if seen is None else seen
    if id(graph) in seen:
        return []
    names = []
    for name, task in graph.trace().builder.tasks.items():
        names.append(prefix + name)
        if isinstance(task.component, GraphComponent):
            names.extend(task_names(task.component, prefix + name + SEPARATOR, seen | {id(graph)}))
    return names


def _wiring(task: PipelineTask, value: Any) -> Optional[str]:
    """What a non-constant code argument is connected to, or None for a constant."""
    if isinstance(value, (LoopArgument, LoopArgumentVariable, LoopArtifactArgument)):
        return "the item of a dsl.ParallelFor loop"
    if isinstance(value, Collected):
        return f"dsl.Collected outputs of task '{value.task_name}'"
    if isinstance(value, OneOfChannel):
        return "a dsl.OneOf of branch outputs"
    if isinstance(value, PipelineChannel):
        if value.task_name:
            return f"the output '{value.name}' of task '{value.task_name}'"
        return f"the pipeline parameter '{value.name}'"
    if task.pattern_channels(value):
        return "a value built from pipeline values (an f-string)"
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _same(code: Any, config: Any) -> bool:
    """Equal values of the same kind (1 and True, or 1 and '1', are not the same)."""
    code, config = _plain(code), _plain(config)
    if isinstance(code, dict) and isinstance(config, dict):
        return code.keys() == config.keys() and all(_same(code[k], config[k]) for k in code)
    if isinstance(code, list) and isinstance(config, list):
        return len(code) == len(config) and all(_same(a, b) for a, b in zip(code, config))
    if isinstance(code, float) and isinstance(config, (int, float)) and not isinstance(config, bool):
        return code == config
    return type(code) is type(config) and code == config


def _retry(task: PipelineTask, value: dict) -> None:
    task.set_retry(value["max_retries"], value.get("backoff_duration"), value.get("backoff_factor"),
                   value.get("backoff_max_duration"))


def _env(task: PipelineTask, value: dict) -> None:
    for name, text in value.items():
        task.set_env_variable(name, text)


_SETTERS: dict[str, Callable[[PipelineTask, Any], Any]] = {
    "enable_cache": lambda task, v: task.set_caching_options(v, task.cache_key),
    "retry": _retry,
    "display_name": lambda task, v: task.set_display_name(v),
    "cpu_request": lambda task, v: task.set_cpu_request(v),
    "cpu_limit": lambda task, v: task.set_cpu_limit(v),
    "memory_request": lambda task, v: task.set_memory_request(v),
    "memory_limit": lambda task, v: task.set_memory_limit(v),
    "accelerator_type": lambda task, v: task.set_accelerator_type(v),
    "accelerator_limit": lambda task, v: task.set_accelerator_limit(v),
    "env": _env,
}
