"""Components and the decorators that make them: ``@dsl.component``,
``@dsl.container_component``, ``@dsl.pipeline`` and ``dsl.importer``.

Calling a component inside a pipeline function creates a :class:`PipelineTask`. Argument
mistakes (positional arguments, unknown or missing inputs, arguments to outputs) are
reported to the pipeline trace; type checks happen later, in the compiler's check pass.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional

from kfp_lite import codes, services
from kfp_lite.diagnostics import Diagnostic

from . import io_types
from .channels import PipelineChannel, find_channels, make_channel
from .interface import (
    NO_DEFAULT,
    ComponentSpec,
    InputSpec,
    OutputSpec,
    extract_interface,
    function_location,
)
from .placeholders import (
    ContainerSpec,
    InputArtifactHandle,
    InputListOfArtifactsPlaceholder,
    InputPathPlaceholder,
    InputValuePlaceholder,
    OutputArtifactHandle,
    OutputListOfArtifactsPlaceholder,
    OutputParameterPlaceholder,
    OutputPathPlaceholder,
    element_to_string,
)
from .tasks import PipelineTask, TaskOutputs
from .tracing import (
    DiagnosticSink,
    PipelineBuilder,
    current_builder,
    sanitize_k8s_name,
    user_location,
)

DEFAULT_BASE_IMAGE = "python:3.11"


class BaseComponent:
    """Something that can be called inside a pipeline to make a task."""

    component_spec: ComponentSpec
    # set on copies made by with_options(); a class default keeps the per-call test cheap
    _step_options: Optional[dict] = None

    @property
    def name(self) -> str:
        return self.component_spec.name

    def task_base_name(self) -> str:
        return sanitize_k8s_name(self.component_spec.name)

    @property
    def description(self) -> Optional[str]:
        return self.component_spec.description

    def __call__(self, *args: Any, **kwargs: Any) -> PipelineTask:
        builder = current_builder()
        location = user_location(2)  # the caller of this method (or the first user frame above)
        if builder is None:
            return _call_outside_pipeline(self, args, kwargs)
        if not args and _binds_cleanly(self.component_spec.inputs, kwargs):
            arguments = kwargs  # a new dict at every call: the task can keep it
        else:
            arguments = self._bind_arguments(builder, location, args, kwargs)
        task = PipelineTask(self, arguments, location)
        self.after_task_created(task)
        options = self._step_options
        if options:
            from .step_options import apply_step_options

            pending = getattr(self, "_option_problems", ())
            if pending and id(builder) not in self._reported_to:  # type: ignore[attr-defined]
                self._reported_to.add(id(builder))  # type: ignore[attr-defined]
                for problem in pending:
                    builder.report(problem)
            apply_step_options(task, options)
        return task

    def _bind_arguments(self, builder: PipelineBuilder, location: Any, args: tuple,
                        kwargs: dict[str, Any]) -> dict[str, Any]:
        """The arguments of a call with something to report (positional, unknown or missing)."""
        display = sanitize_k8s_name(self.name)
        spec = self.component_spec
        arguments: dict[str, Any] = {}
        if args:
            builder.report(codes.POSITIONAL_ARGUMENT(
                f"component '{display}' was called with {len(args)} positional argument"
                f"{'s' if len(args) != 1 else ''}; components take keyword arguments only",
                location=location,
                hint="name each argument: " + ", ".join(
                    f"{n}=..." for n in list(self.accepted_inputs())[:len(args)]) if spec.inputs else None))
            for name, value in zip(self.accepted_inputs(), args):
                arguments[name] = value
        suggested: set[str] = set()
        for name, value in kwargs.items():
            if name in spec.inputs:
                arguments[name] = value
            elif name in spec.rejected:
                continue  # its annotation was already reported
            elif name in spec.outputs:
                builder.report(codes.ARGUMENT_TO_OUTPUT(
                    f"'{name}' of component '{display}' is an output; it cannot be given an argument",
                    location=location,
                    hint=f"drop '{name}=...'; read it after the call as task.outputs['{name}']"))
            else:
                import difflib

                close = difflib.get_close_matches(name, [n for n in spec.inputs if n not in kwargs], n=1)
                suggested.update(close)
                known = ", ".join(spec.inputs) or "none"
                builder.report(codes.UNKNOWN_ARGUMENT(
                    f"component '{display}' got an unexpected argument '{name}'",
                    location=location,
                    hint=f"did you mean '{close[0]}'?" if close else f"its inputs are: {known}"))
        for name, input_spec in spec.inputs.items():
            if name not in arguments and not input_spec.optional and name not in suggested:
                builder.report(codes.MISSING_ARGUMENT(
                    f"component '{display}' is missing the required argument '{name}' "
                    f"({input_spec.type.display()})",
                    location=location,
                    hint=f"pass {name}=... or give '{name}' a default in the component"))
        return arguments

    def accepted_inputs(self) -> list[str]:
        return list(self.component_spec.inputs)

    def with_options(self, on_failure: Any = None, on_success: Any = None, **options: Any) -> BaseComponent:
        """A configured copy (this component is unchanged) whose every task gets the step
        options: ``enable_cache``, ``cache_key``, ``retries``, ``env``, ``resources``,
        ``display_name``, ``on_failure``, ``on_success`` (see docs/step-options.md). An
        unknown key is reported (KFL851) when the copy is used in a pipeline."""
        import copy

        from .step_options import unknown_option_problems
        from .tracing import user_location

        if on_failure is not None:
            options["on_failure"] = on_failure
        if on_success is not None:
            options["on_success"] = on_success
        clone = copy.copy(self)
        merged = {**(self._step_options or {}), **options}
        clone._step_options = merged  # type: ignore[attr-defined]
        clone._option_problems = (  # type: ignore[attr-defined]
            *getattr(self, "_option_problems", ()),
            *unknown_option_problems(options, user_location()),
        )
        clone._reported_to = set()  # type: ignore[attr-defined]
        return clone

    def map(self, **arguments: Any) -> Any:
        """One task per position of the list arguments (zipped), in a dsl.ParallelFor.

        ``train.map(lr=[0.1, 0.01], data=ds.output)``: lists are mapped, everything else (and
        ``dsl.unmapped(x)``) goes to every task. The result's ``.outputs[...]``/``.output``
        are ``dsl.Collected`` lists. See docs/fan-out.md.
        """
        from .fan_out import fan_out

        return fan_out(self, arguments, "map")

    def product(self, **arguments: Any) -> Any:
        """One task per combination of the list arguments (their cartesian product)."""
        from .fan_out import fan_out

        return fan_out(self, arguments, "product")

    def after_task_created(self, task: PipelineTask) -> None:
        pass


def _binds_cleanly(inputs: dict[str, InputSpec], kwargs: dict[str, Any]) -> bool:
    """Whether keyword arguments name only inputs and give every required one: the usual call,
    which has nothing to report (a fast test, as a pipeline makes thousands of calls)."""
    if not kwargs.keys() <= inputs.keys():
        return False
    if len(kwargs) == len(inputs):
        return True
    for name, spec in inputs.items():
        if not spec.optional and name not in kwargs:
            return False
    return True


def _call_outside_pipeline(component: BaseComponent, args: tuple, kwargs: dict) -> Any:
    """Run the component now with what ``local.init`` registered; without it, explain how."""
    run_now = services.lookup(services.LOCAL_CALL)
    if run_now is None:
        what = "pipeline" if isinstance(component, GraphComponent) else "component"
        raise RuntimeError(
            f"{what} '{sanitize_k8s_name(component.name)}' was called outside a @dsl.pipeline function; call it "
            "inside a pipeline, or run it now on this machine after enabling local execution: "
            "`from kfp_lite import local; local.init(runner=local.SubprocessRunner())`")
    return run_now(component, args, kwargs)


@dataclass(frozen=True)
class PythonOptions:
    """Options of a lightweight Python component (``@dsl.component(...)``)."""

    base_image: str = DEFAULT_BASE_IMAGE
    target_image: Optional[str] = None
    packages_to_install: tuple[str, ...] = ()
    pip_index_urls: Optional[tuple[str, ...]] = None
    pip_trusted_hosts: Optional[tuple[str, ...]] = None
    use_venv: bool = False
    install_kfp_package: bool = True
    kfp_package_path: Optional[str] = None
    additional_funcs: tuple[Callable, ...] = field(default=(), compare=False)
    # files embedded in the command: an absolute path, and for a notebook component the
    # notebook's path inside them
    embedded_path: Optional[str] = None
    notebook: Optional[str] = None
    # the decorator's materializers: a Materializer class or {name: class}, for inputs and outputs
    input_materializers: Any = field(default=None, compare=False)
    output_materializers: Any = field(default=None, compare=False)


class PythonComponent(BaseComponent):
    """A lightweight component: a Python function run inside a container."""

    def __init__(self, func: Callable, options: PythonOptions) -> None:
        self.python_func = func
        self.options = options
        self.component_spec = extract_interface(
            func, materializers=(options.input_materializers, options.output_materializers))
        functools.update_wrapper(self, func)

    def execute(self, **kwargs: Any) -> Any:
        return self.python_func(**kwargs)


class ContainerComponent(BaseComponent):
    """A component that runs a given image with a command built from placeholders."""

    def __init__(self, func: Callable) -> None:
        self.python_func = func
        self.component_spec = extract_interface(func, containerized=True)
        self.user_container: Optional[ContainerSpec] = None  # as returned, before rendering
        self.container = self._evaluate(func)
        functools.update_wrapper(self, func)

    def _evaluate(self, func: Callable) -> Optional[ContainerSpec]:
        spec = self.component_spec
        arguments: dict[str, Any] = {}
        for name, input_spec in spec.inputs.items():
            if input_spec.type.is_artifact:
                if input_spec.type.is_list:
                    arguments[name] = InputListOfArtifactsPlaceholder(name)
                elif input_spec.style == "path":
                    arguments[name] = InputPathPlaceholder(name)
                else:
                    arguments[name] = InputArtifactHandle(name)
            else:
                arguments[name] = InputValuePlaceholder(name)
        for name, output_spec in spec.outputs.items():
            if output_spec.type.is_artifact:
                if output_spec.type.is_list:
                    arguments[name] = OutputListOfArtifactsPlaceholder(name)
                elif output_spec.style == "path":
                    arguments[name] = OutputPathPlaceholder(name)
                else:
                    arguments[name] = OutputArtifactHandle(name)
            else:
                arguments[name] = OutputParameterPlaceholder(name)
        location = function_location(func)
        with DiagnosticSink() as sink:
            try:
                result = func(**{k: v for k, v in arguments.items()
                                 if k in inspect.signature(func).parameters})
            except Exception as exc:  # the user's function body failed: report, don't crash
                sink.report(codes.BAD_CONTAINER_SPEC(
                    f"container component '{func.__name__}' raised {type(exc).__name__}: {exc}",
                    location=location))
                result = None
        spec.diagnostics.extend(sink.diagnostics)
        if result is None and not any(d.is_error for d in sink.diagnostics):
            spec.diagnostics.append(codes.BAD_CONTAINER_SPEC(
                f"container component '{func.__name__}' returned nothing", location=location,
                hint="return dsl.ContainerSpec(image=..., command=[...], args=[...])"))
            return None
        if result is None:
            return None
        if not isinstance(result, ContainerSpec):
            spec.diagnostics.append(codes.BAD_CONTAINER_SPEC(
                f"container component '{func.__name__}' returned {type(result).__name__}, not dsl.ContainerSpec",
                location=location, hint="return dsl.ContainerSpec(image=..., command=[...], args=[...])"))
            return None
        self.user_container = result
        with DiagnosticSink() as sink:
            command = [_render_element(e) for e in (result.command or [])]
            args = [_render_element(e) for e in (result.args or [])]
        spec.diagnostics.extend(d for d in sink.diagnostics)
        if not isinstance(result.image, str) or not result.image:
            spec.diagnostics.append(codes.BAD_CONTAINER_SPEC(
                f"container component '{func.__name__}' has no image", location=location,
                hint="dsl.ContainerSpec(image='python:3.11', ...)"))
        return ContainerSpec(image=result.image, command=command or None, args=args or None)


def _render_element(element: Any) -> Any:
    if isinstance(element, (InputArtifactHandle, OutputArtifactHandle)):
        codes_ = codes.BAD_PLACEHOLDER(
            f"artifact '{element._name}' is used by itself in the container command; use its "
            ".path, .uri or .metadata", location=None,
            hint=f"write {element._name}.path or {element._name}.uri")
        from .tracing import report

        report(codes_)
        return ""
    if isinstance(element, (int, float)) and not isinstance(element, bool):
        return str(element)
    return element_to_string(element)


class ImporterComponent(BaseComponent):
    """``dsl.importer``: brings an existing URI into the pipeline as an artifact."""

    def __init__(self, spec: ComponentSpec, artifact_type: io_types.IOType, metadata: Any,
                 reimport: bool, download_to_workspace: bool) -> None:
        self.component_spec = spec
        self.artifact_type = artifact_type
        self.metadata = metadata
        self.reimport = reimport
        self.download_to_workspace = download_to_workspace


def importer(artifact_uri: Any, artifact_class: type, reimport: bool = False,
             metadata: Optional[dict] = None, download_to_workspace: bool = False) -> PipelineTask:
    """Import an existing artifact by URI; the task's ``.output`` is the artifact."""
    builder = current_builder()
    location = user_location()
    if builder is None:
        raise RuntimeError("dsl.importer can only be used inside a @dsl.pipeline function")
    if not io_types.is_artifact_class(artifact_class):
        builder.report(codes.BAD_ARGUMENT_VALUE(
            f"dsl.importer artifact_class must be an artifact class, got {artifact_class!r}",
            location=location, hint="e.g. artifact_class=dsl.Dataset"))
        artifact_class = None  # type: ignore[assignment]
    artifact_type = (io_types.artifact_of_class(artifact_class) if artifact_class is not None
                     else io_types.artifact("system.Artifact"))
    inputs: dict[str, InputSpec] = {"uri": InputSpec("uri", io_types.parameter("String"))}
    call_inputs: dict[str, Any] = {}
    by_pattern: dict[str, str] = {}

    def metadata_input(channel: PipelineChannel) -> str:
        name = by_pattern.get(channel.pattern)
        if name is None:
            from .tracing import unique_name

            name = unique_name("metadata", call_inputs)
            by_pattern[channel.pattern] = name
            call_inputs[name] = channel
            inputs[name] = InputSpec(name, channel.io_type)
        return InputValuePlaceholder(name).to_string()

    def walk(value: Any) -> Any:
        if isinstance(value, PipelineChannel):
            return metadata_input(value)
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str):
            for channel in find_channels(value):
                value = value.replace(channel.pattern, metadata_input(channel))
        return value

    rendered = walk(metadata) if metadata else None
    spec = ComponentSpec(name="importer", inputs=inputs,
                         outputs={"artifact": OutputSpec("artifact", artifact_type)}, kind="importer")
    component = ImporterComponent(spec, artifact_type, rendered, reimport, download_to_workspace)
    return component(uri=artifact_uri, **call_inputs)


