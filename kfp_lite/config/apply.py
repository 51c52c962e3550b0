"""Resolving a run configuration against a traced pipeline, in one pass, into overrides.

:func:`resolve` reads the configuration and the pipeline (never changing either) and returns
an :class:`Overrides` record: the pipeline parameters, the run-level caching, and per task
the arguments and settings to use instead of the code's, with every problem found on the
way. The compiler checks the pipeline as traced and the lowering reads the record, so
compiling the pipeline later without the configuration gives the same YAML as before.

Task names in ``steps:`` are the names the compiled spec gives the tasks (``train``,
``train-2``). Loops and conditions do not change a task's name, so a task inside them is
named alone; a task inside a nested pipeline is ``outer-task/inner-task`` (the pipeline
task's name, then the name inside that pipeline), because the same inner name exists once
per use of the nested pipeline.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

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
# the task attributes the settings write
_ATTRIBUTES = ("enable_caching", "cache_key", "retry_policy", "display_name", "resources", "env")


@dataclass(frozen=True)
class TaskOverride:
    """What a configuration changes on one task: arguments, and settings as task attributes."""

    arguments: Mapping[str, Any] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Overrides:
    """A configuration resolved against one pipeline (and, scoped, its nested pipelines)."""

    parameters: Mapping[str, Any] = field(default_factory=dict)
    enable_cache: Optional[bool] = None  # the file's run-level caching
    run_cache: Optional[bool] = None  # with_options(enable_cache=...): the last word
    tasks: Mapping[tuple[str, ...], TaskOverride] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.tasks and self.enable_cache is None and self.run_cache is None

    def nested(self, task_name: str) -> Overrides:
        """The overrides of the pipeline that task ``task_name`` runs."""
        tasks = {path[1:]: o for path, o in self.tasks.items() if len(path) > 1 and path[0] == task_name}
        return Overrides(enable_cache=self.enable_cache, run_cache=self.run_cache, tasks=tasks)

    def task(self, task: PipelineTask) -> PipelineTask:
        """``task`` as the configuration makes it: the task itself when nothing changes, else a
        copy with the overridden arguments and settings (the task is left as it is)."""
        override = self.tasks.get((task.name,))
        if override is None and self.enable_cache is None and self.run_cache is None:
            return task
        result = copy.copy(task)
        result.arguments = dict(task.arguments)
        if self.enable_cache is not None:
            result.enable_caching = self.enable_cache
        if override is not None:
            result.arguments.update(override.arguments)
            for name, value in override.settings.items():
                setattr(result, name, value)
        if self.run_cache is not None:
            result.enable_caching = self.run_cache
        return result


def resolve(graph: GraphComponent, config: Optional[RunConfig], run_cache: Optional[bool] = None) -> Overrides:
    """The overrides ``config`` (and ``with_options(enable_cache=...)``) make on ``graph``."""
    if config is None:
        return Overrides(run_cache=run_cache)
    resolver = _Resolver(config)
    resolver.resolve(graph)
    return Overrides(parameters=dict(config.parameters), enable_cache=config.enable_cache, run_cache=run_cache,
                     tasks=resolver.tasks, diagnostics=tuple(resolver.diagnostics))


class _Resolver:
    """One resolution of a configuration; collects overrides and problems as it goes."""

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.tasks: dict[tuple[str, ...], TaskOverride] = {}
        self.diagnostics: list[Diagnostic] = []

    # --- the graph ----------------------------------------------------------------------
    def resolve(self, graph: GraphComponent) -> None:
        config = self.config
        self._check_parameters(graph)
        known = sorted(task_names(graph))
        for key, settings in config.steps.items():
            found = self._find(graph, str(key), known)
            if found is not None:
                path, task = found
                self._step(path, task, str(key), settings)

    def _find(self, graph: GraphComponent, key: str, known: list[str]) -> Optional[tuple[tuple[str, ...], PipelineTask]]:
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
                component = task.component
                current = component if isinstance(component, GraphComponent) else None
                if current is None:
                    self._report(codes.CONFIG_UNKNOWN_TASK, path,
                                 f"task '{SEPARATOR.join(parts[:index + 1])}' is not a nested pipeline, "
                                 "so it has no inner tasks",
                                 hint=f"name it alone: steps.{SEPARATOR.join(parts[:index + 1])}")
                    return None
        if task is not None:
            return tuple(parts), task
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
    def _step(self, task_path: tuple[str, ...], task: PipelineTask, key: str, settings: dict[str, Any]) -> None:
        """The arguments and settings of one ``steps:`` entry, worked out on a scratch copy of
        the task with the task's own setters (which validate and normalize the values)."""
        base = ("steps", key)
        arguments: dict[str, Any] = {}
        for name, value in (settings.get("parameters") or {}).items():
            resolved = self._argument(task, base + ("parameters", name), str(name), value)
            if resolved is not _MISSING:
                arguments[str(name)] = resolved
        scratch = copy.copy(task)
        scratch.resources = dict(task.resources)
        scratch.env = dict(task.env)
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
            self._call(task, path, lambda v=settings[setting], s=setting: _SETTERS[s](scratch, v))
        changed = {name: getattr(scratch, name) for name in _ATTRIBUTES
                   if getattr(scratch, name) != getattr(task, name)}
        if "enable_cache" in settings and isinstance(settings["enable_cache"], bool):
            changed["enable_caching"] = scratch.enable_caching  # wins over the file's run-level value
        if arguments or changed:
            previous = self.tasks.get(task_path, TaskOverride())
            self.tasks[task_path] = TaskOverride({**previous.arguments, **arguments},
                                                 {**previous.settings, **changed})

    def _call(self, task: PipelineTask, path: tuple, action: Callable[[], Any]) -> None:
        """Run a task method; what it reports is placed at the configuration's line."""
        from kfp_lite.dsl.tracing import PipelineBuilder

        with PipelineBuilder("config") as sink:
            action()
        for found in sink.diagnostics:
            self.diagnostics.append(dataclasses.replace(
                found, message=f"{dotted(path)}: {found.message}", location=self._where(path),
                task_path=task.path))

    def _argument(self, task: PipelineTask, path: tuple, name: str, value: Any) -> Any:
        """The value the configuration gives input ``name``, or ``_MISSING`` (with a problem
        reported, or because the code already passes the same value)."""
        from kfp_lite.dsl.interface import default_problem

        spec = task.spec.inputs.get(name)
        if spec is None:
            if name in task.spec.outputs:
                self._report(codes.CONFIG_NOT_SETTABLE, path,
                             f"'{name}' is an output of task '{task.name}', not an input", task=task)
                return _MISSING
            close = nearest(name, list(task.spec.inputs))
            self._report(codes.CONFIG_UNKNOWN_PARAMETER, path,
                         f"task '{task.name}' has no input '{name}'", task=task,
                         hint=f"did you mean '{close}'?" if close else
                         f"its inputs are: {', '.join(task.spec.inputs) or 'none'}")
            return _MISSING
        if spec.type.is_artifact or spec.type.parameter_type in BACKEND_FILLED:
            what = "an artifact input" if spec.type.is_artifact else "filled by the backend"
            self._report(codes.CONFIG_NOT_SETTABLE, path,
                         f"'{name}' of task '{task.name}' is {what}; a configuration sets parameters only",
                         task=task, hint=f"remove {dotted(path)}")
            return _MISSING
        if value is None:
            self._report(codes.CONFIG_BAD_VALUE, path, "null is not a value", task=task,
                         hint=f"give {spec.type.display_with_article()}, or remove the key")
            return _MISSING
        problem = default_problem(spec.type, value)
        if problem:
            self._report(codes.CONFIG_BAD_VALUE, path, f"the value {problem}", task=task,
                         hint=f"give {spec.type.display_with_article()}")
            return _MISSING
        if spec.type.parameter_type == NUMBER_DOUBLE and isinstance(value, int):
            value = float(value)  # a float input takes 1 as 1.0, as a pipeline default would
        code = task.arguments.get(name, _MISSING)
        if code is _MISSING or (code is None and spec.optional):
            return value
        wired = _wiring(task, code)
        if wired is not None:
            hint = (f"remove {dotted(path)} from {self._file()}; set the pipeline parameter under "
                    "parameters: instead" if wired.startswith("the pipeline parameter") else
                    f"remove {dotted(path)} from {self._file()}, or pass a constant in the code instead")
            self._report(codes.CONFIG_NOT_SETTABLE, path,
                         f"'{name}' of task '{task.name}' takes {wired} in the code, so the "
                         "configuration cannot set it", task=task, hint=hint)
            return _MISSING
        if _same(code, value):
            return _MISSING
        where = f" at {task.location}" if task.location else ""
        self._report(codes.CONFIG_CONFLICT, path, f"config={value!r} | code={_plain(code)!r}", task=task,
                     hint=f"give '{name}' in one place only: remove {dotted(path)} from {self._file()}, "
                     f"or drop {name}={_plain(code)!r} from the call{where}")
        return _MISSING

    # --- reporting ---------------------------------------------------------------------------
    def _file(self) -> str:
        from kfp_lite.diagnostics import display_path

        return display_path(self.config.file)

    def _where(self, path: tuple) -> Any:
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
