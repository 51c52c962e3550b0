"""The check pass: type compatibility of every edge, with kfp 2.17's acceptance rules.

One function per rule, each returning a diagnostic or None; ``check_pipeline`` runs them
over every task argument and pipeline output and collects everything.

Rules (as kfp): a parameter never feeds an artifact input or back; parameter types must
be equal in the IR (int does not feed float); artifacts need the same schema title and
major version, unless either side is the generic ``system.Artifact``; list-ness must match;
loop items whose type could not be inferred (``String``) are not checked.

Beyond types: ``dsl.OneOf`` / ``dsl.Collected`` misuse, dependency cycles made with
``.after()``, pipeline values put where they cannot be rendered (KFL402),
``IfPresentPlaceholder`` names, the lint of lightweight components (:mod:`.lint`) and the
best-practice warnings (:mod:`.practices`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterator, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import WARNING, Diagnostic
from kfp_lite.dsl import io_types
from kfp_lite.dsl.channels import (
    Collected,
    LoopArgument,
    LoopArgumentVariable,
    OneOfChannel,
    PipelineArtifactChannel,
    PipelineChannel,
    PipelineParameterChannel,
)
from kfp_lite.dsl.components import (
    BaseComponent,
    ContainerComponent,
    GraphComponent,
    PythonComponent,
)
from kfp_lite.dsl.interface import InputSpec, function_location
from kfp_lite.dsl.io_types import IOType
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.dsl.types import Artifact
from kfp_lite.ir_types import BACKEND_FILLED, PYTHON_TYPE_TEXT, number_problem

from .check_conditions import check_conditions
from .check_materialized import (
    check_materialized_argument,
    materializer_free_variables,
    refine_mismatch,
)
from .check_topology import check_self_use, check_topology
from .function_source import SourceReader
from .practices import component_practice_warnings, task_practice_warnings
from .topology import Topology, index

GENERIC_ARTIFACT = "system.Artifact"


# the type of a constant of each plain Python type, made once (an exact type: True is a bool)
_CONSTANT_TYPES: dict[type, IOType] = {
    python_type: io_types.parameter(text) for python_type, text in PYTHON_TYPE_TEXT.items()}


def given_type(value: Any) -> tuple[Optional[IOType], Optional[str]]:
    """(type of an argument, or None with the reason it cannot be passed)."""
    if isinstance(value, PipelineChannel):
        return value.io_type, None
    known = _CONSTANT_TYPES.get(type(value))
    if known is not None:
        return known, None
    if isinstance(value, tuple):
        return _CONSTANT_TYPES[list], None
    if isinstance(value, Artifact) or io_types.is_artifact_class(type(value)):
        return None, "an artifact object cannot be passed as a constant; artifacts come from task outputs or dsl.importer"
    if isinstance(value, type) and io_types.is_artifact_class(value):
        return None, "an artifact class is not a value; pass a task output of that type"
    if isinstance(value, PipelineTask):
        return None, f"a task was passed; pass one of its outputs, e.g. {value.name}.output"
    return None, f"a {type(value).__name__} cannot be passed; constants must be str, int, float, bool, list or dict"


def compatible(given: IOType, expected: IOType) -> bool:
    if given.is_artifact != expected.is_artifact:
        return False
    if not given.is_artifact:
        return given.parameter_type == expected.parameter_type
    if given.is_list != expected.is_list:
        return False
    if GENERIC_ARTIFACT in (given.schema_title, expected.schema_title):
        return True
    return (given.schema_title == expected.schema_title
            and given.schema_version.split(".")[0] == expected.schema_version.split(".")[0])


def describe(io: IOType) -> str:
    if io.is_artifact:
        return f"artifact {io.display()}"
    return f"parameter of type {io.display()}"


def check_argument(task: PipelineTask, name: str, value: Any, spec: InputSpec) -> Optional[Diagnostic]:
    if value is None and spec.optional:
        return None
    if isinstance(value, PipelineChannel):
        if value.invalid:
            return None
        given = value.io_type
        if isinstance(value, (LoopArgument, LoopArgumentVariable)) and value.channel_type == "String":
            return None
        if isinstance(value, OneOfChannel) and value.problem:
            return None
    else:
        if getattr(value, "invalid", None):
            return None
        known, problem = given_type(value)
        if known is None:
            return codes.BAD_ARGUMENT_VALUE(
                f"input '{name}' of task '{task.name}' got {value!r}: {problem}",
                location=task.location, task_path=task.path)
        given = known
        unstorable = number_problem(value) if type(value) is not str else None  # a str holds no number
        if unstorable:
            return codes.BAD_ARGUMENT_VALUE(
                f"input '{name}' of task '{task.name}' got a constant that {unstorable}",
                location=task.location, task_path=task.path,
                hint="pass a finite number within +/-2**53, or a string")
    if spec.type.parameter_type in BACKEND_FILLED:
        return codes.BAD_ARGUMENT_VALUE(
            f"input '{name}' of task '{task.name}' is filled by the backend and takes no argument",
            location=task.location, task_path=task.path, hint=f"drop '{name}=...'")
    if compatible(given, spec.type):
        return None
    source = ""
    if isinstance(value, PipelineChannel):
        if isinstance(value, Collected):
            source = f" (dsl.Collected of '{value.output.name}' of task '{value.output.task_name}')"
        elif value.task_name:
            source = f" (output '{value.name}' of task '{value.task_name}')"
        else:
            source = f" (pipeline parameter '{value.name}')"
    else:
        source = f" (the constant {value!r})"
    return codes.TYPE_MISMATCH(
        f"input '{name}' of task '{task.name}' expects {describe(spec.type)}, got {describe(given)}{source}",
        location=task.location, task_path=task.path, expected=describe(spec.type), got=describe(given),
        hint=_hint(name, given, spec.type))


def _hint(name: str, given: IOType, expected: IOType) -> str:
    if given.is_artifact and not expected.is_artifact:
        return (f"declare '{name}' as Input[{given.schema_title.split('.')[-1]}] in the component, or pass "
                "a parameter output")
    if expected.is_artifact and not given.is_artifact:
        return (f"pass an artifact output, or declare '{name}: {given.display()}' in the component")
    if not given.is_artifact and given.display() == "int" and expected.display() == "float":
        return "kfp does not widen int to float: annotate the input as float and pass 1.0, or annotate it int"
    if given.is_artifact and given.is_list != expected.is_list:
        return "wrap the loop output in dsl.Collected(...) for a list input" if expected.is_list else \
            "pass a single artifact, or make the input Input[List[...]]"
    return f"make the types match: pass {expected.display_with_article()}, or change the input's annotation"


def check_pipeline(graph: GraphComponent, type_check: bool = True, seen: Optional[set[int]] = None,
                   topology: Optional[Topology] = None, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """Every diagnostic of a pipeline: tracing, component interfaces, types, topology,
    conditions, sub-pipelines. ``topology`` is the index of ``graph`` and ``sources`` the
    reader of the functions' sources when the caller made them (the compiler shares them
    with the plan and the lowering)."""
    root = seen is None
    seen = seen if seen is not None else set()
    if id(graph) in seen:
        return []
    seen.add(id(graph))
    sources = sources if sources is not None else SourceReader()  # each function's source read once
    trace = graph.trace()
    diagnostics = list(graph.component_spec.diagnostics) + list(trace.diagnostics)
    diagnostics.extend(component_practice_warnings(graph, sources))
    tasks = list(trace.builder.tasks.values())
    diagnostics.extend(check_pipeline_shape(graph, tasks, root))
    by_name = {task.name: task for task in tasks}
    accepted: set[tuple[int, int]] = set()
    for task in tasks:
        component = task.component
        if isinstance(component, GraphComponent):
            diagnostics.extend(check_pipeline(component, type_check, seen, sources=sources))
        elif id(component) not in seen:
            seen.add(id(component))
            diagnostics.extend(check_component(component, sources))
        diagnostics.extend(check_task_arguments(task, type_check, by_name, accepted))
        diagnostics.extend(check_unrenderable(task))
        diagnostics.extend(check_passthroughs(task))
    diagnostics.extend(task_practice_warnings(tasks, sources))
    diagnostics.extend(check_fan_in(tasks, trace.outputs))
    diagnostics.extend(check_cycles(tasks))
    topology = topology if topology is not None and root else index(trace.builder)
    diagnostics.extend(check_topology(graph, topology))
    diagnostics.extend(check_conditions(topology))
    if root:
        diagnostics.extend(check_self_use(graph))
    for name, channel in trace.outputs.items():
        expected = graph.component_spec.outputs.get(name)
        if expected is None or not isinstance(channel, PipelineChannel) or channel.invalid:
            continue
        given = channel.io_type
        if not compatible(given, expected.type):
            d = codes.PIPELINE_OUTPUT_MISMATCH(
                f"pipeline output '{name}' is declared as {describe(expected.type)} but the returned value is "
                f"{describe(given)}", location=function_location(graph.pipeline_func),
                hint="change the pipeline's return annotation or return another output")
            diagnostics.append(d.with_severity(WARNING) if not type_check else d)
    return diagnostics


# channels that are only a task output or a pipeline parameter (not a loop item, OneOf or Collected)
_PLAIN_CHANNELS = frozenset({PipelineParameterChannel, PipelineArtifactChannel})


def check_task_arguments(task: PipelineTask, type_check: bool, by_name: dict[str, PipelineTask],
                         accepted: set[tuple[int, int]]) -> list[Diagnostic]:
    """Each argument of a task against its input: its type, its value, a materialized type.

    ``accepted`` holds the (channel type, input) pairs already found to need nothing, by id
    (both live as long as the pass): the tasks of a big pipeline share a few such pairs, and
    a plain channel of an accepted pair skips the checks.
    """
    found_all: list[Diagnostic] = []
    inputs = task.spec.inputs
    for name, value in task.arguments.items():
        spec = inputs.get(name)
        if spec is None:
            continue
        key = None
        if type(value) in _PLAIN_CHANNELS and not value.invalid and spec.materialized is None:
            key = (id(value.io_type), id(spec))
            if key in accepted:
                continue
        found = check_argument(task, name, value, spec)
        if found is not None and found.code == codes.TYPE_MISMATCH.code:
            found = refine_mismatch(found, value, spec, by_name)
        if found is None:
            found = check_materialized_argument(task, name, value, spec, by_name)
        if found is None:
            if key is not None:
                accepted.add(key)
            continue
        if not type_check and found.code == codes.TYPE_MISMATCH.code:
            found = found.with_severity(WARNING)
        found_all.append(found)
    return found_all


def check_passthroughs(task: PipelineTask) -> list[Diagnostic]:
    """A component that declares task config passthroughs receives only those settings: a
    resource or environment setting it does not pass through would silently do nothing (kfp
    rejects it too)."""
    declared = task.spec.task_config_passthroughs
    if not declared:
        return []
    fields = {p.field.name if hasattr(p.field, "name") else str(p.field) for p in declared}
    problems = []
    for field_name, used, what in (("RESOURCES", bool(task.resources), "resources"),
                                   ("ENV", bool(task.env), "environment variables")):
        if used and field_name not in fields:
            problems.append(codes.PASSTHROUGH_NOT_DECLARED(
                f"task '{task.name}' sets {what}, but its component passes through only "
                f"{', '.join(sorted(fields))}", location=task.location, task_path=task.path,
                hint=f"add dsl.TaskConfigField.{field_name} to the component's task_config_passthroughs, "
                     f"or drop the {what} from the task"))
    return problems


_PIPELINE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")


def check_pipeline_shape(graph: GraphComponent, tasks: list[PipelineTask], root: bool) -> list[Diagnostic]:
    """A pipeline needs a task, and the pipeline compiled needs a usable name."""
    location = function_location(graph.pipeline_func)
    problems = []
    if not tasks and not any(d.code == codes.PIPELINE_BODY_ERROR.code for d in graph.trace().diagnostics):
        problems.append(codes.EMPTY_PIPELINE(
            f"pipeline '{graph.pipeline_func.__name__}' defines no task", location=location,
            hint="call at least one component inside the @dsl.pipeline function"))
    if root and not _PIPELINE_NAME.match(graph.pipeline_name):
        problems.append(codes.BAD_PIPELINE_NAME(
            f"the pipeline name {graph.component_spec.name!r} becomes {graph.pipeline_name!r}, which is "
            "not a valid name (lowercase letters, digits and '-', starting with a letter or digit, "
            "at most 128 characters)", location=location,
            hint="set a name with @dsl.pipeline(name='my-pipeline')"))
    return problems


def check_component_source(component: PythonComponent, sources: Optional[SourceReader] = None) -> Optional[Diagnostic]:
    """A lightweight component ships its function's source, so it must be readable and plain."""
    import inspect

    func = component.python_func
    name = getattr(func, "__name__", "?")
    location = component.component_spec.location
    if name == "<lambda>":
        problem = "is a lambda; a component needs a def with a name"
    elif inspect.iscoroutinefunction(func):
        problem = "is async; the executor calls components synchronously"
    elif (sources or SourceReader()).lines(func) is not None:
        return None
    else:
        problem = "has no readable source (defined in an interactive session or generated)"
    return codes.BAD_COMPONENT_SOURCE(
        f"component function '{name}' {problem}", location=location,
        hint="define the component with a plain def in a .py file")