# --- pipelines --------------------------------------------------------------------------

@dataclass
class PipelineTrace:
    """The result of running a pipeline function once under a builder."""

    builder: PipelineBuilder
    outputs: dict[str, Any]
    diagnostics: list[Diagnostic]


class GraphComponent(BaseComponent):
    """A ``@dsl.pipeline``: a graph of tasks, compiled to a PipelineSpec or used as a task."""

    def __init__(self, func: Callable, name: Optional[str], description: Optional[str],
                 pipeline_root: Optional[str], display_name: Optional[str],
                 pipeline_config: Any = None, hooks: Optional[dict] = None) -> None:
        self.pipeline_func = func
        self.component_spec = extract_interface(func, name=name, description=description, is_pipeline=True)
        self.component_spec.kind = "graph"
        self.pipeline_root = pipeline_root
        self.display_name = display_name
        self.pipeline_config = pipeline_config
        self.hooks = dict(hooks or {})
        self.config_path: Optional[str] = None
        self.options: dict[str, Any] = {}
        self._trace: Optional[PipelineTrace] = None
        functools.update_wrapper(self, func)

    @property
    def pipeline_name(self) -> str:
        return sanitize_k8s_name(self.component_spec.name)

    def trace(self) -> PipelineTrace:
        """Run the pipeline function once (cached) and return what it built."""
        if self._trace is None:
            self._trace = self._run_trace()
        return self._trace

    def _run_trace(self) -> PipelineTrace:
        builder = PipelineBuilder(self.pipeline_name)
        spec = self.component_spec
        outputs: dict[str, Any] = {}
        arguments = {}
        with builder:
            for name, input_spec in spec.inputs.items():
                arguments[name] = make_channel(name, input_spec.type, None)
            with _hooks_scope(self, builder):
                try:
                    params = inspect.signature(self.pipeline_func).parameters
                    returned = self.pipeline_func(**{k: v for k, v in arguments.items() if k in params})
                except Exception as exc:  # a bug in the user's pipeline body: report it with its place
                    builder.report(_body_error(exc, self.pipeline_func))
                    returned = None
            outputs = _pipeline_outputs(returned, spec, builder, self.pipeline_func)
            if self.hooks and outputs:
                builder.report(codes.BAD_HOOK(
                    f"pipeline '{self.name}' has on_failure/on_success hooks and returns outputs; "
                    "its body runs inside an exit handler, and kfp takes pipeline outputs only "
                    "from the top level", location=function_location(self.pipeline_func),
                    hint="drop the hooks, or return nothing and let a task publish the result"))
                outputs = {}
        return PipelineTrace(builder, outputs, builder.diagnostics)

    def with_options(self, config_path: Optional[str] = None, enable_cache: Optional[bool] = None,
                     on_failure: Any = None, on_success: Any = None,
                     **unknown: Any) -> GraphComponent:
        """A configured copy: ``my_pipeline.with_options(config_path='run.yaml')``."""
        import copy

        from .keywords import refuse_unknown

        refuse_unknown(f"{self.name}.with_options()", unknown,
                       ("config_path", "enable_cache", "on_failure", "on_success"))
        clone = copy.copy(self)
        clone._trace = None
        hooks = {k: v for k, v in (("on_failure", on_failure), ("on_success", on_success)) if v is not None}
        clone.hooks = {**self.hooks, **hooks}
        clone.options = dict(self.options)
        if config_path is not None:
            clone.config_path = config_path
        if enable_cache is not None:
            clone.options["enable_cache"] = enable_cache
        return clone


