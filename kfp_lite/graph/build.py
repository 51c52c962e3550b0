"""Turn a compiled PipelineSpec (the IR as a dict) into a :class:`Graph`.

Data is followed through group boundaries: a task inside a loop that reads a pipeline
input gets its arrow straight from that input, and a task reading ``dsl.Collected`` or
``dsl.OneOf`` values gets one arrow from each producing task. Groups become clusters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Dict, List, Mapping, Optional, Tuple

from kfp_lite.ir_schema import spec_walk as walk

from . import labels
from .model import (
    AFTER,
    ARTIFACT,
    BRANCHES_GROUP,
    CONDITION,
    CONDITION_GROUP,
    EXIT,
    EXIT_GROUP,
    INPUT,
    LOOP_GROUP,
    LOOP_ITEM,
    OUTPUT,
    PARAMETER,
    PIPELINE_GROUP,
    TASK,
    Cluster,
    Edge,
    Graph,
    Node,
)

_GROUP_NAME = re.compile(r"^(condition-branches|condition|for-loop|exit-handler)-(\d+)$")


class NotAPipelineSpec(ValueError):
    """The document is not a compiled KFP PipelineSpec."""


def spec_to_graph(pipeline_spec: Mapping) -> Graph:
    """Build the graph of a compiled pipeline (document 1 of a PipelineSpec YAML)."""
    if not isinstance(pipeline_spec, Mapping):
        raise NotAPipelineSpec("the document is not a mapping")
    root = pipeline_spec.get("root")
    if not isinstance(root, Mapping) or not isinstance(root.get("dag"), Mapping):
        raise NotAPipelineSpec("it has no 'root' component with a 'dag'")
    return _Builder(pipeline_spec).build()


@dataclass(frozen=True)
class _Source:
    """Where a value comes from: a node (or cluster) and the name it leaves under."""

    id: str
    key: str
    kind: str
    text: str  # how a condition or loop label names it: "flip.Output", "threshold"
    artifact_type: Optional[str] = None
    collected: bool = False


@dataclass(frozen=True)
class _Scope:
    """One DAG: the root, a group or a nested pipeline, with the task that runs it."""

    path: str
    kind: str
    component: Mapping
    cluster: Optional[str]
    parent: Optional[_Scope]
    task: Mapping  # the task of the parent DAG that runs this DAG ({} for the root)
    item_input: Optional[str] = None  # a loop's item input name
    item_node: Optional[str] = None

    @property
    def tasks(self) -> Mapping:
        return _mapping(_mapping(self.component.get("dag")).get("tasks"))


@dataclass(frozen=True)
class _Ref:
    """What a task name of a DAG stands for in the drawing."""

    id: str
    task: Mapping
    component: Mapping
    group_kind: Optional[str]  # None for a leaf task

    @property
    def display(self) -> str:
        return str(_mapping(self.task.get("taskInfo")).get("name") or "")


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


class _Ids:
    """Mermaid- and dot-safe ids, unique within one graph, stable for the same spec."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def make(self, prefix: str, raw: str, fallback: Optional[str] = None) -> str:
        """``prefix`` + ``raw`` made safe; ``fallback`` (a longer name) if that is taken."""
        base = prefix + re.sub(r"[^A-Za-z0-9_]", "_", raw)
        if base in self._used and fallback is not None:
            return self.make(prefix, fallback)
        candidate, n = base, 1
        while candidate in self._used:
            n += 1
            candidate = f"{base}_{n}"
        self._used.add(candidate)
        return candidate


