"""Lowering: a traced pipeline becomes a PipelineSpec dict, exactly as kfp builds it.

The steps follow the IR's rules (see docs/architecture.md): every group and task gets
its ancestors; channels that cross a group boundary become ``pipelinechannel--`` inputs of
each group on the way ("punching holes"); ``dsl.Collected`` and ``dsl.OneOf`` values are
surfaced as group outputs; dependencies are recorded between the first uncommon ancestors;
then each group's DAG is built, children groups first, then tasks, with component and
executor names made unique in that order. The pipeline has passed the checks
(:mod:`.check_topology`, :mod:`.check_conditions`): nothing is reported here.

All per-compile state lives in :class:`Lowering`; user objects (tasks, channels) are never
mutated, so a pipeline can be compiled any number of times.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable, Iterable, Optional, Union

from kfp_lite import __version__
from kfp_lite.dsl.channels import (
    CHANNEL_PATTERN,
    Collected,
    LoopArgument,
    LoopArgumentVariable,
    LoopArtifactArgument,
    OneOfChannel,
    PipelineArtifactChannel,
    PipelineChannel,
)
from kfp_lite.dsl.components import GraphComponent, ImporterComponent
from kfp_lite.dsl.groups import (
    ConditionBranches,
    ExitHandler,
    ParallelFor,
    TasksGroup,
    _ConditionBase,
)
from kfp_lite.dsl.interface import ComponentSpec
from kfp_lite.dsl.placeholders import InputValuePlaceholder
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.dsl.tracing import sanitize_k8s_name, unique_name
from kfp_lite.ir_types import parameter_type_of, to_value

from . import executors
from .cel import conditions_to_cel
from .component_ir import interface_ir
from .platform import executors_of, resolve

ROOT_NAME = "\x00root"
SDK_VERSION = f"kfp-lite-{__version__}"
PREFIX = "pipelinechannel--"

Node = Union[PipelineTask, TasksGroup]


def comp_name(name: str) -> str:
    return "comp-" + sanitize_k8s_name(name)


def exec_name(name: str) -> str:
    return "exec-" + sanitize_k8s_name(name)


class _Out:
    """A group output: what the group's DAG surfaces under a name."""

    def __init__(self, task_name: str, name: str, channel: PipelineChannel, is_list: bool = False,
                 oneof: Optional[list[_Out]] = None) -> None:
        self.task_name = task_name
        self.name = name
        self.channel = channel
        self.is_list = is_list
        self.oneof = oneof

    @property
    def is_artifact(self) -> bool:
        return self.channel.is_artifact


class SpecCache:
    """Compiled specs of pipelines used as tasks, shared across one compile."""

    def __init__(self) -> None:
        self.specs: dict[int, tuple[GraphComponent, dict]] = {}
        self.platforms: dict[int, dict] = {}  # their platform documents, by the same key