def check_component(component: BaseComponent, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """A component's own diagnostics: its interface, its placeholders, the lint of its body."""
    sources = sources or SourceReader()
    diagnostics = list(component.component_spec.diagnostics)
    if isinstance(component, PythonComponent):
        from .lint import free_variable_warnings

        source = check_component_source(component, sources)
        if source is not None:
            return [*diagnostics, source]

        extra = tuple(getattr(f, "__name__", "") for f in component.options.additional_funcs)
        diagnostics.extend(free_variable_warnings(component.python_func, extra, sources))
        diagnostics.extend(materializer_free_variables(component, sources))
    elif isinstance(component, ContainerComponent):
        diagnostics.extend(check_if_present(component))
        diagnostics.extend(check_container_channels(component))
    diagnostics.extend(component_practice_warnings(component, sources))
    return diagnostics


# --- placeholders of container components (KFL401, KFL402) ----------------------------------

def _placeholders(element: Any) -> list[Any]:
    """Every IfPresentPlaceholder in a command line, through lists, Concat and IfPresent."""
    from kfp_lite.dsl.placeholders import ConcatPlaceholder, IfPresentPlaceholder

    found: list[Any] = []
    stack = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, ConcatPlaceholder):
            stack.extend(item.items)
        elif isinstance(item, IfPresentPlaceholder):
            found.append(item)
            stack.extend([item.then, item.else_])
    return found


