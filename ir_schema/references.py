"""Reference checks a JSON Schema cannot express: names that must point at something.

Every ``componentRef`` must name a component, every ``executorLabel`` an executor; a task's
inputs must come from siblings in the same DAG that have the output, or from inputs of the
enclosing component; ``dependentTasks`` must be siblings; DAGs and component references must
be acyclic; DAG outputs must name subtasks and their outputs; literal values must fit the
declared parameter types. The walk tolerates any shape (the schema check reports shape
errors) and visits each node a constant number of times, so it is linear in the document.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from kfp_lite.ir_schema import spec_walk as walk
from kfp_lite.ir_schema.problem import Problem, child, describe, did_you_mean

from kfp_lite.ir_types import accepts_proto

#: candidate lists longer than this get no did-you-mean (keeps huge documents linear)
_MAX_SUGGESTION_CANDIDATES = 2000
#: after this many problems, stop computing did-you-mean hints
_MAX_SUGGESTIONS = 200


def _map(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _names(value: Any) -> List[str]:
    return [k for k in _map(value) if isinstance(k, str)]


class _Checker:
    """Holds the lookup tables of one document while its components are checked."""

    def __init__(self, spec: Dict[str, Any]) -> None:
        self.spec = spec
        self.components = _map(spec.get("components"))
        self.executors = _map(_map(spec.get("deploymentSpec")).get("executors"))
        self.problems: List[Problem] = []
        self._suggestions = 0

    # -- reporting -----------------------------------------------------------------------------

    def report(self, path: str, message: str, hint: Optional[str] = None) -> None:
        self.problems.append(Problem(path, message, hint))

    def suggest(self, name: Any, candidates: Sequence[str]) -> Optional[str]:
        if self._suggestions >= _MAX_SUGGESTIONS or len(candidates) > _MAX_SUGGESTION_CANDIDATES:
            return None
        self._suggestions += 1
        return did_you_mean(name, candidates)

    def missing(self, path: str, name: Any, what: str, candidates: Sequence[str]) -> None:
        """Report that ``name`` is not one of ``candidates`` (described by ``what``)."""
        hint = self.suggest(name, candidates)
        if hint is None:
            hint = "there are none" if not candidates else None
        self.report(path, f"{name!r} is not {what}", hint)

    # -- components ----------------------------------------------------------------------------

    def run(self) -> List[Problem]:
        for name, component in self.components.items():
            self.check_component(child("components", str(name)), component)
        self.check_component("root", self.spec.get("root"))
        self.check_component_cycles()
        return self.problems

    def check_component(self, path: str, component: Any) -> None:
        component = _map(component)
        label = component.get("executorLabel")
        if isinstance(label, str) and label not in self.executors:
            self.missing(child(path, "executorLabel"), label, "an executor", _names(self.executors))
        self.check_definitions(path, component)
        dag = component.get("dag")
        if isinstance(dag, dict):
            self.check_dag(child(path, "dag"), dag, component)

    def check_definitions(self, path: str, component: Dict[str, Any]) -> None:
        params = _map(_map(component.get("inputDefinitions")).get("parameters"))
        for name, spec in params.items():
            spec = _map(spec)
            if "defaultValue" in spec:
                where = child(path, "inputDefinitions", "parameters", str(name), "defaultValue")
                self.check_literal(where, spec["defaultValue"], spec.get("parameterType"))

    def check_literal(self, path: str, value: Any, parameter_type: Any) -> None:
        """A literal must be a JSON value of the declared parameter type."""
        if isinstance(parameter_type, str) and not accepts_proto(parameter_type, value):
            self.report(path, f"{describe(value)} does not fit parameter type {parameter_type}")

    # -- DAGs ----------------------------------------------------------------------------------

    def check_dag(self, path: str, dag: Dict[str, Any], owner: Dict[str, Any]) -> None:
        tasks = _map(dag.get("tasks"))
        task_names = _names(tasks)
        inputs = _map(owner.get("inputDefinitions"))
        own_params = _names(inputs.get("parameters"))
        own_artifacts = _names(inputs.get("artifacts"))
        edges: Dict[str, List[str]] = {}
        for name, task in tasks.items():
            if not isinstance(name, str) or not isinstance(task, dict):
                continue
            tpath = child(path, "tasks", str(name))
            edges[name] = self.check_task(tpath, name, task, tasks, own_params, own_artifacts)
        self.check_cycles(child(path, "tasks"), edges)
        self.check_dag_outputs(path, _map(dag.get("outputs")), tasks, task_names, owner)

    def check_task(
        self,
        path: str,
        name: str,
        task: Dict[str, Any],
        siblings: Dict[str, Any],
        own_params: List[str],
        own_artifacts: List[str],
    ) -> List[str]:
        """Check one task; return the sibling tasks it depends on (data and explicit)."""
        ref = _map(task.get("componentRef")).get("name")
        target: Optional[Dict[str, Any]] = None
        if isinstance(ref, str):
            if ref in self.components:
                target = _map(self.components[ref])
            else:
                self.missing(
                    child(path, "componentRef", "name"),
                    ref,
                    "a component",
                    _names(self.components),
                )
        upstream: List[str] = []
        inputs = _map(task.get("inputs"))
        params = _map(inputs.get("parameters"))
        artifacts = _map(inputs.get("artifacts"))
        for source in walk.task_sources(task):
            section = "artifacts" if source.artifact else "parameters"
            ipath = child(path, "inputs", section, source.input)
            if source.artifact:
                found = self.check_artifact_source(ipath, name, source, siblings, own_artifacts)
            else:
                found = self.check_parameter_source(
                    ipath, name, source, siblings, own_params, target
                )
            upstream.extend(found)
        deps = task.get("dependentTasks")
        if isinstance(deps, list):
            for index, dep in enumerate(deps):
                if not isinstance(dep, str):
                    continue
                dpath = child(path, "dependentTasks", index)
                if dep == name:
                    self.report(dpath, f"task {name!r} depends on itself")
                elif dep not in siblings:
                    self.missing(dpath, dep, "a task of this DAG", _names(siblings))
                else:
                    upstream.append(dep)
        if target is not None:
            self.check_task_interface(path, task, params, artifacts, target, ref)
        return upstream

    def check_parameter_source(
        self,
        path: str,
        task_name: str,
        source: walk.Source,
        siblings: Dict[str, Any],
        own_params: List[str],
        target: Optional[Dict[str, Any]],
    ) -> List[str]:
        spath = child(path, source.field)
        if source.kind == walk.COMPONENT_INPUT:
            if isinstance(source.key, str) and source.key not in own_params:
                self.missing(
                    spath,
                    source.key,
                    "an input parameter of the enclosing component",
                    own_params,
                )
            return []
        if source.kind == walk.TASK_OUTPUT:
            return self.check_producer(
                spath,
                task_name,
                source.producer,
                source.key,
                "outputParameterKey",
                "parameters",
                siblings,
            )
        if source.kind == walk.FINAL_STATUS:
            return self.check_producer(spath, task_name, source.producer, None, "", "", siblings)
        if source.kind == walk.CONSTANT and target is not None and "constant" in source.raw:
            definitions = _map(_map(target.get("inputDefinitions")).get("parameters"))
            declared = _map(definitions.get(source.input)).get("parameterType")
            self.check_literal(child(spath, "constant"), source.constant, declared)
        return []

    def check_artifact_source(
        self,
        path: str,
        task_name: str,
        source: walk.Source,
        siblings: Dict[str, Any],
        own_artifacts: List[str],
    ) -> List[str]:
        spath = child(path, source.field)
        if source.kind == walk.COMPONENT_INPUT:
            if isinstance(source.key, str) and source.key not in own_artifacts:
                self.missing(
                    spath,
                    source.key,
                    "an input artifact of the enclosing component",
                    own_artifacts,
                )
            return []
        if source.kind == walk.TASK_OUTPUT:
            return self.check_producer(
                spath,
                task_name,
                source.producer,
                source.key,
                "outputArtifactKey",
                "artifacts",
                siblings,
            )
        return []

    def check_producer(
        self,
        path: str,
        consumer: str,
        producer: Any,
        output: Any,
        output_field: str,
        kind: str,
        siblings: Dict[str, Any],
        producer_field: str = "producerTask",
    ) -> List[str]:
        """A producer must be another task of the same DAG whose component has the output."""
        if not isinstance(producer, str):
            return []
        ppath = child(path, producer_field)
        if producer == consumer:
            self.report(ppath, f"task {consumer!r} consumes its own output")
            return []
        if producer not in siblings:
            self.missing(ppath, producer, "a task of this DAG", _names(siblings))
            return []
        if output_field and isinstance(output, str):
            self.check_output(child(path, output_field), producer, output, kind, siblings)
        return [producer]

    def check_output(
        self, path: str, producer: str, output: str, kind: str, siblings: Dict[str, Any]
    ) -> None:
        ref = _map(_map(siblings.get(producer)).get("componentRef")).get("name")
        if not isinstance(ref, str) or ref not in self.components:
            return  # reported at the producer
        outputs = _names(_map(_map(self.components[ref]).get("outputDefinitions")).get(kind))
        if output not in outputs:
            noun = "parameter" if kind == "parameters" else "artifact"
            self.missing(path, output, f"an output {noun} of task {producer!r} ({ref})", outputs)

    def check_task_interface(
        self,
        path: str,
        task: Dict[str, Any],
        params: Dict[str, Any],
        artifacts: Dict[str, Any],
        target: Dict[str, Any],
        ref: str,
    ) -> None:
        """Required inputs of the component must be given.

        A task may pass more inputs than its component declares: KFP does so for channels
        used in f-strings and placeholders and for resource settings taken from channels.
        So an undeclared input is only mentioned as a likely typo of a missing one.
        """
        definitions = _map(target.get("inputDefinitions"))
        fed_by_iterator = self.check_iterators(path, task, params, artifacts, definitions, ref)
        for kind, given in (("parameters", params), ("artifacts", artifacts)):
            noun = "parameter" if kind == "parameters" else "artifact"
            declared = _map(definitions.get(kind))
            undeclared: Optional[List[str]] = None
            for key, spec in declared.items():
                spec = _map(spec)
                if key in given or key in fed_by_iterator or spec.get("isOptional") is True:
                    continue
                if "defaultValue" in spec:
                    continue
                if undeclared is None:
                    undeclared = [k for k in given if isinstance(k, str) and k not in declared]
                hint = self.suggest(key, undeclared)
                if hint is not None:
                    hint = f"the task gives {hint[len('did you mean ') : -1]}; a typo?"
                self.report(
                    child(path, "inputs", kind),
                    f"required input {noun} {key!r} of component {ref!r} is not given",
                    hint,
                )

    def check_iterators(
        self,
        path: str,
        task: Dict[str, Any],
        params: Dict[str, Any],
        artifacts: Dict[str, Any],
        definitions: Dict[str, Any],
        ref: str,
    ) -> List[str]:
        """Check loop iterators; return the component inputs the iterator feeds."""
        fed: List[str] = []
        for field, kind, items_key in (
            ("parameterIterator", "parameters", "inputParameter"),
            ("artifactIterator", "artifacts", "inputArtifact"),
        ):
            iterator = task.get(field)
            if not isinstance(iterator, dict):
                continue
            noun = "parameter" if kind == "parameters" else "artifact"
            item_input = iterator.get("itemInput")
            declared = _names(definitions.get(kind))
            if isinstance(item_input, str):
                fed.append(item_input)
                if item_input not in declared:
                    self.missing(
                        child(path, field, "itemInput"),
                        item_input,
                        f"an input {noun} of component {ref!r}",
                        declared,
                    )
            source = _map(iterator.get("items")).get(items_key)
            given = params if kind == "parameters" else artifacts
            if isinstance(source, str) and source not in given:
                self.missing(
                    child(path, field, "items", items_key),
                    source,
                    f"an input {noun} of this task",
                    _names(given),
                )
        return fed

    def check_dag_outputs(
        self,
        path: str,
        outputs: Dict[str, Any],
        tasks: Dict[str, Any],
        task_names: List[str],
        owner: Dict[str, Any],
    ) -> None:
        declared = _map(owner.get("outputDefinitions"))
        selectors: Dict[tuple, List[walk.OutputSelector]] = {}
        for selector in walk.dag_output_selectors(owner):
            selectors.setdefault((selector.artifact, selector.output), []).append(selector)
        for kind, selector_key in (
            ("parameters", "outputParameterKey"),
            ("artifacts", "outputArtifactKey"),
        ):
            noun = "parameter" if kind == "parameters" else "artifact"
            produced = _map(outputs.get(kind))
            declared_names = _names(declared.get(kind))
            for key in produced:
                opath = child(path, "outputs", kind, str(key))
                if key not in _map(declared.get(kind)):
                    self.missing(opath, key, f"an output {noun} of this component", declared_names)
                for selector in selectors.get((kind == "artifacts", str(key)), []):
                    self.check_selector(
                        child(opath, *selector.where),
                        selector,
                        selector_key,
                        kind,
                        tasks,
                        task_names,
                    )
            for key in declared_names:
                if key not in produced:
                    self.report(
                        child(path, "outputs", kind),
                        f"output {noun} {key!r} of this component is not produced by its DAG",
                    )

    def check_selector(
        self,
        path: str,
        selector: walk.OutputSelector,
        output_field: str,
        kind: str,
        tasks: Dict[str, Any],
        task_names: List[str],
    ) -> None:
        producer = selector.producer
        if not isinstance(producer, str):
            return
        if producer not in tasks:
            self.missing(child(path, "producerSubtask"), producer, "a task of this DAG", task_names)
            return
        output = selector.key
        if isinstance(output, str):
            self.check_output(child(path, output_field), producer, output, kind, tasks)

    # -- cycles --------------------------------------------------------------------------------

    def check_cycles(self, path: str, edges: Dict[str, List[str]]) -> None:
        """Report one cycle per strongly connected knot of tasks (Kahn's algorithm)."""
        cycle = _find_cycle(edges)
        if cycle:
            loop = " needs ".join(repr(n) for n in cycle + [cycle[0]])
            self.report(
                child(path, cycle[0]),
                f"tasks depend on each other in a cycle: {loop}",
                "a task may not depend, directly or through its inputs, on its own result",
            )

    def check_component_cycles(self) -> None:
        edges: Dict[str, List[str]] = {}
        for name, component in self.components.items():
            if not isinstance(name, str):
                continue
            tasks = _map(_map(_map(component).get("dag")).get("tasks"))
            refs = [_map(_map(t).get("componentRef")).get("name") for t in tasks.values()]
            edges[name] = [r for r in refs if isinstance(r, str) and r in self.components]
        cycle = _find_cycle(edges)
        if cycle:
            loop = " uses ".join(repr(n) for n in cycle + [cycle[0]])
            self.report(
                child("components", cycle[0]),
                f"components contain themselves: {loop}",
                "a DAG component may not use itself, directly or through other components",
            )


def _find_cycle(edges: Dict[str, List[str]]) -> List[str]:
    """A cycle in the graph ``node -> upstream nodes`` (empty if acyclic). Linear time."""
    indegree: Dict[str, int] = {node: 0 for node in edges}
    for targets in edges.values():
        for target in targets:
            if target in indegree:
                indegree[target] += 1
    ready = [node for node, degree in indegree.items() if degree == 0]
    while ready:
        node = ready.pop()
        for target in edges.get(node, ()):
            if target in indegree:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
    remaining = {node for node, degree in indegree.items() if degree > 0}
    if not remaining:
        return []
    # every remaining node is needed by another remaining node: walk those back until a repeat
    needed_by: Dict[str, str] = {}
    for node in remaining:
        for target in edges.get(node, ()):
            if target in remaining:
                needed_by.setdefault(target, node)
    node = min(remaining)
    order: Dict[str, int] = {}
    walk: List[str] = []
    while node not in order:
        order[node] = len(walk)
        walk.append(node)
        node = needed_by[node]
    cycle = list(reversed(walk[order[node] :]))
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def reference_problems(spec: Dict[str, Any]) -> List[Problem]:
    """Reference problems of a PipelineSpec mapping (shape errors are left to the schema)."""
    return _Checker(spec).run()


def platform_problems(platform: Dict[str, Any], spec: Dict[str, Any]) -> List[Problem]:
    """Executor labels in the platform spec must be executors of the PipelineSpec."""
    executors = _names(_map(_map(spec.get("deploymentSpec")).get("executors")))
    known = set(executors)
    problems: List[Problem] = []
    for name, single in _map(platform.get("platforms")).items():
        configs = _map(_map(_map(single).get("deploymentSpec")).get("executors"))
        for label in configs:
            if label not in known:
                hint = did_you_mean(label, executors) if len(executors) < 2000 else None
                problems.append(
                    Problem(
                        child("platforms", str(name), "deploymentSpec", "executors", str(label)),
                        f"{label!r} is not an executor of the pipeline",
                        hint,
                        2,
                    )
                )
    return problems