class _Builder:
    def __init__(self, spec: Mapping) -> None:
        self.components = _mapping(spec.get("components"))
        self.root = _mapping(spec.get("root"))
        self.name = str(_mapping(spec.get("pipelineInfo")).get("name") or "pipeline")
        self.ids = _Ids()
        self.nodes: List[Node] = []
        self.pending_clusters: List[Tuple[str, _Scope]] = []
        self.edges: Dict[Tuple[str, str, str, str], Edge] = {}
        self.scopes: Dict[str, _Scope] = {}
        self.refs: Dict[Tuple[str, str], _Ref] = {}
        self.inputs: Dict[str, Tuple[str, str, Optional[str]]] = {}  # name -> id, kind, type

    # -- phase 1: every node, cluster and scope, in a stable order ---------------------------

    def build(self) -> Graph:
        root_scope = _Scope("", "", self.root, None, None, {})
        self.scopes[""] = root_scope
        self._add_pipeline_inputs()
        self._walk(root_scope)
        outputs = self._add_pipeline_outputs()
        # -- phase 2: labels and edges, which may look into any scope
        clusters = [self._cluster(cluster_id, scope) for cluster_id, scope in self.pending_clusters]
        for scope in list(self.scopes.values()):
            for name in sorted(scope.tasks):
                self._task_edges(scope, name)
        self._output_edges(outputs)
        return Graph(self.name, tuple(self.nodes), tuple(clusters), tuple(self.edges.values()))

    def _add_pipeline_inputs(self) -> None:
        definitions = _mapping(self.root.get("inputDefinitions"))
        params = _mapping(definitions.get("parameters"))
        artifacts = _mapping(definitions.get("artifacts"))
        for name in sorted(set(params) | set(artifacts)):
            node_id = self.ids.make("input_", name)
            if name in params:
                spec = _mapping(params[name])
                ir_type = spec.get("parameterType")
                label = f"in {name}: {labels.parameter_type(ir_type)}"
                if "defaultValue" in spec:
                    label += f" = {labels.default_value(spec['defaultValue'], ir_type)}"
                elif spec.get("isOptional"):
                    label += " = None"
                self.inputs[name] = (node_id, PARAMETER, None)
                self.nodes.append(Node(node_id, INPUT, label, None, name, PARAMETER))
            else:
                type_name = labels.artifact_type(_mapping(artifacts[name]))
                self.inputs[name] = (node_id, ARTIFACT, type_name)
                label = f"in {name}: {type_name}"
                self.nodes.append(Node(node_id, INPUT, label, None, name, ARTIFACT))

    def _add_pipeline_outputs(self) -> List[Tuple[str, str, str]]:
        definitions = _mapping(self.root.get("outputDefinitions"))
        params = _mapping(definitions.get("parameters"))
        artifacts = _mapping(definitions.get("artifacts"))
        outputs = []
        for name in sorted(set(params) | set(artifacts)):
            node_id = self.ids.make("result_", name)
            if name in params:
                kind = PARAMETER
                type_name = labels.parameter_type(_mapping(params[name]).get("parameterType"))
            else:
                kind = ARTIFACT
                type_name = labels.artifact_type(_mapping(artifacts[name]))
            self.nodes.append(Node(node_id, OUTPUT, f"out {name}: {type_name}", None, name, kind))
            outputs.append((name, node_id, kind))
        return outputs

    def _walk(self, scope: _Scope) -> None:
        for name in sorted(scope.tasks):
            task = _mapping(scope.tasks[name])
            ref_name = _mapping(task.get("componentRef")).get("name")
            component = _mapping(self.components.get(ref_name))
            path = _join(scope.path, name)
            # a group's component may have no DAG at all (a group with no task in it)
            is_group = ref_name in self.components and walk.is_group(component)
            if not is_group:
                node_id = self.ids.make("task_", name, path)
                self.refs[(scope.path, name)] = _Ref(node_id, task, component, None)
                ref = self.refs[(scope.path, name)]
                label = ref.display if ref.display in ("", name) else f"{ref.display} ({name})"
                self.nodes.append(Node(node_id, TASK, label or name, scope.cluster, path))
                continue
            kind = _group_kind(name, str(ref_name or ""))
            cluster_id = self.ids.make("grp_", name, path)
            self.refs[(scope.path, name)] = _Ref(cluster_id, task, component, kind)
            item_input = item_node = None
            iterator = walk.iterator_of(task)
            if kind == LOOP_GROUP and iterator is not None and iterator.item_input:
                item_input = iterator.item_input
                item_node = self.ids.make("item_", name, path)
            child = _Scope(path, kind, component, cluster_id, scope, task, item_input, item_node)
            self.scopes[path] = child
            self.pending_clusters.append((cluster_id, child))
            if item_node is not None:
                self.nodes.append(self._item_node(child))
            self._walk(child)

    def _item_node(self, scope: _Scope) -> Node:
        assert scope.item_node is not None and scope.item_input is not None
        definitions = _mapping(scope.component.get("inputDefinitions"))
        params = _mapping(definitions.get("parameters"))
        artifacts = _mapping(definitions.get("artifacts"))
        if scope.item_input in artifacts:
            kind = ARTIFACT
            type_name = labels.artifact_type(_mapping(artifacts[scope.item_input]))
        else:
            kind = PARAMETER
            ir_type = _mapping(params.get(scope.item_input)).get("parameterType")
            type_name = labels.parameter_type(ir_type)
        label = f"item: {type_name}"
        return Node(scope.item_node, LOOP_ITEM, label, scope.cluster, scope.path, kind)

    # -- resolving where values come from ----------------------------------------------------

    def _resolve_input(self, scope: _Scope, name: str, artifact: bool) -> List[_Source]:
        """Sources of input ``name`` of ``scope``'s component."""
        if scope.item_input is not None and name == scope.item_input:
            assert scope.item_node is not None
            items = self._loop_items(scope)
            kind = ARTIFACT if "artifactIterator" in scope.task else PARAMETER
            art = items[0].artifact_type if items and kind == ARTIFACT else None
            return [_Source(scope.item_node, "item", kind, "item", art)]
        if scope.parent is None:
            found = self.inputs.get(name)
            if found is None:
                return []
            node_id, kind, type_name = found
            return [_Source(node_id, name, kind, name, type_name)]
        sources = [s for s in walk.task_sources(scope.task) if s.input == name]
        sources.sort(key=lambda s: s.artifact != artifact)  # the expected section first
        if not sources:
            return []  # left to the component's default
        return self._resolve_source(scope.parent, sources[0])

    def _resolve_source(self, scope: _Scope, source: walk.Source) -> List[_Source]:
        """Sources of one task input of a task in ``scope``'s DAG."""
        if source.kind == walk.COMPONENT_INPUT:
            found = self._resolve_input(scope, str(source.key), source.artifact)
        elif source.kind == walk.TASK_OUTPUT:
            found = self._resolve_output(
                scope, str(source.producer), str(source.key), source.artifact
            )
        elif source.kind == walk.FINAL_STATUS:
            target = self.refs.get((scope.path, str(source.producer)))
            found = [] if target is None else [_Source(target.id, "final status", EXIT, "status")]
        else:
            return []  # a constant
        suffix = labels.selector_suffix(source.selector)
        if suffix:
            found = [replace(s, key=s.key + suffix, text=s.text + suffix) for s in found]
        return found

    def _resolve_output(
        self, scope: _Scope, task_name: str, key: str, artifact: bool
    ) -> List[_Source]:
        """Sources of output ``key`` of task ``task_name`` in ``scope``'s DAG."""
        ref = self.refs.get((scope.path, task_name))
        if ref is None:
            return []
        if ref.group_kind is None:
            definitions = _mapping(ref.component.get("outputDefinitions"))
            art_def = _mapping(definitions.get("artifacts")).get(key)
            text = f"{ref.display or task_name}.{key}"
            if isinstance(art_def, Mapping) or (artifact and key not in definitions):
                art = labels.artifact_type(_mapping(art_def))
                return [_Source(ref.id, key, ARTIFACT, text, art)]
            return [_Source(ref.id, key, PARAMETER, text)]
        child = self.scopes[_join(scope.path, task_name)]
        found: List[_Source] = []
        selectors = [s for s in walk.dag_output_selectors(child.component) if s.output == key]
        if any(s.artifact for s in selectors):  # an artifact output hides a parameter one
            selectors = [s for s in selectors if s.artifact]
        for sel in selectors:
            found += self._resolve_output(child, str(sel.producer), str(sel.key), sel.artifact)
        if child.kind == LOOP_GROUP:
            found = [replace(s, collected=True) for s in found]
        return found

    def _loop_items(self, scope: _Scope) -> List[_Source]:
        """Sources of the list a loop iterates over (none for a literal list)."""
        if "artifactIterator" in scope.task:
            items = _mapping(_mapping(scope.task["artifactIterator"]).get("items"))
            name = items.get("inputArtifact")
            return [] if name is None else self._resolve_input(scope, str(name), True)
        items = _mapping(_mapping(scope.task.get("parameterIterator")).get("items"))
        name = items.get("inputParameter")
        return [] if name is None else self._resolve_input(scope, str(name), False)

    # -- phase 2: labels and edges -----------------------------------------------------------

    def _cluster(self, cluster_id: str, scope: _Scope) -> Cluster:
        assert scope.parent is not None
        name = scope.path.rsplit("/", 1)[-1]
        display = str(_mapping(scope.task.get("taskInfo")).get("name") or name)
        named = f" ({display})" if display != name else ""
        if scope.kind == PIPELINE_GROUP:
            label = f"pipeline: {display}"
        elif scope.kind == EXIT_GROUP:
            label = f"exit handler{named}"
        elif scope.kind == LOOP_GROUP:
            label = self._loop_label(scope) + named
        elif scope.kind == BRANCHES_GROUP:
            roles = ["if" if i == 0 else "elif" for i, _ in enumerate(self._branches(scope))]
            if roles and self._branch_parts(scope)[-1] is None:
                roles[-1] = "else"
            label = " / ".join(dict.fromkeys(roles)) or "branches"
        else:
            label = self._condition_label(scope) + named
        return Cluster(cluster_id, scope.kind, label, scope.parent.cluster, scope.path)

    def _loop_label(self, scope: _Scope) -> str:
        iterator = _mapping(
            scope.task.get("parameterIterator") or scope.task.get("artifactIterator")
        )
        raw = _mapping(iterator.get("items")).get("raw")
        if raw is not None:
            over = labels.literal_list(str(raw))
        else:
            sources = self._loop_items(scope)
            over = sources[0].text if len(sources) == 1 else "?"
        label = f"for each item in {over}"
        limit = _mapping(scope.task.get("iteratorPolicy")).get("parallelismLimit")
        if limit:
            label += f" (parallelism {limit})"
        return label

    def _branches(self, scope: _Scope) -> List[str]:
        """Names of a condition-branches group's conditions, If first."""
        return sorted(scope.tasks, key=lambda n: (_group_number(n), n))

    def _branch_parts(self, scope: _Scope) -> List[Optional[str]]:
        cels = [
            str(_mapping(_mapping(scope.tasks[n]).get("triggerPolicy")).get("condition") or "")
            for n in self._branches(scope)
        ]
        return labels.branch_parts(cels)

    def _condition_label(self, scope: _Scope) -> str:
        assert scope.parent is not None
        cel = str(_mapping(scope.task.get("triggerPolicy")).get("condition") or "")
        role = "if"
        if scope.parent.kind == BRANCHES_GROUP:
            siblings = self._branches(scope.parent)
            index = siblings.index(scope.path.rsplit("/", 1)[-1])
            part = self._branch_parts(scope.parent)[index]
            if part is None:
                return "else"
            cel, role = part, ("if" if index == 0 else "elif")
        return f"{role}: {labels.readable_condition(cel, lambda n: self._channel_text(scope, n))}"

    def _channel_text(self, scope: _Scope, name: str) -> str:
        sources = self._resolve_input(scope, name, False)
        if len(sources) == 1:
            return sources[0].text
        return name.replace("pipelinechannel--", "")

    def _add_edge(self, edge: Edge) -> None:
        self.edges.setdefault((edge.source, edge.target, edge.kind, edge.label), edge)

    def _data_edge(self, source: _Source, target: str, target_key: str) -> None:
        if source.kind == EXIT:
            label = f"final status → {target_key}"
            self._add_edge(Edge(source.id, target, EXIT, label, source.key, target_key))
            return
        notes = [n for n in (source.artifact_type, "collected" if source.collected else "") if n]
        label = f"{source.key} → {target_key}" + (f" ({', '.join(notes)})" if notes else "")
        self._add_edge(
            Edge(
                source.id,
                target,
                source.kind,
                label,
                source.key,
                target_key,
                source.artifact_type,
                source.collected,
            )
        )

    def _task_edges(self, scope: _Scope, name: str) -> None:
        ref = self.refs[(scope.path, name)]
        task = ref.task
        sources = walk.task_sources(task)
        if ref.group_kind is None:
            for artifact in (False, True):
                for task_input in sorted(
                    (s for s in sources if s.artifact == artifact), key=lambda s: s.input
                ):
                    for source in self._resolve_source(scope, task_input):
                        self._data_edge(source, ref.id, task_input.input)
        else:
            self._group_edges(self.scopes[_join(scope.path, name)])
        producers = {s.producer for s in sources}
        for dependency in walk.upstream(task):
            upstream = self.refs.get((scope.path, dependency))
            if upstream is None or dependency in producers:
                continue
            if upstream.group_kind == EXIT_GROUP:
                self._add_edge(Edge(upstream.id, ref.id, EXIT, "on exit"))
            else:
                self._add_edge(Edge(upstream.id, ref.id, AFTER, "after"))

    def _group_edges(self, scope: _Scope) -> None:
        assert scope.cluster is not None
        if scope.item_node is not None:
            for source in self._loop_items(scope):
                self._data_edge(source, scope.item_node, "items")
        if scope.kind == BRANCHES_GROUP:
            # one arrow per value onto the whole If/Elif/Else, not one per branch
            conditions = [self.scopes[_join(scope.path, n)] for n in self._branches(scope)]
        elif scope.kind == CONDITION_GROUP and not _in_branches(scope):
            conditions = [scope]
        else:
            conditions = []
        for condition in conditions:
            cel = str(_mapping(condition.task.get("triggerPolicy")).get("condition") or "")
            for channel in labels.condition_channels(cel):
                for source in self._resolve_input(condition, channel, False):
                    label = f"{source.key} → condition"
                    self._add_edge(Edge(source.id, scope.cluster, CONDITION, label, source.key))

    def _output_edges(self, outputs: List[Tuple[str, str, str]]) -> None:
        root = self.scopes[""]
        selectors = walk.dag_output_selectors(self.root)
        for name, node_id, kind in outputs:
            for sel in selectors:
                if sel.output != name or sel.artifact != (kind == ARTIFACT):
                    continue
                for source in self._resolve_output(
                    root, str(sel.producer), str(sel.key), sel.artifact
                ):
                    self._data_edge(source, node_id, name)


def _group_kind(task_name: str, component_name: str) -> str:
    """The kind of a DAG task: a control-flow group, or a pipeline used as a component."""
    match = _GROUP_NAME.match(task_name)
    if match and component_name == f"comp-{task_name}":
        return match.group(1)
    return PIPELINE_GROUP


def _in_branches(scope: _Scope) -> bool:
    return scope.parent is not None and scope.parent.kind == BRANCHES_GROUP


def _group_number(name: str) -> int:
    match = _GROUP_NAME.match(name)
    return int(match.group(2)) if match else 0