def check_if_present(component: ContainerComponent) -> list[Diagnostic]:
    """An IfPresentPlaceholder must name an optional input of its component."""
    container = component.user_container
    if container is None:
        return []
    spec = component.component_spec
    problems = []
    for placeholder in reversed(_placeholders([container.command or [], container.args or []])):
        name = placeholder.input_name
        location = placeholder.location or spec.location
        where = f"dsl.IfPresentPlaceholder(input_name={name!r}) in component '{spec.name}'"
        if name in spec.inputs and not spec.inputs[name].optional:
            problems.append(codes.BAD_PLACEHOLDER(
                f"{where} names the required input '{name}', which is always present; the "
                "'then' branch always applies" + (" and 'else_' never does" if placeholder.else_ else ""),
                location=location, severity=WARNING,
                hint=f"give '{name}' a default (e.g. '= None') to make it optional, or drop the placeholder"))
        elif name not in spec.inputs:
            import difflib  # only for a mistake

            close = difflib.get_close_matches(str(name), list(spec.inputs), n=1)
            what = "an output" if name in spec.outputs else "no input"
            problems.append(codes.BAD_PLACEHOLDER(
                f"{where} names {what} of the component", location=location,
                hint=f"did you mean '{close[0]}'?" if close else
                "input_name must be an optional input of the component: "
                + (", ".join(n for n, i in spec.inputs.items() if i.optional) or "it has none")))
    return problems


