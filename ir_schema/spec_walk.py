"""Reading the structure of a compiled PipelineSpec: where each task input comes from, which
tasks a task waits for, what a DAG's outputs select, which component and executor a task
runs. One place knows the IR's key names, so the runner, ``graph``, ``cache-key`` and the
reference checks do not each walk raw string keys.

Standard library only and tolerant of any shape (a malformed document yields fewer items,
never an exception), so that ``validate`` can use it before the schema check has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Tuple

__all__ = [
    "COMPONENT_INPUT",
    "CONSTANT",
    "FINAL_STATUS",
    "TASK_OUTPUT",
    "UNKNOWN",
    "Iterator_",
    "OutputSelector",
    "Source",
    "TaskVisit",
    "component_of",
    "dag_output_selectors",
    "dag_tasks",
    "executor_of",
    "is_group",
    "iterator_of",
    "task_sources",
    "upstream",
    "walk_tasks",
]

COMPONENT_INPUT, TASK_OUTPUT, CONSTANT, FINAL_STATUS, UNKNOWN = (
    "component_input",
    "task_output",
    "constant",
    "final_status",
    "unknown",
)


def _map(value: Any) -> Dict[Any, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Source:
    """Where one task input comes from.

    ``kind`` is one of COMPONENT_INPUT (``key`` is the enclosing component's input),
    TASK_OUTPUT (``producer`` and its output ``key``), CONSTANT (``constant``), FINAL_STATUS
    (``producer``) or UNKNOWN (``raw`` holds the source as written). ``field`` is the IR key
    that names the source (``taskOutputParameter``, ...; empty for UNKNOWN), so a checker
    can point at it. Values are as written: a malformed document may give non-strings.
    """

    input: str
    artifact: bool
    kind: str
    producer: Any = None
    key: Any = None
    constant: Any = None
    selector: Optional[str] = None
    raw: Any = None
    field: str = ""


def _parameter_source(name: str, spec: Dict[str, Any]) -> Source:
    selector = spec.get("parameterExpressionSelector")
    selector = selector if isinstance(selector, str) else None
    if "componentInputParameter" in spec:
        field = "componentInputParameter"
        return Source(name, False, COMPONENT_INPUT, key=spec[field], selector=selector, field=field)
    if "taskOutputParameter" in spec:
        ref = _map(spec["taskOutputParameter"])
        return Source(
            name,
            False,
            TASK_OUTPUT,
            producer=ref.get("producerTask"),
            key=ref.get("outputParameterKey"),
            selector=selector,
            field="taskOutputParameter",
        )
    if "runtimeValue" in spec:
        runtime = _map(spec["runtimeValue"])
        return Source(
            name,
            False,
            CONSTANT,
            constant=runtime.get("constant"),
            selector=selector,
            raw=runtime,
            field="runtimeValue",
        )
    if "taskFinalStatus" in spec:
        ref = _map(spec["taskFinalStatus"])
        return Source(
            name, False, FINAL_STATUS, producer=ref.get("producerTask"), field="taskFinalStatus"
        )
    return Source(name, False, UNKNOWN, raw=spec)


def _artifact_source(name: str, spec: Dict[str, Any]) -> Source:
    if "taskOutputArtifact" in spec:
        ref = _map(spec["taskOutputArtifact"])
        return Source(
            name,
            True,
            TASK_OUTPUT,
            producer=ref.get("producerTask"),
            key=ref.get("outputArtifactKey"),
            field="taskOutputArtifact",
        )
    if "componentInputArtifact" in spec:
        field = "componentInputArtifact"
        return Source(name, True, COMPONENT_INPUT, key=spec[field], field=field)
    return Source(name, True, UNKNOWN, raw=spec)


def task_sources(task: Any) -> List[Source]:
    """The sources of a task's inputs: parameters first, then artifacts, in spec order."""
    inputs = _map(_map(task).get("inputs"))
    found = [_parameter_source(str(n), _map(s)) for n, s in _map(inputs.get("parameters")).items()]
    found += [_artifact_source(str(n), _map(s)) for n, s in _map(inputs.get("artifacts")).items()]
    return found


def upstream(task: Any) -> List[str]:
    """Tasks this one waits for: ``dependentTasks`` and every producer its inputs name,
    sorted and without repeats."""
    listed = _map(task).get("dependentTasks")
    names = {d for d in listed if isinstance(d, str)} if isinstance(listed, list) else set()
    for source in task_sources(task):
        if isinstance(source.producer, str):
            names.add(source.producer)
    return sorted(names)


@dataclass(frozen=True)
class OutputSelector:
    """One candidate for a DAG output: ``producer``'s output ``key``. ``oneof`` marks
    ``dsl.OneOf`` candidates (the first producer that ran wins). ``where`` is the path of
    the selector below the output's entry, e.g. ``("valueFromOneof", "parameterSelectors",
    1)``, so a checker can point at it. Values are as written (maybe not strings)."""

    output: str
    artifact: bool
    producer: Any
    key: Any
    oneof: bool
    where: Tuple[Any, ...] = ()


def _list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else []


def dag_output_selectors(component: Any) -> List[OutputSelector]:
    """The selectors of a DAG component's outputs, parameters first, in spec order."""
    outputs = _map(_map(_map(component).get("dag")).get("outputs"))
    found: List[OutputSelector] = []
    for name, spec in _map(outputs.get("parameters")).items():
        spec = _map(spec)
        selectors: List[Tuple[Tuple[Any, ...], Dict[str, Any], bool]] = []
        if "valueFromParameter" in spec:
            selectors.append((("valueFromParameter",), _map(spec["valueFromParameter"]), False))
        oneof = _list(_map(spec.get("valueFromOneof")).get("parameterSelectors"))
        selectors += [
            (("valueFromOneof", "parameterSelectors", i), _map(sel), True)
            for i, sel in enumerate(oneof)
        ]
        for where, sel, is_oneof in selectors:
            found.append(
                OutputSelector(
                    str(name),
                    False,
                    sel.get("producerSubtask"),
                    sel.get("outputParameterKey"),
                    is_oneof,
                    where,
                )
            )
    for name, spec in _map(outputs.get("artifacts")).items():
        raw = _list(_map(spec).get("artifactSelectors"))
        for index, sel in enumerate(raw):
            sel = _map(sel)
            found.append(
                OutputSelector(
                    str(name),
                    True,
                    sel.get("producerSubtask"),
                    sel.get("outputArtifactKey"),
                    len(raw) > 1,
                    ("artifactSelectors", index),
                )
            )
    return found


@dataclass(frozen=True)
class Iterator_:
    """A loop task's iterator: over a parameter (``raw`` JSON text or the input named
    ``items_input``) or over an artifact list (``items_input``)."""

    artifact: bool
    item_input: str
    raw: Optional[str]
    items_input: Optional[str]
    parallelism: int


def iterator_of(task: Any) -> Optional[Iterator_]:
    task = _map(task)
    limit = _map(task.get("iteratorPolicy")).get("parallelismLimit") or 0
    limit = int(limit) if isinstance(limit, (int, float)) else 0
    if "parameterIterator" in task:
        spec = _map(task["parameterIterator"])
        items = _map(spec.get("items"))
        raw = items.get("raw") if "raw" in items else None
        return Iterator_(
            False, str(spec.get("itemInput", "")), raw, items.get("inputParameter"), limit
        )
    if "artifactIterator" in task:
        spec = _map(task["artifactIterator"])
        items_input = _map(spec.get("items")).get("inputArtifact")
        return Iterator_(True, str(spec.get("itemInput", "")), None, items_input, limit)
    return None


def dag_tasks(component: Any) -> Dict[str, Any]:
    """The tasks of a DAG component (empty for a container component)."""
    return _map(_map(_map(component).get("dag")).get("tasks"))


def component_of(spec: Any, task: Any) -> Dict[str, Any]:
    """The component a task runs (empty when its ``componentRef`` names none)."""
    name = _map(_map(task).get("componentRef")).get("name")
    return _map(_map(_map(spec).get("components")).get(name)) if isinstance(name, str) else {}


def executor_of(spec: Any, component: Any) -> Dict[str, Any]:
    """The ``deploymentSpec`` executor of a component (empty for a DAG component)."""
    label = _map(component).get("executorLabel")
    executors = _map(_map(_map(spec).get("deploymentSpec")).get("executors"))
    return _map(executors.get(label)) if isinstance(label, str) else {}


def is_group(component: Any) -> bool:
    """A DAG component; an empty group (``with dsl.If(...): pass``) has neither a dag nor an
    executor in the spec, as kfp writes it."""
    component = _map(component)
    return "dag" in component or "executorLabel" not in component


@dataclass(frozen=True)
class TaskVisit:
    """A task found by :func:`walk_tasks`: its ``/``-joined path from the root DAG and the
    chain of ``(task name, task)`` pairs leading to it (itself last)."""

    path: str
    name: str
    task: Dict[str, Any]
    component: Dict[str, Any]
    chain: Tuple[Tuple[str, Dict[str, Any]], ...]


def walk_tasks(spec: Any) -> Iterator[TaskVisit]:
    """Every task of the pipeline, depth first from the root DAG (groups before their tasks).

    A component reached again through its own DAG is not entered twice (cyclic documents)."""

    def walk(
        component: Dict[str, Any], chain: tuple, prefix: str, seen: frozenset
    ) -> Iterator[TaskVisit]:
        for name, task in dag_tasks(component).items():
            task = _map(task)
            child = component_of(spec, task)
            here = chain + ((str(name), task),)
            path = f"{prefix}/{name}" if prefix else str(name)
            yield TaskVisit(path, str(name), task, child, here)
            ref = _map(task.get("componentRef")).get("name")
            if "dag" in child and ref not in seen:
                yield from walk(child, here, path, seen | {ref})

    yield from walk(_map(_map(spec).get("root")), (), "", frozenset())