def _hooks_scope(pipeline: GraphComponent, builder: PipelineBuilder) -> Any:
    """The body's exit handler and hooks when the pipeline has any (see kfp_lite.dsl.hooks)."""
    if not pipeline.hooks:
        return contextlib.nullcontext()
    from .hooks import pipeline_hooks

    return pipeline_hooks(pipeline, builder)


def _body_error(exc: BaseException, func: Callable) -> Diagnostic:
    """A diagnostic pointing at the user's line where the pipeline body raised."""
    from kfp_lite.diagnostics import SourceLocation

    from .tracing import _is_internal

    location = function_location(func)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not _is_internal(filename):
            location = SourceLocation(filename, tb.tb_lineno, 1)
        tb = tb.tb_next
    return codes.PIPELINE_BODY_ERROR(
        f"the pipeline function '{func.__name__}' raised {type(exc).__name__}: {exc}",
        location=location,
        hint="the body of a @dsl.pipeline runs once at compile time to build the graph; "
             "run-time logic belongs in components")


def _pipeline_outputs(returned: Any, spec: ComponentSpec, builder: PipelineBuilder,
                      func: Callable) -> dict[str, Any]:
    location = function_location(func)
    if returned is None:
        result: dict[str, Any] = {}
    elif isinstance(returned, PipelineTask):
        builder.report(codes.BAD_PIPELINE_OUTPUT(
            f"pipeline '{func.__name__}' returns a task, not a task output", location=location,
            hint="return task.output or task.outputs['name']"))
        return {}
    elif isinstance(returned, PipelineChannel):
        result = {"Output": returned}
    elif isinstance(returned, tuple) and hasattr(returned, "_asdict"):
        result = dict(returned._asdict())
    elif isinstance(returned, dict):
        result = dict(returned)
    elif isinstance(returned, TaskOutputs):  # `return task.outputs`: every output of the task
        result = {name: returned[name] for name in returned}
    else:
        builder.report(codes.BAD_PIPELINE_OUTPUT(
            f"pipeline '{func.__name__}' returns {type(returned).__name__} {returned!r}; a pipeline can "
            "only return task outputs", location=location,
            hint="return task.output, or a NamedTuple of task outputs"))
        return {}
    for key, value in result.items():
        if not isinstance(value, PipelineChannel):
            builder.report(codes.BAD_PIPELINE_OUTPUT(
                f"pipeline output '{key}' of '{func.__name__}' is {value!r}, not a task output",
                location=location, hint="pipeline outputs must come from tasks"))
    for key in result:
        if key not in spec.outputs:
            builder.report(codes.BAD_PIPELINE_OUTPUT(
                f"pipeline '{func.__name__}' returns output '{key}' that its return annotation does not declare",
                location=location, hint="annotate the pipeline's return type, e.g. '-> int' or a NamedTuple"))
    for key in spec.outputs:
        if key not in result:
            builder.report(codes.BAD_PIPELINE_OUTPUT(
                f"pipeline '{func.__name__}' declares output '{key}' but does not return it",
                location=location))
    return {k: v for k, v in result.items() if isinstance(v, PipelineChannel)}