def check_container_channels(component: ContainerComponent) -> list[Diagnostic]:
    """A pipeline value captured into a container component's command has no run-time source."""
    container = component.container
    if container is None:
        return []
    texts = [container.image, *(container.command or []), *(container.args or [])]
    if not any(isinstance(t, str) and "{{channel:" in t for t in texts):
        return []
    return [codes.BAD_FSTRING(
        f"container component '{component.component_spec.name}' puts a pipeline value into its "
        "dsl.ContainerSpec; a container component only sees its own inputs",
        location=component.component_spec.location,
        hint="add an input to the component and pass the value when calling it")]


# --- values put where they cannot be rendered (KFL402) ----------------------------------------

def check_unrenderable(task: PipelineTask) -> list[Diagnostic]:
    """Pipeline values in dict keys, artifacts inside constants, values in env or names."""
    problems: list[Diagnostic] = []
    for name, value in task.arguments.items():
        if isinstance(value, PipelineChannel) or _inert(value):
            continue
        for key in _dict_keys(value):
            if isinstance(key, PipelineChannel) or (isinstance(key, str) and "{{channel:" in key):
                problems.append(_unrenderable(
                    task, f"input '{name}' of task '{task.name}' uses a pipeline value in a dict key; only "
                    "dict values are filled in at run time",
                    "build the dict inside the component, or pass the value as its own input"))
        for channel in _nested_channels(value) + task.pattern_channels(value):
            if channel.is_artifact:
                problems.append(_unrenderable(
                    task, f"input '{name}' of task '{task.name}' puts the artifact '{channel.full_name}' inside "
                    "a string, list or dict; only parameters can be rendered into a constant",
                    "pass the artifact to an Input[...] of its own and read its .path or .uri in "
                    "the component"))
                break
    for variable, value in task.env.items():
        if isinstance(value, PipelineChannel) or (isinstance(value, str) and "{{channel:" in value):
            problems.append(_unrenderable(
                task, f"environment variable '{variable}' of task '{task.name}' is set from a pipeline value; "
                "environment values are fixed when the pipeline is compiled",
                "pass the value as a component input instead"))
    if isinstance(task.display_name, str) and "{{channel:" in task.display_name:
        problems.append(_unrenderable(
            task, f"the display name of task '{task.name}' contains a pipeline value, which is shown "
            "literally", "use a constant display name", severity=WARNING))
    return problems