class Lowering:
    """One pipeline's lowering. ``run()`` returns (pipeline spec, platform spec)."""

    def __init__(self, graph: GraphComponent, cache: SpecCache) -> None:
        self.graph = graph
        self.trace = graph.trace()
        self.builder = self.trace.builder
        self.cache = cache
        self.tasks = self.builder.tasks
        self.root = self.builder.root
        # per-compile views of channel identities (Collected / OneOf surfacing renames them)
        self.ref_task: dict[int, Optional[str]] = {}
        self.ref_name: dict[int, str] = {}
        self.oneof_views: dict[int, list[_View]] = {}
        self.group_components: dict[int, dict] = {}

    # --- channel identity under surfacing ------------------------------------------------
    def tname(self, ch: Any) -> Optional[str]:
        return self.ref_task.get(id(ch), ch.task_name)

    def cname(self, ch: Any) -> str:
        return self.ref_name.get(id(ch), ch.name)

    def fname(self, ch: Any) -> str:
        task = self.tname(ch)
        return f"{task}-{self.cname(ch)}" if task else self.cname(ch)

    def node(self, name: Optional[str]) -> Optional[Node]:
        if name is None:
            return None
        if name in self.tasks:
            return self.tasks[name]
        return self.groups_by_name.get(name)

    def producer(self, ch: Any) -> Optional[Node]:
        return self.node(self.tname(ch))

    # --- structure -------------------------------------------------------------------------
    def _index(self) -> None:
        self.root_saved_name = self.root.name
        self.all_groups: list[TasksGroup] = []
        self.task_parents: dict[str, list[str]] = {}
        self.group_parents: dict[str, list[str]] = {}
        self.condition_channels: dict[str, list[PipelineChannel]] = {}
        root_chain = [ROOT_NAME]

        def walk(group: TasksGroup, chain: list[str], conds: list[PipelineChannel]) -> None:
            self.all_groups.append(group)
            if isinstance(group, _ConditionBase):
                conds = conds + [c for op in group.conditions for c in op.channels()]
            for sub in group.groups:
                self.group_parents[sub.name] = chain + [sub.name]
                walk(sub, chain + [sub.name], conds)
            for task in group.tasks:
                self.task_parents[task.name] = chain + [task.name]
                self.condition_channels[task.name] = conds

        walk(self.root, root_chain, [])
        self.groups_by_name = {g.name: g for g in self.all_groups[1:]}
        self.loop_groups = {g.name: g for g in self.all_groups if isinstance(g, ParallelFor)}

    def chain(self, node: Node) -> Optional[list[str]]:
        if node.name in self.task_parents and isinstance(node, PipelineTask):
            return self.task_parents[node.name]
        if node.name in self.group_parents:
            return self.group_parents[node.name]
        return self.task_parents.get(node.name)

    def uncommon(self, upstream: Node, downstream: Node) -> Optional[tuple[list[str], list[str]]]:
        a, b = self.chain(upstream), self.chain(downstream)
        if a is None or b is None:
            return None
        common = 0
        for x, y in zip(a, b):
            if x != y:
                break
            common += 1
        return a[common:], b[common:]

    # --- the pipeline ----------------------------------------------------------------------
    def run(self) -> tuple[dict, dict]:
        """Lower the pipeline: (pipeline spec, platform spec)."""
        self._index()
        spec_interface = self.graph.component_spec
        root_component = interface_ir(spec_interface)
        self.spec: dict[str, Any] = {
            "components": {},
            "deploymentSpec": {"executors": {}},
            "pipelineInfo": {"name": self.graph.pipeline_name},
            "root": root_component,
            "schemaVersion": "2.1.0",
            "sdkVersion": SDK_VERSION,
        }
        self.components: dict[str, dict] = self.spec["components"]
        self.executors: dict[str, dict] = self.spec["deploymentSpec"]["executors"]
        self.platform_executors: dict[str, dict] = {}
        outputs = dict(self.trace.outputs)
        self.group_inputs = self._inputs_for_groups()
        self.group_outputs, outputs = self._outputs_for_groups(outputs)
        self.dependencies = self._dependencies()
        for group in self.all_groups:
            self._build_group(group)
        self._build_exit_handlers(self.root)
        self._dag_outputs(self.spec["root"], outputs, spec_interface)
        if self.graph.display_name:
            self.spec["pipelineInfo"]["displayName"] = self.graph.display_name
        if spec_interface.description:
            self.spec["pipelineInfo"]["description"] = spec_interface.description
        if self.graph.pipeline_root:
            self.spec["defaultPipelineRoot"] = self.graph.pipeline_root
        if not self.spec["components"]:
            del self.spec["components"]
        if not self.executors:
            del self.spec["deploymentSpec"]
        platform: dict[str, Any] = {}
        config = self.graph.pipeline_config
        kubernetes: dict[str, Any] = {}
        if self.platform_executors:
            kubernetes["deploymentSpec"] = {"executors": self.platform_executors}
        if config is not None and hasattr(config, "to_platform_dict"):
            pipeline_config = config.to_platform_dict()
            if pipeline_config:
                kubernetes["pipelineConfig"] = pipeline_config
        if kubernetes:
            platform = {"platforms": {"kubernetes": kubernetes}}
        return self.spec, platform

    # --- inputs of groups ("punching holes") -------------------------------------------
    def _inputs_for_groups(self) -> dict[str, dict[tuple, PipelineChannel]]:
        """Every channel each group needs from outside, with the group that produces it."""
        inputs: dict[str, dict[tuple, PipelineChannel]] = {}

        def add(group_name: str, channel: PipelineChannel, producer: Optional[str]) -> None:
            inputs.setdefault(group_name, {}).setdefault((channel.pattern, producer), channel)

        for task in self.tasks.values():
            if task.is_exit_task or task.name not in self.task_parents:
                continue
            parents = self.task_parents[task.name]
            for channel in list(task.channel_inputs) + list(self.condition_channels.get(task.name, [])):
                self._punch(add, channel, task, parents)
        # A group's own needs (a loop's items, a condition's operands) reach it even when no
        # task inside uses them. kfp passes them on only through tasks, so a loop whose body
        # ignores its item, or an If/Else whose branches are empty, reads inputs its parent
        # never declared; for every other shape this adds nothing new.
        for group in self.all_groups[1:]:
            needs: list[PipelineChannel] = []
            if isinstance(group, ParallelFor) and group.items_is_channel:
                needs.append(group.loop_argument.items)
            elif isinstance(group, _ConditionBase):
                needs.extend(c for op in group.conditions for c in op.channels())
            for channel in needs:
                # the group's own inputs for these are made when its DAG is built; its parents
                # are what need them
                self._punch(lambda name, ch, producer, own=group.name: name != own and add(name, ch, producer),
                            channel, group, self.group_parents[group.name])
        return inputs

    def _punch(self, add: Callable[[str, PipelineChannel, Optional[str]], None], channel: PipelineChannel,
               consumer: Node, parents: list[str]) -> None:
        """Add ``channel`` as an input of each group between where it exists and ``consumer``."""
        chain_: list[Any] = []
        current: Any = channel
        while isinstance(current, (LoopArgument, LoopArtifactArgument, LoopArgumentVariable)):
            chain_.append(current)
            current = current.loop_argument if isinstance(current, LoopArgumentVariable) else current.items
        if isinstance(current, PipelineChannel):
            chain_.append(current)
        producer = self.producer(channel)
        if producer is not None:
            pair = self.uncommon(producer, consumer)
            if pair is None:
                return
            upstream, downstream = pair
            for index, group_name in enumerate(downstream):
                add(group_name, chain_[-1], upstream[0] if index == 0 else None)
                if _consumes(self.loop_groups.get(group_name), chain_):
                    chain_.pop()
                    if not chain_:
                        break
        elif _with_items_item(channel) is not None:
            # An item of a loop over a list written in the source exists only inside its loop:
            # every group between the consumer and that loop gets the whole item (fields are
            # read from it with a selector), and nothing above the loop gets anything. kfp
            # passes the field itself up to the root instead, wired to inputs that do not exist.
            item = _with_items_item(channel)
            whole = item.loop_argument if isinstance(item, LoopArgumentVariable) else item
            for group_name in reversed(parents):
                add(group_name, whole, None)
                loop = self.loop_groups.get(group_name)
                if loop is not None and _owns(loop, item):
                    break
        else:
            for group_name in parents:
                add(group_name, chain_[-1], None)
                if _consumes(self.loop_groups.get(group_name), chain_):
                    chain_.pop()
                    if not chain_:
                        break

    # --- outputs of groups (Collected / OneOf) ---------------------------------------------
    def _outputs_for_groups(self, pipeline_outputs: dict[str, Any]) -> tuple[dict[str, dict[str, _Out]], dict]:
        outputs: dict[str, dict[str, _Out]] = {}
        processed: set[int] = set()
        children = {g.name: {x.name for x in g.groups} | {t.name for t in g.tasks} for g in self.all_groups}
        children[ROOT_NAME] = children.get(self.root.name, set())

        def collected_out(channel: Collected, task_name: str, name: str) -> _Out:
            return _Out(task_name, name, channel.output, is_list=True)

        for task in self.tasks.values():
            for channel in task.channel_inputs:
                if isinstance(channel, Collected):
                    if channel.invalid:
                        continue
                    producer = self.producer(channel)
                    pair = self.uncommon(producer, task) if producer is not None else None
                    if pair is None:
                        continue
                    upstream, downstream = list(pair[0]), pair[1]
                    surfaced = PREFIX + self.fname(channel)
                    consumer_top = downstream[0]
                    producer_name = upstream.pop()
                    name = self.cname(channel)
                    for group_name in reversed(upstream):
                        outputs.setdefault(group_name, {})[surfaced] = collected_out(channel, producer_name, name)
                        self.ref_name[id(channel)] = surfaced
                        self.ref_task[id(channel)] = group_name
                        name = surfaced
                        producer_name = group_name
                        parent_chain = self.group_parents[group_name]
                        parent = parent_chain[-2] if len(parent_chain) > 1 else ROOT_NAME
                        if consumer_top in children.get(parent if parent != ROOT_NAME else self.root.name, set()):
                            break
                elif isinstance(channel, OneOfChannel):
                    if id(channel) in processed or channel.branches is None or channel.problem:
                        continue
                    self._surface_oneof(channel, task, outputs)
                    processed.add(id(channel))

        # a OneOf compared in a condition is read by the condition group: surface it too
        # (kfp surfaces OneOf values only for tasks and pipeline outputs)
        for group in self.all_groups:
            if isinstance(group, _ConditionBase):
                for channel in (c for op in group.conditions for c in op.channels()):
                    if isinstance(channel, OneOfChannel) and id(channel) not in processed \
                            and channel.branches is not None and not channel.problem:
                        self._surface_oneof(channel, None, outputs)
                        processed.add(id(channel))

        result = dict(pipeline_outputs)
        for key, channel in pipeline_outputs.items():
            if isinstance(channel, Collected):
                if channel.invalid or channel.task is None or channel.task.name not in self.task_parents:
                    continue
                upstream = list(self.task_parents[channel.task.name][1:])
                if len(upstream) < 2:
                    continue
                surfaced = PREFIX + self.fname(channel)
                producer_name = upstream.pop()
                name = self.cname(channel)
                last_group = producer_name
                for group_name in reversed(upstream):
                    outputs.setdefault(group_name, {})[surfaced] = collected_out(channel, producer_name, name)
                    self.ref_name[id(channel)] = surfaced
                    self.ref_task[id(channel)] = group_name
                    name = surfaced
                    producer_name = group_name
                    last_group = group_name
                result[key] = _View(last_group, surfaced, channel.output, is_list=True)
            elif isinstance(channel, OneOfChannel):
                if id(channel) in processed or channel.branches is None or channel.problem:
                    continue
                self._surface_oneof(channel, None, outputs)
        return outputs, result

    def _surface_oneof(self, oneof: OneOfChannel, consumer: Optional[PipelineTask],
                       outputs: dict[str, dict[str, _Out]]) -> None:
        views = [_View(c.task_name, c.name, c) for c in oneof.channels]
        self.oneof_views[id(oneof)] = views
        branches_name = oneof.branches.name
        for view in views:
            producer = view.channel.task
            if producer is None or producer.name not in self.task_parents:
                continue
            if consumer is not None:
                pair = self.uncommon(producer, consumer)
                if pair is None:
                    continue
                upstream = pair[0]
            else:
                upstream = self.task_parents[producer.name][1:]
            surfaced = PREFIX + f"{view.task_name}-{view.name}"
            for group_name in reversed(upstream):
                if group_name == producer.name:
                    continue
                if group_name == branches_name:
                    outputs.setdefault(group_name, {})[oneof.name] = _Out(
                        branches_name, oneof.name, oneof, oneof=[])
                    break
                outputs.setdefault(group_name, {})[surfaced] = _Out(view.task_name, view.name, view.channel)
                view.task_name = group_name
                view.name = surfaced

    # --- dependencies ----------------------------------------------------------------------
    def _dependencies(self) -> dict[str, set[str]]:
        deps: dict[str, set[str]] = {}
        for task in self.tasks.values():
            if task.name not in self.task_parents:
                continue
            upstreams: dict[str, Node] = {}
            for channel in list(task.channel_inputs) + list(self.condition_channels.get(task.name, [])):
                producer = self.producer(channel)
                if producer is not None:
                    upstreams[producer.name] = producer
            for dep in task.explicit_dependencies:
                upstreams[dep.name] = dep
            for upstream_node in upstreams.values():
                pair = self.uncommon(upstream_node, task)
                if pair is None:
                    continue
                upstream_names, downstream_names = pair
                deps.setdefault(downstream_names[0], set()).add(upstream_names[0])
        return deps

    # --- building DAGs -------------------------------------------------------------------
    def _group_component(self, group: TasksGroup) -> dict:
        """The component made for ``group`` when its parent's DAG was built.

        kfp looks it up again by its plain name, which after a nested pipeline's components
        were merged in may name the nested pipeline's group instead (the outer group's tasks
        then land in the wrong DAG); holding on to the component object avoids that.
        """
        if group is self.root:
            return self.spec["root"]
        component = self.group_components.get(id(group))
        if component is None:
            component = self.components.setdefault(comp_name(group.name), {})
        return component

    def _build_group(self, group: TasksGroup) -> None:
        component = self._group_component(group)
        subgroups: list[Node] = list(group.groups) + list(group.tasks)
        in_dag = {sanitize_k8s_name(s.name) for s in subgroups}
        parent_inputs = component.get("inputDefinitions", {})
        is_root = group is self.root
        dag_names = {s.name for s in subgroups}
        dag_tasks = component.setdefault("dag", {}).setdefault("tasks", {})
        for sub in subgroups:
            if isinstance(sub, PipelineTask):
                task_spec = self._task_spec(sub, parent_inputs, in_dag)
                sub_component = self._task_component(sub, parent_inputs=parent_inputs, in_dag=in_dag)
            else:
                channels = list(self.group_inputs.get(sub.name, {}).values())
                if isinstance(sub, ParallelFor):
                    channels = self._loop_channels(sub, channels)
                elif isinstance(sub, _ConditionBase):
                    channels = channels + [c for op in sub.conditions for c in op.channels()]
                outs = {} if isinstance(sub, ExitHandler) else self.group_outputs.get(sub.name, {})
                sub_component = self._group_interface(channels, outs)
                task_spec = self._group_task_spec(sub, channels, in_dag, dag_names, is_root)
                if isinstance(sub, ConditionBranches):
                    self._oneof_dag_outputs(sub_component, outs)
                elif outs:
                    self._dag_outputs(sub_component, {k: v for k, v in outs.items()}, None)
            deps = self.dependencies.get(sub.name)
            if deps:
                task_spec["dependentTasks"] = sorted(sanitize_k8s_name(d) for d in deps)
            if isinstance(sub, PipelineTask):
                self._apply_ignore_upstream_failure(sub, task_spec)
            name = unique_name(comp_name(sub.name), self.components)
            task_spec["componentRef"] = {"name": name}
            self.components[name] = sub_component
            if not isinstance(sub, PipelineTask):
                self.group_components[id(sub)] = sub_component
            dag_tasks[sub.name] = task_spec
        if not dag_tasks and group is not self.root:
            # an empty group (``with dsl.If(...): pass``) has no DAG at all in kfp's spec,
            # not an empty one: protobuf drops a message nothing was set in
            dag = component.get("dag", {})
            dag.pop("tasks", None)
            if not dag:
                component.pop("dag", None)

    def _loop_channels(self, loop: ParallelFor, channels: list[PipelineChannel]) -> list[PipelineChannel]:
        result = []
        for channel in channels:
            if isinstance(channel, (LoopArgument, LoopArtifactArgument, LoopArgumentVariable)) \
                    and channel.is_with_items:
                found = False
                for group_name in reversed(self.group_parents[loop.name]):
                    other = self.loop_groups.get(group_name)
                    if other is not None and channel.name in other.loop_argument.name:
                        found = True
                        break
                if not found:
                    continue
            result.append(channel)
        if loop.items_is_channel:
            result.append(loop.loop_argument.items)
        result.append(loop.loop_argument)
        return result

    def _group_interface(self, channels: Iterable[PipelineChannel], outs: dict[str, _Out]) -> dict:
        component: dict[str, Any] = {}
        inputs: dict[str, dict] = {}
        for channel in channels:
            name = PREFIX + self.fname(channel)
            if isinstance(channel, (PipelineArtifactChannel, LoopArtifactArgument)):
                definition: dict[str, Any] = {"artifactType": channel.io_type.ir_artifact_type()}
                if channel.is_artifact_list:
                    definition["isArtifactList"] = True
                inputs.setdefault("artifacts", {})[name] = definition
            else:
                ptype = parameter_type_of(channel.channel_type)
                inputs.setdefault("parameters", {})[name] = {"parameterType": ptype} if ptype else {}
        if inputs:
            component["inputDefinitions"] = inputs
        outputs: dict[str, dict] = {}
        for name, out in outs.items():
            if out.is_artifact:
                definition = {"artifactType": out.channel.io_type.ir_artifact_type()}
                if out.is_list or out.channel.is_artifact_list:
                    definition["isArtifactList"] = True
                outputs.setdefault("artifacts", {})[name] = definition
            else:
                text = "LIST" if out.is_list else out.channel.channel_type
                ptype = parameter_type_of(text)
                outputs.setdefault("parameters", {})[name] = {"parameterType": ptype} if ptype else {}
        if outputs:
            component["outputDefinitions"] = outputs
        return component

    def _group_task_spec(self, group: TasksGroup, channels: list[PipelineChannel], in_dag: set[str],
                         dag_names: set[str], is_root: bool) -> dict:
        spec: dict[str, Any] = {"taskInfo": {"name": group.display_name or group.name}}
        params: dict[str, dict] = {}
        artifacts: dict[str, dict] = {}
        for channel in channels:
            full = self.fname(channel)
            subvar = None
            if isinstance(channel, LoopArgumentVariable):
                full = self.fname(channel.loop_argument)
                subvar = channel.subvar_name
            input_name = PREFIX + self.fname(channel)
            name = self.cname(channel)
            entry: dict[str, Any] = {}
            if subvar:
                entry["parameterExpressionSelector"] = f'parseJson(string_value)["{subvar}"]'
                if not channel.is_with_items:
                    name = channel.items.name
            task_name = self.tname(channel)
            if isinstance(channel, PipelineArtifactChannel):
                if task_name and sanitize_k8s_name(task_name) in in_dag and task_name in dag_names:
                    artifacts[input_name] = {"taskOutputArtifact": {
                        "producerTask": sanitize_k8s_name(task_name), "outputArtifactKey": name}}
                else:
                    artifacts[input_name] = {"componentInputArtifact": full if is_root else input_name}
            elif task_name and task_name in dag_names:
                entry["taskOutputParameter"] = {"producerTask": sanitize_k8s_name(task_name),
                                                "outputParameterKey": name}
                params[input_name] = entry
            else:
                entry["componentInputParameter"] = full if is_root else PREFIX + full
                params[input_name] = entry
        _set_inputs(spec, params, artifacts)
        if isinstance(group, ParallelFor):
            self._loop_iterator(group, spec)
        elif isinstance(group, _ConditionBase):
            if group.conditions:
                spec["triggerPolicy"] = {"condition": conditions_to_cel(
                    group.conditions, lambda ch: PREFIX + self.fname(ch))}
        return spec

    def _loop_iterator(self, loop: ParallelFor, spec: dict) -> None:
        argument = loop.loop_argument
        if loop.items_is_channel:
            items = argument.items
            items_name = PREFIX + self.fname(items)
            item_name = PREFIX + self.fname(argument)
            if isinstance(argument, LoopArtifactArgument):
                spec["artifactIterator"] = {"itemInput": item_name, "items": {"inputArtifact": items_name}}
            else:
                spec["parameterIterator"] = {"itemInput": item_name, "items": {"inputParameter": items_name}}
            _pop_input(spec, item_name)
            if isinstance(items, LoopArgumentVariable):
                spec.setdefault("inputs", {}).setdefault("parameters", {})[items_name] = {
                    "componentInputParameter": PREFIX + self.fname(items.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{items.subvar_name}"]',
                }
        else:
            item_name = PREFIX + self.fname(argument)
            spec["parameterIterator"] = {"itemInput": item_name,
                                         "items": {"raw": json.dumps(argument.items, sort_keys=True)}}
            _pop_input(spec, item_name)
        if loop.parallelism > 0:
            spec["iteratorPolicy"] = {"parallelismLimit": loop.parallelism}

    # --- tasks -------------------------------------------------------------------------
    def _source(self, channel: Any, in_dag: set[str], parent_inputs: dict, section: str) -> dict:
        """How a task reads a channel: from a sibling task's output or its DAG's inputs."""
        origin = _with_items_item(channel)
        if isinstance(origin, LoopArgumentVariable):  # a dict item's field in an f-string
            return {"componentInputParameter": PREFIX + self.fname(origin.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{origin.subvar_name}"]'}
        task_name = self.tname(channel)
        kind = "Artifact" if section == "artifacts" else "Parameter"
        if task_name:
            if task_name in in_dag or sanitize_k8s_name(task_name) in in_dag:
                key = "outputArtifactKey" if kind == "Artifact" else "outputParameterKey"
                return {f"taskOutput{kind}": {"producerTask": sanitize_k8s_name(task_name), key: self.cname(channel)}}
            return {f"componentInput{kind}": PREFIX + self.fname(channel)}
        name = self.fname(channel)
        if name not in parent_inputs.get(section, {}):
            name = PREFIX + name
        return {f"componentInput{kind}": name}

    def _task_spec(self, task: PipelineTask, parent_inputs: dict, in_dag: set[str]) -> dict:
        spec: dict[str, Any] = {"taskInfo": {"name": task.display_name or task.name}}
        caching: dict[str, Any] = {}
        if task.enable_caching:
            caching["enableCache"] = True
        if task.cache_key:
            caching["cacheKey"] = task.cache_key
        spec["cachingOptions"] = caching
        if task.retry_policy:
            spec["retryPolicy"] = dict(task.retry_policy)
        arguments = dict(task.arguments)
        if task.spec.kind == "container" and not isinstance(task.component, ImporterComponent):
            for key in executors.RESOURCE_ORDER:
                value = task.resources.get(key)
                if value and CHANNEL_PATTERN.search(str(value)):
                    arguments[key] = value
            image = task.container_image
            if image and CHANNEL_PATTERN.search(str(image)):
                arguments["base_image"] = image
        params: dict[str, dict] = {}
        artifacts: dict[str, dict] = {}
        for name, value in arguments.items():
            if isinstance(value, LoopArgumentVariable):
                params[name] = {
                    "componentInputParameter": PREFIX + self.fname(value.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{value.subvar_name}"]',
                }
            elif isinstance(value, LoopArgument):
                params[name] = {"componentInputParameter": PREFIX + self.fname(value)}
            elif isinstance(value, LoopArtifactArgument):
                artifacts[name] = {"componentInputArtifact": PREFIX + self.fname(value)}
            elif isinstance(value, PipelineArtifactChannel) or (isinstance(value, Collected) and value.is_artifact):
                artifacts[name] = self._source(value, in_dag, parent_inputs, "artifacts")
            elif isinstance(value, PipelineChannel):
                params[name] = self._source(value, in_dag, parent_inputs, "parameters")
            elif isinstance(value, (str, int, float, bool, dict, list, tuple)) or value is None:
                if value is None:
                    continue
                rendered = value
                for channel in task.pattern_channels(value):
                    extra = PREFIX + self.fname(channel)
                    rendered = _replace(rendered, channel.pattern, InputValuePlaceholder(extra).to_string())
                    params[extra] = self._source(channel, in_dag, parent_inputs, "parameters")
                params[name] = {"runtimeValue": {"constant": to_value(rendered)}}
        _set_inputs(spec, params, artifacts)
        return spec

    def _placeholder(self, task: PipelineTask) -> Callable[[Any], Any]:
        def convert(value: Any) -> Any:
            if not isinstance(value, str):
                return value
            for channel in task.pattern_channels(value):
                value = value.replace(channel.pattern, InputValuePlaceholder(PREFIX + self.fname(channel)).to_string())
            return value
        return convert

    def _task_component(self, task: PipelineTask, exit_task: bool = False,
                        parent_inputs: Optional[dict] = None, in_dag: Optional[set[str]] = None) -> dict:
        spec = task.spec
        if spec.kind == "graph":
            return self._merge_subpipeline(task)
        component = interface_ir(spec)
        label = unique_name(exec_name(task.name), self.executors)
        component["executorLabel"] = label
        if isinstance(task.component, ImporterComponent):
            self.executors[label] = executors.importer_executor(task)
        else:
            self.executors[label] = executors.container_executor(task, self._placeholder(task))
            config = executors.platform_executor_config(task)
            if config is not None:  # settings that cancel out still leave an (empty) entry, as in kfp
                self.platform_executors[label] = resolve(
                    config, lambda ch: self._platform_source(ch, in_dag or set(), parent_inputs or {}))
        return component

    def _platform_source(self, channel: PipelineChannel, in_dag: set[str], parent_inputs: dict) -> dict:
        """How a task's Kubernetes setting reads a run-time value: like an argument would."""
        if isinstance(channel, LoopArgumentVariable) and _with_items_item(channel) is None:
            return {"componentInputParameter": PREFIX + self.fname(channel.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{channel.subvar_name}"]'}
        if isinstance(channel, LoopArgument):
            return {"componentInputParameter": PREFIX + self.fname(channel)}
        return self._source(channel, in_dag, parent_inputs, "parameters")

    def _merge_subpipeline(self, task: PipelineTask) -> dict:
        sub = copy.deepcopy(self._subpipeline_spec(task))
        sub_platform = executors_of(self._subpipeline_platform(task))
        for label, executor in sub.get("deploymentSpec", {}).get("executors", {}).items():
            new = unique_name(label, self.executors)
            if label in sub_platform:
                # the settings follow their executor's new name (kfp merges them under the old
                # one first, so they can land on an outer task's executor of the same name)
                self.platform_executors[new] = copy.deepcopy(sub_platform[label])
            if new != label:
                for component in sub.get("components", {}).values():
                    if component.get("executorLabel") == label:
                        component["executorLabel"] = new
            self.executors[new] = executor
        renames: dict[str, str] = {}
        for name in sub.get("components", {}):
            taken = set(self.components) | set(renames) | set(renames.values())
            renames[name] = unique_name(name, taken)
        for old, new in reversed(list(renames.items())):
            if new != old:
                for component in list(sub.get("components", {}).values()) + [sub["root"]]:
                    for sub_task in component.get("dag", {}).get("tasks", {}).values():
                        if sub_task.get("componentRef", {}).get("name") == old:
                            sub_task["componentRef"]["name"] = new
        for old, component in sub.get("components", {}).items():
            self.components[renames[old]] = component
        return sub["root"]

    def _subpipeline_spec(self, task: PipelineTask) -> dict:
        component = task.component
        loaded = getattr(component, "pipeline_spec_dict", None)
        if loaded is not None:
            return loaded
        assert isinstance(component, GraphComponent)
        key = id(component)
        cached = self.cache.specs.get(key)
        if cached is not None and cached[0] is component:
            return cached[1]
        spec, platform_spec = Lowering(component, self.cache).run()
        self.cache.specs[key] = (component, spec)
        self.cache.platforms[key] = platform_spec
        return spec

    def _subpipeline_platform(self, task: PipelineTask) -> dict:
        """The platform document of a nested pipeline (compiled by ``_subpipeline_spec``)."""
        loaded = getattr(task.component, "platform_spec_dict", None)
        if loaded is not None:
            return loaded if isinstance(loaded, dict) else {}
        return self.cache.platforms.get(id(task.component), {})

    def _apply_ignore_upstream_failure(self, task: PipelineTask, spec: dict) -> None:
        if not task.ignore_upstream_failure_tag:
            return
        spec["triggerPolicy"] = {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}
        for name, input_spec in task.spec.inputs.items():
            if input_spec.type.parameter_type != "TASK_FINAL_STATUS":
                continue
            deps = spec.get("dependentTasks", [])
            if len(deps) != 1:
                continue  # reported by the checks
            spec.setdefault("inputs", {}).setdefault("parameters", {})[name] = {
                "taskFinalStatus": {"producerTask": deps[0]}}

    # --- exit handlers -----------------------------------------------------------------
    def _build_exit_handlers(self, parent: TasksGroup) -> None:
        for group in parent.groups:
            if isinstance(group, ExitHandler):
                if parent is self.root and isinstance(getattr(group, "exit_task", None), PipelineTask):
                    self._build_exit_task(group)
            self._build_exit_handlers(group)

    def _build_exit_task(self, group: ExitHandler) -> None:
        task = group.exit_task
        root_inputs = self.spec["root"].get("inputDefinitions", {})
        spec = self._task_spec(task, root_inputs, set())
        handler = sanitize_k8s_name(group.name)
        spec["dependentTasks"] = spec.get("dependentTasks", []) + [handler]
        spec["triggerPolicy"] = {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}
        for name, input_spec in task.spec.inputs.items():
            if input_spec.type.parameter_type == "TASK_FINAL_STATUS":
                spec.setdefault("inputs", {}).setdefault("parameters", {})[name] = {
                    "taskFinalStatus": {"producerTask": handler}}
        component = self._task_component(task, exit_task=True, parent_inputs=root_inputs, in_dag=set())
        name = unique_name(comp_name(task.name), self.components)
        spec["componentRef"] = {"name": name}
        self.components[name] = component
        self.spec["root"].setdefault("dag", {}).setdefault("tasks", {})[sanitize_k8s_name(task.name)] = spec

    # --- outputs of DAGs -----------------------------------------------------------------
    def _dag_outputs(self, component: dict, outputs: dict[str, Any], interface: Optional[ComponentSpec]) -> None:
        dag_outputs: dict[str, dict] = {}
        for name, channel in outputs.items():
            if isinstance(channel, _Out):
                task_name, key, is_artifact = channel.task_name, channel.name, channel.is_artifact
            elif isinstance(channel, _View):
                task_name, key, is_artifact = channel.task_name, channel.name, channel.channel.is_artifact
            else:
                task_name, key, is_artifact = self.tname(channel), self.cname(channel), channel.is_artifact
            if is_artifact:
                dag_outputs.setdefault("artifacts", {})[name] = {
                    "artifactSelectors": [{"outputArtifactKey": key, "producerSubtask": task_name}]}
            else:
                dag_outputs.setdefault("parameters", {})[name] = {
                    "valueFromParameter": {"outputParameterKey": key, "producerSubtask": task_name}}
        if dag_outputs:
            component.setdefault("dag", {})["outputs"] = dag_outputs

    def _oneof_dag_outputs(self, component: dict, outs: dict[str, _Out]) -> None:
        dag_outputs: dict[str, dict] = {}
        for name, out in outs.items():
            oneof = out.channel
            views = self.oneof_views.get(id(oneof), [])
            if oneof.is_artifact:
                dag_outputs.setdefault("artifacts", {})[name] = {"artifactSelectors": [
                    {"outputArtifactKey": v.name, "producerSubtask": v.task_name} for v in views]}
            else:
                dag_outputs.setdefault("parameters", {})[name] = {"valueFromOneof": {"parameterSelectors": [
                    {"outputParameterKey": v.name, "producerSubtask": v.task_name} for v in views]}}
        if dag_outputs:
            component.setdefault("dag", {})["outputs"] = dag_outputs


class _View:
    """A mutable stand-in for a channel while OneOf/Collected outputs are surfaced."""

    def __init__(self, task_name: Optional[str], name: str, channel: PipelineChannel, is_list: bool = False) -> None:
        self.task_name = task_name
        self.name = name
        self.channel = channel
        self.is_list = is_list


def _consumes(loop: Optional[ParallelFor], chain: list) -> bool:
    """Whether ``loop`` turns the outermost channel of ``chain`` into the next one (its items
    into its item), so groups inside it need only the more specific channel.

    kfp decides this by comparing names, which goes wrong when two nested loops iterate over
    the same value (both items are named ``<value>-loop-item``): the inner loop's items stop
    at the outer loop and the inner loop reads an input its parent never declared. Comparing
    the loop argument objects gives kfp's document for every other shape.
    """
    if loop is None:
        return False
    argument = loop.loop_argument
    return chain[-1] is argument or (len(chain) > 1 and chain[-2] is argument)


def _with_items_item(channel: Any) -> Any:
    """The loop item over a list written in the source that ``channel`` stands for, if any:
    the item itself, or the item written into an f-string (a plain copy, as in kfp)."""
    for candidate in (channel, getattr(channel, "origin", None)):
        if isinstance(candidate, (LoopArgument, LoopArtifactArgument, LoopArgumentVariable)) \
                and candidate.is_with_items:
            return candidate
    return None


def _owns(loop: ParallelFor, channel: Any) -> bool:
    """Whether ``channel`` is the loop's own item or a field of it."""
    argument = loop.loop_argument
    return channel is argument or getattr(channel, "loop_argument", None) is argument


def _set_inputs(spec: dict, params: dict, artifacts: dict) -> None:
    """A task's ``inputs``, leaving out empty sections (proto3 omits them)."""
    inputs: dict[str, Any] = {}
    if params:
        inputs["parameters"] = params
    if artifacts:
        inputs["artifacts"] = artifacts
    if inputs:
        spec["inputs"] = inputs


def _pop_input(spec: dict, name: str) -> None:
    inputs = spec.get("inputs")
    if not inputs:
        return
    for section in ("parameters", "artifacts"):
        if section in inputs:
            inputs[section].pop(name, None)
            if not inputs[section]:
                del inputs[section]
    if not inputs:
        del spec["inputs"]


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {_replace(k, old, new): _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace(v, old, new) for v in value]
    return value


__all__ = ["Lowering", "SpecCache", "SDK_VERSION", "comp_name", "exec_name", "PREFIX"]