# --- decorators ---------------------------------------------------------------------------

def component(func: Optional[Callable] = None, *, base_image: Optional[str] = None,
              target_image: Optional[str] = None, packages_to_install: Optional[List[str]] = None,
              pip_index_urls: Optional[List[str]] = None, output_component_file: Optional[str] = None,
              install_kfp_package: bool = True, kfp_package_path: Optional[str] = None,
              pip_trusted_hosts: Optional[List[str]] = None, use_venv: bool = False,
              additional_funcs: Optional[List[Callable]] = None,
              embedded_artifact_path: Optional[str] = None,
              task_config_passthroughs: Optional[List[Any]] = None,
              input_materializers: Any = None, output_materializers: Any = None,
              **unsupported: Any) -> Any:
    """Make a lightweight Python component from a function (bare or with options).

    ``input_materializers`` / ``output_materializers`` (a ``dsl.Materializer`` class, or a dict
    from input/output name to one) choose how typed values are stored (docs/materializers.md).

    ``embedded_artifact_path`` (a file or folder) is packed into the component; the function
    reads it through a ``dsl.EmbeddedInput[...]`` parameter. ``task_config_passthroughs``
    lists the task settings (``dsl.TaskConfigField``) the component receives in a
    ``dsl.TaskConfig`` input.
    """
    options = dict(base_image=base_image, target_image=target_image,
                   packages_to_install=packages_to_install, pip_index_urls=pip_index_urls,
                   output_component_file=output_component_file, install_kfp_package=install_kfp_package,
                   kfp_package_path=kfp_package_path, pip_trusted_hosts=pip_trusted_hosts,
                   use_venv=use_venv, additional_funcs=additional_funcs,
                   embedded_artifact_path=embedded_artifact_path,
                   task_config_passthroughs=task_config_passthroughs,
                   input_materializers=input_materializers,
                   output_materializers=output_materializers, **unsupported)
    if func is None:
        return functools.partial(component, **options)
    return _python_component(func, **options)