def _unrenderable(task: PipelineTask, message: str, hint: str, severity: Optional[str] = None) -> Diagnostic:
    return codes.BAD_FSTRING(message, location=task.location, task_path=task.path, hint=hint, severity=severity)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _inert(value: Any) -> bool:
    """Whether a constant is only scalars in lists, without a channel pattern: nothing in it
    can be a channel. Most arguments are; this one walk spares them the three below."""
    kind = type(value)
    if kind is str:
        return "{{channel:" not in value
    if kind in _SCALARS:
        return True
    if kind is not list and kind is not tuple:
        return False
    stack = list(value)
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if "{{channel:" in item:
                return False
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind not in _SCALARS:
            return False
    return True


def _dict_keys(value: Any) -> list[Any]:
    keys: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return keys


def _nested_channels(value: Any) -> list[PipelineChannel]:
    """Channel objects inside lists and dicts of a constant argument."""
    found: list[PipelineChannel] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, PipelineChannel):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


# --- dsl.OneOf and dsl.Collected (KFL305, KFL306) --------------------------------------------

def check_fan_in(tasks: list[PipelineTask], outputs: dict[str, Any]) -> list[Diagnostic]:
    """Each OneOf and Collected used by a task or returned by the pipeline, checked once."""
    problems: list[Diagnostic] = []
    done: set[int] = set()
    uses: list[tuple[Any, Optional[PipelineTask]]] = []
    fan_in = (OneOfChannel, Collected)  # the only channels checked here: the others are skipped early
    for task in tasks:
        for value in task.arguments.values():
            if isinstance(value, fan_in):
                uses.append((value, task))
            elif isinstance(value, (list, tuple, dict)) and not _inert(value):
                uses.extend((c, task) for c in _nested_channels(value) if isinstance(c, fan_in))
    uses.extend((c, None) for c in outputs.values())
    for channel, task in uses:
        if id(channel) in done:
            continue
        done.add(id(channel))
        found = None
        if isinstance(channel, OneOfChannel):
            found = check_oneof(channel)
        elif isinstance(channel, Collected):
            found = check_collected(channel)
        if found is not None:
            location = found.location or (task.location if task else None)
            problems.append(dataclasses.replace(found, location=location,
                                                task_path=task.path if task else None))
    return problems


def check_oneof(oneof: OneOfChannel) -> Optional[Diagnostic]:
    if oneof.problem:
        return codes.BAD_ONEOF(oneof.problem, location=oneof.location,
                               hint="pass dsl.OneOf one output of the same type from each branch of one "
                                    "dsl.If/dsl.Elif/dsl.Else chain, including the dsl.Else")
    by_group: dict[int, PipelineChannel] = {}
    for channel in oneof.channels:
        group = channel.task.parent_group if channel.task is not None else None
        if group is None:
            continue
        other = by_group.setdefault(id(group), channel)
        if other is not channel:
            return codes.BAD_ONEOF(
                f"dsl.OneOf gets '{other.full_name}' and '{channel.full_name}' from the same branch "
                f"'{group.name}'; at most one output of each branch can be picked",
                location=oneof.location,
                hint="pass one output per dsl.If/dsl.Elif/dsl.Else branch")
    return None


