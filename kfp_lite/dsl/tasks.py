"""A task: one call of a component inside a pipeline, with its arguments and settings."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence, Union

from kfp_lite import codes

from .channels import (
    CHANNEL_PATTERN,
    OneOfChannel,
    PipelineChannel,
    find_channels,
    is_loop_channel,
    make_channel,
)
from .tracing import caching_default, current_builder, user_location

if TYPE_CHECKING:
    from .components import BaseComponent
    from .groups import TasksGroup
    from .interface import ComponentSpec

_CPU = re.compile(r"([0-9]*[.])?[0-9]+m?$")
_MEMORY = re.compile(r"^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki){0,1}$")
_DURATION = re.compile(r"^\s*(\d+)\s*([a-zA-Z]*)\s*$")
_DURATION_UNITS = {
    "": "s", "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d", "w": "w", "week": "w", "weeks": "w",
}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def duration_seconds(value: Any) -> Optional[int]:
    """'1h' / '90s' / '2 minutes' / 60 -> seconds; None when not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _DURATION.match(str(value))
    if not match or match.group(2).lower() not in _DURATION_UNITS:
        return None
    return int(match.group(1)) * _SECONDS[_DURATION_UNITS[match.group(2).lower()]]


class PipelineTask:
    """One instance of a component in a pipeline. Returned by calling a component."""

    # settings most tasks never change are class defaults: a pipeline makes thousands of tasks
    parent_group: Optional[TasksGroup] = None
    is_exit_task = False
    display_name: Optional[str] = None
    cache_key: Optional[str] = None
    retry_policy: Optional[dict] = None
    container_image: Optional[str] = None
    ignore_upstream_failure_tag = False
    # containers most tasks leave empty: shared read-only empties until the first write gives
    # the task its own (see _own)
    resources: Mapping[str, str] = MappingProxyType({})
    env: Mapping[str, str] = MappingProxyType({})
    explicit_dependencies: Sequence[Any] = ()  # tasks or exit-handler groups
    after_locations: Mapping[int, Any] = MappingProxyType({})  # id(dependency) -> where .after() named it
    # where each setting was made ('image', 'env:NAME', 'cpu_limit', ...), for lints
    setting_locations: Mapping[str, Any] = MappingProxyType({})
    hooks: Mapping[str, Any] = MappingProxyType({})

    def __init__(self, component: BaseComponent, arguments: dict[str, Any],
                 location: Any = None) -> None:
        """``arguments`` becomes the task's own (callers pass a new dict: no copy per task)."""
        builder = current_builder()
        self.component = component
        self.spec: ComponentSpec = component.component_spec
        self.location = location or user_location()
        self.arguments: dict[str, Any] = arguments
        self.enable_caching = builder.caching_default if builder is not None else caching_default()
        self.platform_config: dict = {}
        self._patterns: dict[str, PipelineChannel] = {}
        self.name = builder.add_task(self, component.task_base_name()) if builder else component.task_base_name()
        self.channel_inputs: list[PipelineChannel] = self._find_channel_inputs()

    @property
    def _outputs(self) -> dict[str, PipelineChannel]:
        """The task's output channels, made when first read (many tasks' outputs never are)."""
        outputs = self.__dict__.get("_output_channels")
        if outputs is None:
            outputs = self.__dict__["_output_channels"] = {
                name: make_channel(name, spec.type, self) for name, spec in self.spec.outputs.items()}
        return outputs

    def _own(self, name: str, make: Callable[[], Any]) -> Any:
        """The task's own container ``name`` (made on the first write), to change in place."""
        value = self.__dict__.get(name)
        if value is None:
            value = self.__dict__[name] = make()
        return value

    def _find_channel_inputs(self) -> list[PipelineChannel]:
        direct: list[PipelineChannel] = []
        constants: list[Any] = []  # only those that can hold channels: most arguments are plain
        for value in self.arguments.values():
            if isinstance(value, PipelineChannel):
                direct.append(value)
            elif isinstance(value, str):
                if "{{channel:" in value:
                    constants.append(value)
            elif isinstance(value, (list, tuple, dict)):
                constants.append(value)
        return direct + self._register_patterns(constants) if constants else direct

    def _register_patterns(self, value: Any) -> list[PipelineChannel]:
        """Channels written into constants (f-strings, lists, dicts).

        Like kfp, each becomes a plain channel with the same task, name and type: a loop
        item inside an f-string is read as a value, not as a loop argument.
        """
        found = []
        for channel in find_channels(value):
            plain = self._patterns.get(channel.pattern)
            if plain is None:
                plain = make_channel(channel.name, channel.io_type, channel.task) \
                    if not isinstance(channel, OneOfChannel) else channel
                if channel.task is None and channel.task_name:
                    plain = channel
                elif plain is not channel and is_loop_channel(channel):
                    plain.origin = channel  # the loop item it was written from
                self._patterns[channel.pattern] = plain
            if all(x is not plain for x in found):
                found.append(plain)
        return found

    def pattern_channels(self, value: Any) -> list[PipelineChannel]:
        """The plain channels whose patterns occur in a constant argument or setting."""
        found: list[PipelineChannel] = []
        texts = [value] if isinstance(value, str) else []
        if not texts:
            stack = [value]
            while stack:
                item = stack.pop()
                if isinstance(item, str):
                    texts.append(item)
                elif isinstance(item, dict):
                    stack.extend(item.keys())
                    stack.extend(item.values())
                elif isinstance(item, (list, tuple)):
                    stack.extend(item)
        for text in texts:
            if "{{channel:" not in text:
                continue
            for match in CHANNEL_PATTERN.finditer(text):
                channel = self._patterns.get(match.group(0))
                if channel is not None and all(x is not channel for x in found):
                    found.append(channel)
        return found

    # --- identity -----------------------------------------------------------------------
    @property
    def path(self) -> str:
        """``pipeline/for-loop-2/train``: where the task sits, for diagnostics."""
        parts = [self.name]
        group = self.parent_group
        while group is not None:
            parts.append(group.name)
            group = group.parent
        return "/".join(reversed(parts))

    def _report(self, code: Any, message: str, hint: Optional[str] = None) -> None:
        builder = current_builder()
        if builder is not None:
            builder.report(code(message, location=user_location(), task_path=self.path, hint=hint))

    # --- outputs ------------------------------------------------------------------------
    @property
    def outputs(self) -> TaskOutputs:
        return TaskOutputs(self)

    @property
    def output(self) -> PipelineChannel:
        if len(self._outputs) == 1:
            return next(iter(self._outputs.values()))
        names = ", ".join(f"'{n}'" for n in self._outputs) or "none"
        self._report(codes.AMBIGUOUS_OUTPUT,
                     f"task '{self.name}' has {len(self._outputs)} outputs ({names}), so .output is ambiguous"
                     if self._outputs else f"task '{self.name}' has no output, so .output has nothing to give",
                     hint="name one: " + ", ".join(f".outputs['{n}']" for n in self._outputs) if self._outputs else
                     "give the component a return annotation or an Output[...] parameter")
        placeholder = make_channel("Output", self.spec.outputs_placeholder_type(), self)
        placeholder.invalid = True  # already reported: later checks skip it
        return placeholder

    @property
    def inputs(self) -> dict[str, Any]:
        return self.arguments

    @property
    def dependent_tasks(self) -> list[str]:
        return [d.name for d in self.explicit_dependencies]

    # --- settings -----------------------------------------------------------------------
    def _needs_container(self, method: str) -> bool:
        if self.spec.kind != "container":
            self._report(codes.BAD_TASK_OPTION,
                         f"{method}() can only be used on single-step components, not on "
                         f"{'pipelines used as components' if self.spec.kind == 'graph' else 'importers'}",
                         hint="set it on the tasks inside the nested pipeline instead")
            return False
        return True

    def set_display_name(self, name: str) -> PipelineTask:
        if not isinstance(name, str):
            self._report(codes.BAD_TASK_OPTION, f"set_display_name() expects a string, got {type(name).__name__}")
        else:
            self.display_name = name
        return self

    def set_caching_options(self, enable_caching: bool, cache_key: Optional[str] = None) -> PipelineTask:
        if not isinstance(enable_caching, bool):
            self._report(codes.BAD_TASK_OPTION,
                         f"set_caching_options() expects True or False, got {enable_caching!r}")
        self.enable_caching = bool(enable_caching)
        self.cache_key = cache_key
        return self

    def _resource_value(self, method: str, value: Any, pattern: re.Pattern, what: str) -> Optional[str]:
        if isinstance(value, PipelineChannel):
            self._register_patterns(str(value))
            return str(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and what == "cpu":
            value = str(value)
        if not isinstance(value, str) or pattern.match(value) is None:
            hint = ('a number of cores or millicores, e.g. "2", "0.5" or "500m"' if what == "cpu" else
                    'a number of bytes with an optional unit, e.g. "512Mi", "4G", "1Ti"')
            self._report(codes.BAD_TASK_OPTION, f"{method}() got an invalid {what} value {value!r}",
                         hint=f"use {hint}")
            return None
        return value

    def set_cpu_request(self, cpu: Union[str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_cpu_request"):
            value = self._resource_value("set_cpu_request", cpu, _CPU, "cpu")
            if value is not None:
                self._own("resources", dict)["cpu_request"] = value
                self._own("setting_locations", dict)["cpu_request"] = user_location()
        return self

    def set_cpu_limit(self, cpu: Union[str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_cpu_limit"):
            value = self._resource_value("set_cpu_limit", cpu, _CPU, "cpu")
            if value is not None:
                self._own("resources", dict)["cpu_limit"] = value
                self._own("setting_locations", dict)["cpu_limit"] = user_location()
        return self

    def set_memory_request(self, memory: Union[str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_memory_request"):
            value = self._resource_value("set_memory_request", memory, _MEMORY, "memory")
            if value is not None:
                self._own("resources", dict)["memory_request"] = value
                self._own("setting_locations", dict)["memory_request"] = user_location()
        return self

    def set_memory_limit(self, memory: Union[str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_memory_limit"):
            value = self._resource_value("set_memory_limit", memory, _MEMORY, "memory")
            if value is not None:
                self._own("resources", dict)["memory_limit"] = value
                self._own("setting_locations", dict)["memory_limit"] = user_location()
        return self

    def set_accelerator_type(self, accelerator: Union[str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_accelerator_type"):
            if isinstance(accelerator, PipelineChannel):
                accelerator = str(accelerator)
                self._register_patterns(accelerator)
            elif not isinstance(accelerator, str) or not accelerator:
                self._report(codes.BAD_TASK_OPTION,
                             f"set_accelerator_type() expects a name such as 'nvidia.com/gpu', got {accelerator!r}")
                return self
            self._own("resources", dict)["accelerator_type"] = accelerator
            self._own("setting_locations", dict)["accelerator"] = user_location()
            self._own("resources", dict).setdefault("accelerator_count", "1")
        return self

    def set_accelerator_limit(self, limit: Union[int, str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_accelerator_limit"):
            if isinstance(limit, PipelineChannel):
                limit = str(limit)
                self._register_patterns(limit)
            else:
                if isinstance(limit, int) and not isinstance(limit, bool):
                    limit = str(limit) if limit >= 0 else "-"
                if not isinstance(limit, str) or re.match(r"^\d+$", limit) is None:
                    self._report(codes.BAD_TASK_OPTION,
                                 "set_accelerator_limit() expects a non-negative whole number",
                                 hint="e.g. .set_accelerator_limit(1)")
                    return self
            self._own("resources", dict)["accelerator_count"] = limit
        return self

    def set_gpu_limit(self, gpu: Union[int, str]) -> PipelineTask:
        self._report(codes.DEPRECATED, "set_gpu_limit() is deprecated; it works like set_accelerator_limit()",
                     hint="write .set_accelerator_limit(...)")
        return self.set_accelerator_limit(gpu)

    def add_node_selector_constraint(self, accelerator: str) -> PipelineTask:
        self._report(codes.DEPRECATED,
                     "add_node_selector_constraint() is deprecated; it works like set_accelerator_type()",
                     hint="write .set_accelerator_type(...)")
        return self.set_accelerator_type(accelerator)

    def set_env_variable(self, name: str, value: str) -> PipelineTask:
        if self._needs_container("set_env_variable"):
            if not isinstance(name, str) or not name:
                self._report(codes.BAD_TASK_OPTION, f"set_env_variable() needs a variable name, got {name!r}")
            else:
                self._own("env", dict)[name] = value
                self._own("setting_locations", dict)[f"env:{name}"] = user_location()
        return self

    def set_container_image(self, name: Union[str, PipelineChannel]) -> PipelineTask:
        if self._needs_container("set_container_image"):
            if isinstance(name, PipelineChannel):
                name = str(name)
            self.container_image = name
            self._own("setting_locations", dict)["image"] = user_location()
            for channel in self._register_patterns(name):
                if all(channel.pattern != c.pattern for c in self.channel_inputs):
                    self.channel_inputs.append(channel)
        return self

    def set_retry(self, num_retries: int, backoff_duration: Optional[str] = None,
                  backoff_factor: Optional[float] = None,
                  backoff_max_duration: Optional[str] = None) -> PipelineTask:
        problems = []
        if isinstance(num_retries, bool) or not isinstance(num_retries, int) or num_retries < 0:
            problems.append(f"num_retries must be a whole number >= 0, got {num_retries!r}")
        for label, value in (("backoff_duration", backoff_duration), ("backoff_max_duration", backoff_max_duration)):
            if value is not None and duration_seconds(value) is None:
                problems.append(f"{label} {value!r} is not a duration")
        if backoff_factor is not None and (isinstance(backoff_factor, bool) or not isinstance(backoff_factor, (int, float))):
            problems.append(f"backoff_factor must be a number, got {backoff_factor!r}")
        for problem in problems:
            self._report(codes.BAD_TASK_OPTION, f"set_retry(): {problem}",
                         hint="durations look like '30s', '5m', '1h'")
        if problems:
            return self
        policy: dict[str, Any] = {
            "backoffDuration": f"{duration_seconds(backoff_duration or '0s')}s",
            "backoffFactor": float(backoff_factor or 2.0),
            "backoffMaxDuration": f"{duration_seconds(backoff_max_duration or '3600s')}s",
        }
        if num_retries:
            policy["maxRetryCount"] = num_retries
        self.retry_policy = policy
        return self

    def set_debug_pause(self, before: bool = False, after: bool = True, on_error: bool = False) -> PipelineTask:
        for flag, env in ((before, "ARGO_DEBUG_PAUSE_BEFORE"), (after, "ARGO_DEBUG_PAUSE_AFTER"),
                          (on_error, "ARGO_DEBUG_PAUSE_ON_ERROR")):
            if flag:
                self.set_env_variable(env, "true")
        return self

    def after(self, *tasks: Any) -> PipelineTask:
        for task in tasks:
            if isinstance(task, PipelineTask):
                # the usual case, decided before the import below (a relative import in a
                # method runs part of the import system at every call)
                self._add_dependency(task)
                continue
            from .groups import ExitHandler, TasksGroup

            if isinstance(task, ExitHandler):
                self._add_dependency(task)
            elif isinstance(task, TasksGroup):
                self._report(codes.BAD_CONTROL_FLOW,
                             f".after() on the group '{task.name}' (dsl.{type(task).__name__}) is not supported",
                             hint="only tasks and dsl.ExitHandler groups can be given to .after()")
            else:
                self._report(codes.BAD_ARGUMENT_VALUE,
                             f".after() expects tasks, got {type(task).__name__}",
                             hint="pass the task object returned by calling a component")
        return self

    def _add_dependency(self, task: Any) -> None:
        self._own("explicit_dependencies", list).append(task)
        self._own("after_locations", dict).setdefault(id(task), user_location())

    def ignore_upstream_failure(self) -> PipelineTask:
        for name, spec in self.spec.inputs.items():
            if spec.type.parameter_type == "TASK_FINAL_STATUS":
                continue
            value = self.arguments.get(name)
            if isinstance(value, PipelineChannel) and not spec.optional and value.task is not None:
                self._report(codes.BAD_IGNORE_UPSTREAM,
                             f"task '{self.name}' uses .ignore_upstream_failure() but its input '{name}' "
                             f"takes the output of '{value.task.name}' and has no default",
                             hint=f"give '{name}' a default value in the component, so the task can run "
                                  "when the upstream task fails")
        self.ignore_upstream_failure_tag = True
        return self

    # hooks are a kfp_lite extension: see kfp_lite.dsl.hooks
    def configure(self, **options: Any) -> PipelineTask:
        """Set several settings at once with the step options of ``component.with_options``:
        ``enable_cache``, ``cache_key``, ``retries``, ``env``, ``resources``, ``display_name``,
        ``on_failure``, ``on_success``; an unknown key is KFL851 with a "did you mean"."""
        from .step_options import apply_step_options, unknown_option_problems

        builder = current_builder()
        for problem in unknown_option_problems(options, user_location()):
            if builder is not None:
                builder.report(problem)
        apply_step_options(self, options)
        return self

    def set_hooks(self, on_failure: Any = None, on_success: Any = None) -> PipelineTask:
        """Run ``on_failure`` / ``on_success`` (components) only when this task fails / succeeds."""
        from .hooks import attach_task_hooks

        new = {k: v for k, v in (("on_failure", on_failure), ("on_success", on_success))
               if v is not None}
        self._own("hooks", dict).update(new)
        if new:
            attach_task_hooks(self, new)
        return self

    def __repr__(self) -> str:
        return f"<PipelineTask {self.name}>"

    def __bool__(self) -> bool:
        return True


class TaskOutputs:
    """``task.outputs['name']`` with a diagnostic (and did-you-mean) for unknown names."""

    def __init__(self, task: PipelineTask) -> None:
        self._task = task

    def __getitem__(self, name: str) -> PipelineChannel:
        task = self._task
        channel = task._outputs.get(name)
        if channel is not None:
            return channel
        import difflib

        known = list(task._outputs)
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else (
            f"its outputs are {', '.join(repr(k) for k in known)}" if known else "it has no outputs")
        task._report(codes.UNKNOWN_OUTPUT, f"task '{task.name}' has no output named {name!r}", hint=hint)
        from . import io_types

        placeholder = make_channel(str(name) if re.match(r"^[A-Za-z][\w\s-]*$", str(name)) else "unknown",
                                   io_types.parameter("String"), task)
        placeholder.invalid = True  # already reported: later checks skip it
        return placeholder

    def __contains__(self, name: object) -> bool:
        return name in self._task._outputs

    def __iter__(self):
        return iter(self._task._outputs)

    def __len__(self) -> int:
        return len(self._task._outputs)

    def keys(self):
        return self._task._outputs.keys()

    def values(self):
        return self._task._outputs.values()

    def items(self):
        return self._task._outputs.items()

    def get(self, name: str, default: Any = None) -> Any:
        return self._task._outputs.get(name, default)


__all__ = ["PipelineTask", "OneOfChannel"]