def _python_component(func: Callable, *, base_image: Optional[str], target_image: Optional[str],
                      packages_to_install: Optional[List[str]], pip_index_urls: Optional[List[str]],
                      output_component_file: Optional[str], install_kfp_package: bool,
                      kfp_package_path: Optional[str], pip_trusted_hosts: Optional[List[str]],
                      use_venv: bool, additional_funcs: Optional[List[Callable]],
                      embedded_artifact_path: Optional[str], task_config_passthroughs: Optional[List[Any]],
                      notebook_path: Optional[str] = None, input_materializers: Any = None,
                      output_materializers: Any = None, **unsupported: Any) -> PythonComponent:
    import os

    location = function_location(func)
    problems: list[Diagnostic] = []
    embedded = notebook_path if notebook_path is not None else embedded_artifact_path
    notebook = None
    if notebook_path is not None:
        from .notebooks import notebook_file

        notebook, problem = notebook_file(notebook_path)
        if problem:
            problems.append(codes.BAD_EMBEDDED_PATH(
                f"@dsl.notebook_component of '{func.__name__}': {problem}", location=location,
                hint="paths are relative to the working directory; build them from __file__ "
                     "to compile from anywhere"))
    elif embedded is not None and not os.path.exists(embedded):
        problems.append(codes.BAD_EMBEDDED_PATH(
            f"embedded_artifact_path '{embedded}' of component '{func.__name__}' does not exist",
            location=location, hint="paths are relative to the working directory; build them "
                                    "from __file__ to compile from anywhere"))
    options = PythonOptions(
        base_image=base_image or DEFAULT_BASE_IMAGE,
        target_image=target_image,
        packages_to_install=tuple(packages_to_install or ()),
        pip_index_urls=tuple(pip_index_urls) if pip_index_urls is not None else None,
        pip_trusted_hosts=tuple(pip_trusted_hosts) if pip_trusted_hosts is not None else None,
        use_venv=use_venv,
        install_kfp_package=install_kfp_package,
        kfp_package_path=kfp_package_path,
        additional_funcs=tuple(additional_funcs or ()),
        embedded_path=os.path.abspath(embedded) if embedded is not None and not problems else None,
        notebook=notebook,
        input_materializers=input_materializers,
        output_materializers=output_materializers,
    )
    comp = PythonComponent(func, options)
    spec = comp.component_spec
    spec.diagnostics.extend(problems)
    from .materialized import unshippable

    for problem in unshippable(spec):
        spec.diagnostics.append(codes.BAD_MATERIALIZER(
            f"component '{func.__name__}': {problem}", location=location,
            hint="define the materializer at the top level of a module, importing libraries "
                 "inside its methods"))
    try:
        if task_config_passthroughs is not None:  # the module (an IntEnum) loads only when used
            from .component_task_config import passthroughs_of

            spec.task_config_passthroughs = passthroughs_of(task_config_passthroughs) or ()
    except (TypeError, ValueError):
        spec.diagnostics.append(codes.BAD_COMPONENT_OPTION(
            f"task_config_passthroughs of '{func.__name__}' must list dsl.TaskConfigField or "
            f"dsl.TaskConfigPassthrough values, got {task_config_passthroughs!r}", location=location))
    if spec.embedded and embedded is None:
        spec.diagnostics.append(codes.EMBEDDED_INPUT_WITHOUT_FILES(
            f"component '{func.__name__}' takes the dsl.EmbeddedInput '{spec.embedded[0]}' but "
            "embeds no files", location=location,
            hint="give the decorator embedded_artifact_path='path/to/files'"))
    for key in unsupported:
        spec.diagnostics.append(codes.BAD_COMPONENT_OPTION(
            f"@dsl.component got an unknown option '{key}'", location=location))
    if output_component_file:
        write = services.lookup(services.COMPONENT_WRITER)  # the compiler's, see kfp_lite.services
        if write is None:
            raise RuntimeError("output_component_file needs the compiler: import kfp_lite.compiler, "
                               "or call compiler.Compiler().compile(component, path) yourself")
        write(comp, output_component_file)
    return comp


def container_component(func: Callable) -> ContainerComponent:
    """Make a container component from a function returning ``dsl.ContainerSpec``."""
    return ContainerComponent(func)


def pipeline(func: Optional[Callable] = None, *, name: Optional[str] = None,
             description: Optional[str] = None, pipeline_root: Optional[str] = None,
             display_name: Optional[str] = None, pipeline_config: Any = None,
             on_failure: Any = None, on_success: Any = None) -> Any:
    """Make a pipeline from a function that wires component calls together."""
    if func is None:
        return functools.partial(pipeline, name=name, description=description, pipeline_root=pipeline_root,
                                 display_name=display_name, pipeline_config=pipeline_config,
                                 on_failure=on_failure, on_success=on_success)
    hooks = {k: v for k, v in (("on_failure", on_failure), ("on_success", on_success)) if v is not None}
    return GraphComponent(func, name, description, pipeline_root, display_name, pipeline_config, hooks)


__all__ = ["BaseComponent", "PythonComponent", "ContainerComponent", "GraphComponent",
           "ImporterComponent", "component", "container_component", "pipeline", "importer",
           "NO_DEFAULT"]