def check_collected(collected: Collected) -> Optional[Diagnostic]:
    if collected.invalid:
        return codes.BAD_COLLECTED(collected.invalid, location=collected.location,
                                   hint="wrap a task output: dsl.Collected(task.output)")
    if collected.output.task is None:
        return codes.BAD_COLLECTED(
            f"dsl.Collected got the pipeline parameter '{collected.output.name}'; it fans in the "
            "outputs of a task inside a dsl.ParallelFor", location=collected.location,
            hint="pass the parameter itself, or collect a task output produced in the loop")
    return None


# --- cycles (KFL303) ----------------------------------------------------------------------------

def _waited_for(task: PipelineTask) -> Iterator[tuple[PipelineTask, bool]]:
    """The tasks a task waits for, in order (data first), each with whether .after() named it."""
    for channel in task.channel_inputs:
        for one in (channel.channels if isinstance(channel, OneOfChannel) else (channel,)):
            # a Collected waits for its output's task; a dsl.Collected(3) or dsl.OneOf(3)
            # (reported by check_fan_in) holds a constant and waits for nothing
            producer = getattr(one, "task", None)
            if isinstance(producer, PipelineTask):
                yield producer, False
    for dep in task.explicit_dependencies:
        if isinstance(dep, PipelineTask):
            yield dep, True


def _upstream_edges(task: PipelineTask) -> dict[str, Optional[Any]]:
    """The tasks a task waits for -> where .after() named it (None for a data dependency)."""
    edges: dict[str, Optional[Any]] = {}
    for producer, after in _waited_for(task):
        if after:
            edges[producer.name] = task.after_locations.get(id(producer)) or task.location
        else:
            edges.setdefault(producer.name, None)
    return edges


def _waits_only_for_earlier(tasks: list[PipelineTask]) -> bool:
    """Whether every task waits only for tasks made before it, so that no cycle can exist.

    Nearly always true (an output exists before it is passed on; only .after() can point
    ahead), and cheaper to see than running Tarjan's algorithm over every task.
    """
    names = {t.name for t in tasks}
    earlier: set[str] = set()
    for task in tasks:
        for producer, _ in _waited_for(task):
            if producer.name in names and producer.name not in earlier:
                return False
        earlier.add(task.name)
    return True


def check_cycles(tasks: list[PipelineTask]) -> list[Diagnostic]:
    """Tasks that wait for each other (through data or .after()) can never start."""
    if _waits_only_for_earlier(tasks):
        return []
    return _cycles(tasks)


def _cycles(tasks: list[PipelineTask]) -> list[Diagnostic]:
    by_name = {t.name: t for t in tasks}
    graph = {t.name: {d: loc for d, loc in _upstream_edges(t).items() if d in by_name} for t in tasks}
    problems = []
    for component in _strongly_connected(graph):
        cycle = _a_cycle(component, graph)
        if not cycle:
            continue
        steps = []
        location = None
        for waiter, waited in zip(cycle, cycle[1:]):
            after = graph[waiter][waited]
            steps.append(f"'{waiter}' {'runs .after()' if after is not None else 'uses an output of'} "
                         f"'{waited}'")
            if after is not None and location is None:
                location = after
        problems.append(codes.DEPENDENCY_CYCLE(
            "tasks wait for each other in a cycle and can never start: " + ", ".join(steps),
            location=location or by_name[cycle[0]].location, task_path=by_name[cycle[0]].path,
            hint="remove the .after() that closes the cycle"))
    return problems


def _strongly_connected(graph: dict[str, dict[str, Any]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (pipelines may have thousands of tasks)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in graph[node]:
                    result.append(members)
    return result


def _a_cycle(members: list[str], graph: dict[str, dict[str, Any]]) -> list[str]:
    """A closed path through a strongly connected set: [a, b, ..., a]."""
    inside = set(members)
    start = min(members)
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in graph[node]:
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if child in inside and child not in parents:
                    parents[child] = node
                    following.append(child)
        frontier = following
    return []
