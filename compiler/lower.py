"""Building the IR: a checked pipeline and its lowering plan become PipelineSpec dicts.

The plan (:mod:`.plan`) has decided what crosses each group boundary and what runs after
what; this module writes it down as kfp does: each group's DAG, children groups first, then
tasks, with component and executor names made unique in that order; nested pipelines'
components merged in; exit tasks; the root DAG's outputs. The pipeline has passed the checks
(:mod:`.checks`, :mod:`.check_topology`, :mod:`.check_conditions`), so nothing is reported
here, and user objects (tasks, channels) are only read: a pipeline can be compiled any
number of times.
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Union

from kfp_lite import __version__
from kfp_lite.dsl.channels import (
    CHANNEL_PATTERN,
    Collected,
    LoopArgument,
    LoopArgumentVariable,
    LoopArtifactArgument,
    PipelineArtifactChannel,
    PipelineChannel,
    PipelineParameterChannel,
)
from kfp_lite.dsl.components import GraphComponent, ImporterComponent
from kfp_lite.dsl.groups import (
    ConditionBranches,
    ExitHandler,
    ParallelFor,
    TasksGroup,
    _ConditionBase,
)
from kfp_lite.dsl.placeholders import InputValuePlaceholder
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.dsl.tracing import sanitize_k8s_name, unique_name
from kfp_lite.ir_types import parameter_type_of, to_value

from . import executors
from .cel import conditions_to_cel
from .component_ir import interface_ir
from .function_source import SourceReader

if TYPE_CHECKING:
    from kfp_lite.config.apply import Overrides

from .plan import PREFIX, GroupOutput, LoweringPlan, Source, plan, with_items_item
from .platform import executors_of, resolve

SDK_VERSION = f"kfp-lite-{__version__}"

Node = Union[PipelineTask, TasksGroup]


def comp_name(name: str) -> str:
    return "comp-" + sanitize_k8s_name(name)


def exec_name(name: str) -> str:
    return "exec-" + sanitize_k8s_name(name)


class SpecCache:
    """Compiled specs of pipelines used as tasks, and the functions' sources, shared across
    one compile (``sources`` is the reader the checks used, when the compiler passes it)."""

    def __init__(self, sources: Optional[SourceReader] = None) -> None:
        # by the pipeline and the run configuration's overrides of its tasks, if any
        self.specs: dict[tuple[GraphComponent, Any], tuple[dict, dict]] = {}
        self.sources = sources if sources is not None else SourceReader()


class Lowering:
    """One pipeline's IR. ``run()`` returns (pipeline spec, platform spec)."""

    def __init__(self, graph: GraphComponent, cache: SpecCache, lowering_plan: Optional[LoweringPlan] = None,
                 overrides: Optional[Overrides] = None) -> None:
        trace = graph.trace()
        self.graph = graph
        self.cache = cache
        # a run configuration resolved against this pipeline (kfp_lite.config.apply)
        self.overrides = overrides if overrides is not None and not overrides.empty else None
        self.plan = lowering_plan if lowering_plan is not None else plan(trace.builder, trace.outputs)
        self.root = self.plan.topology.root
        self.spec: dict[str, Any] = {}
        self.components: dict[str, dict] = {}
        self.executors: dict[str, dict] = {}
        self.platform_executors: dict[str, dict] = {}
        # the component made for each group when its parent's DAG was built
        self.group_components: dict[TasksGroup, dict] = {}
        # each component's interface IR and base container, by id of its ComponentSpec and
        # component (both alive as long as the trace): made once, not once per task
        self.interfaces: dict[int, dict] = {}
        self.containers: dict[int, dict] = {}
        self.plain_executors: dict[int, dict] = {}

    def run(self) -> tuple[dict, dict]:
        """Lower the pipeline: (pipeline spec, platform spec)."""
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
        self.components = self.spec["components"]
        self.executors = self.spec["deploymentSpec"]["executors"]
        for group in self.plan.topology.groups:
            self._build_group(group)
        self._build_exit_handlers(self.root)
        self._dag_outputs(self.spec["root"], self.plan.pipeline_outputs)
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

    # --- building DAGs -------------------------------------------------------------------
    def _group_component(self, group: TasksGroup) -> dict:
        """The component made for ``group`` when its parent's DAG was built.

        kfp looks it up again by its plain name, which after a nested pipeline's components
        were merged in may name the nested pipeline's group instead (the outer group's tasks
        then land in the wrong DAG); holding on to the component object avoids that.
        """
        if group is self.root:
            return self.spec["root"]
        component = self.group_components.get(group)
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
            is_task = isinstance(sub, PipelineTask)
            if is_task:
                configured = self._configured(sub)
                task_spec = self._task_spec(configured, parent_inputs, in_dag)
                sub_component = self._task_component(configured, False, parent_inputs, in_dag)
            else:
                channels = self.plan.group_inputs.get(sub.name, ())
                outs = {} if isinstance(sub, ExitHandler) else self.plan.group_outputs.get(sub.name, {})
                sub_component = self._group_interface(channels, outs)
                task_spec = self._group_task_spec(sub, channels, in_dag, dag_names, is_root)
                if isinstance(sub, ConditionBranches):
                    self._oneof_dag_outputs(sub_component, outs)
                elif outs:
                    self._dag_outputs(sub_component, {k: v.source for k, v in outs.items()})
            deps = self.plan.dependencies(sub)
            if deps:
                task_spec["dependentTasks"] = sorted([sanitize_k8s_name(d) for d in deps])
            if is_task and sub.ignore_upstream_failure_tag:
                self._apply_ignore_upstream_failure(sub, task_spec)
            name = unique_name(comp_name(sub.name), self.components)
            task_spec["componentRef"] = {"name": name}
            self.components[name] = sub_component
            if not is_task:
                self.group_components[sub] = sub_component
            dag_tasks[sub.name] = task_spec
        if not dag_tasks and group is not self.root:
            # an empty group (``with dsl.If(...): pass``) has no DAG at all in kfp's spec,
            # not an empty one: protobuf drops a message nothing was set in
            dag = component.get("dag", {})
            dag.pop("tasks", None)
            if not dag:
                component.pop("dag", None)

    def _group_interface(self, channels: Iterable[PipelineChannel], outs: Mapping[str, GroupOutput]) -> dict:
        component: dict[str, Any] = {}
        inputs: dict[str, dict] = {}
        for channel in channels:
            name = PREFIX + self.plan.full_name(channel)
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
            if out.source.is_artifact:
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

    def _group_task_spec(self, group: TasksGroup, channels: Iterable[PipelineChannel], in_dag: set[str],
                         dag_names: set[str], is_root: bool) -> dict:
        spec: dict[str, Any] = {"taskInfo": {"name": group.display_name or group.name}}
        params: dict[str, dict] = {}
        artifacts: dict[str, dict] = {}
        for channel in channels:
            full = self.plan.full_name(channel)
            subvar = None
            if isinstance(channel, LoopArgumentVariable):
                full = self.plan.full_name(channel.loop_argument)
                subvar = channel.subvar_name
            input_name = PREFIX + self.plan.full_name(channel)
            name = self.plan.name(channel)
            entry: dict[str, Any] = {}
            if subvar:
                entry["parameterExpressionSelector"] = f'parseJson(string_value)["{subvar}"]'
                if not channel.is_with_items:
                    name = channel.items.name
            task_name = self.plan.task_name(channel)
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
                    group.conditions, lambda ch: PREFIX + self.plan.full_name(ch))}
        return spec

    def _loop_iterator(self, loop: ParallelFor, spec: dict) -> None:
        argument = loop.loop_argument
        if loop.items_is_channel:
            items = argument.items
            items_name = PREFIX + self.plan.full_name(items)
            item_name = PREFIX + self.plan.full_name(argument)
            if isinstance(argument, LoopArtifactArgument):
                spec["artifactIterator"] = {"itemInput": item_name, "items": {"inputArtifact": items_name}}
            else:
                spec["parameterIterator"] = {"itemInput": item_name, "items": {"inputParameter": items_name}}
            _pop_input(spec, item_name)
            if isinstance(items, LoopArgumentVariable):
                spec.setdefault("inputs", {}).setdefault("parameters", {})[items_name] = {
                    "componentInputParameter": PREFIX + self.plan.full_name(items.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{items.subvar_name}"]',
                }
        else:
            item_name = PREFIX + self.plan.full_name(argument)
            spec["parameterIterator"] = {"itemInput": item_name,
                                         "items": {"raw": json.dumps(argument.items, sort_keys=True)}}
            _pop_input(spec, item_name)
        if loop.parallelism > 0:
            spec["iteratorPolicy"] = {"parallelismLimit": loop.parallelism}

    # --- tasks -------------------------------------------------------------------------
    def _source(self, channel: Any, in_dag: set[str], parent_inputs: dict, section: str) -> dict:
        """How a task reads a channel: from a sibling task's output or its DAG's inputs."""
        origin = with_items_item(channel)
        if isinstance(origin, LoopArgumentVariable):  # a dict item's field in an f-string
            return {"componentInputParameter": PREFIX + self.plan.full_name(origin.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{origin.subvar_name}"]'}
        task_name = self.plan.task_name(channel)
        output, key, component_input = _SOURCE_KEYS[section]
        if task_name:
            producer = sanitize_k8s_name(task_name)
            if task_name in in_dag or producer in in_dag:
                return {output: {"producerTask": producer, key: self.plan.name(channel)}}
            return {component_input: PREFIX + self.plan.full_name(channel)}
        name = self.plan.full_name(channel)
        if name not in parent_inputs.get(section, {}):
            name = PREFIX + name
        return {component_input: name}

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
        arguments = task.arguments
        if (task.resources or task.container_image) and task.spec.kind == "container" \
                and not isinstance(task.component, ImporterComponent):
            arguments = dict(arguments)
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
            kind = type(value)
            if kind is PipelineParameterChannel:  # the usual arguments first: a plain output or input
                params[name] = self._source(value, in_dag, parent_inputs, "parameters")
            elif kind is PipelineArtifactChannel:
                artifacts[name] = self._source(value, in_dag, parent_inputs, "artifacts")
            elif not isinstance(value, PipelineChannel):
                if value is None or not isinstance(value, _CONSTANTS):
                    continue
                rendered = value
                # only a string holding a channel pattern, or a container, can hold channels
                if "{{channel:" in value if isinstance(value, str) else isinstance(value, (dict, list, tuple)):
                    for channel in task.pattern_channels(value):
                        extra = PREFIX + self.plan.full_name(channel)
                        rendered = _replace(rendered, channel.pattern, InputValuePlaceholder(extra).to_string())
                        params[extra] = self._source(channel, in_dag, parent_inputs, "parameters")
                params[name] = {"runtimeValue": {"constant": to_value(rendered)}}
            elif isinstance(value, LoopArgumentVariable):
                params[name] = {
                    "componentInputParameter": PREFIX + self.plan.full_name(value.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{value.subvar_name}"]',
                }
            elif isinstance(value, LoopArgument):
                params[name] = {"componentInputParameter": PREFIX + self.plan.full_name(value)}
            elif isinstance(value, LoopArtifactArgument):
                artifacts[name] = {"componentInputArtifact": PREFIX + self.plan.full_name(value)}
            elif isinstance(value, PipelineArtifactChannel) or (isinstance(value, Collected) and value.is_artifact):
                artifacts[name] = self._source(value, in_dag, parent_inputs, "artifacts")
            else:
                params[name] = self._source(value, in_dag, parent_inputs, "parameters")
        _set_inputs(spec, params, artifacts)
        return spec

    def _placeholder(self, task: PipelineTask) -> Callable[[Any], Any]:
        def convert(value: Any) -> Any:
            if not isinstance(value, str) or "{{channel:" not in value:
                return value
            for channel in task.pattern_channels(value):
                value = value.replace(channel.pattern, InputValuePlaceholder(PREFIX + self.plan.full_name(channel)).to_string())
            return value
        return convert

    def _task_component(self, task: PipelineTask, exit_task: bool = False,
                        parent_inputs: Optional[dict] = None, in_dag: Optional[set[str]] = None) -> dict:
        spec = task.spec
        if spec.kind == "graph":
            return self._merge_subpipeline(task)
        # the tasks of one component share its interface's (read-only) definitions
        template = self.interfaces.get(id(spec))
        if template is None:
            template = self.interfaces[id(spec)] = interface_ir(spec)
        component = dict(template)
        label = unique_name(exec_name(task.name), self.executors)
        component["executorLabel"] = label
        if isinstance(task.component, ImporterComponent):
            self.executors[label] = executors.importer_executor(task)
        else:
            self.executors[label] = self._container_executor(task)
            config = executors.platform_executor_config(task)
            if config is not None:  # settings that cancel out still leave an (empty) entry, as in kfp
                self.platform_executors[label] = resolve(
                    config, lambda ch: self._platform_source(ch, in_dag or set(), parent_inputs or {}))
        return component

    def _container_executor(self, task: PipelineTask) -> dict:
        """A task's container executor. The component's base container is made once; a task
        that changes none of it (no image, env or resources of its own: most tasks) shares
        its component's executor, which nothing changes after lowering."""
        key = id(task.component)
        plain = task.container_image is None and not task.env and not task.resources
        if plain:
            executor = self.plain_executors.get(key)
            if executor is not None:
                return executor
        base = self.containers.get(key)
        if base is None:
            base = self.containers[key] = executors.base_container(task, self.cache.sources)
        executor = executors.container_executor(task, self._placeholder(task), base)
        if plain and "{{channel:" not in str(base.get("image", "")):
            self.plain_executors[key] = executor
        return executor

    def _platform_source(self, channel: PipelineChannel, in_dag: set[str], parent_inputs: dict) -> dict:
        """How a task's Kubernetes setting reads a run-time value: like an argument would."""
        if isinstance(channel, LoopArgumentVariable) and with_items_item(channel) is None:
            return {"componentInputParameter": PREFIX + self.plan.full_name(channel.loop_argument),
                    "parameterExpressionSelector": f'parseJson(string_value)["{channel.subvar_name}"]'}
        if isinstance(channel, LoopArgument):
            return {"componentInputParameter": PREFIX + self.plan.full_name(channel)}
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
        return self._subpipeline(task)[0]

    def _subpipeline_platform(self, task: PipelineTask) -> dict:
        """The platform document of a nested pipeline (compiled with its spec)."""
        loaded = getattr(task.component, "platform_spec_dict", None)
        if loaded is not None:
            return loaded if isinstance(loaded, dict) else {}
        return self._subpipeline(task)[1]

    def _subpipeline(self, task: PipelineTask) -> tuple[dict, dict]:
        """A nested pipeline's (spec, platform spec), built once per compile and configuration."""
        component = task.component
        loaded = getattr(component, "pipeline_spec_dict", None)
        if loaded is not None:
            return loaded, {}
        assert isinstance(component, GraphComponent)
        overrides = self.overrides.nested(task.name) if self.overrides is not None else None
        key = (component, _cache_key(overrides))
        cached = self.cache.specs.get(key)
        if cached is None:
            cached = self.cache.specs[key] = Lowering(component, self.cache, overrides=overrides).run()
        return cached

    def _configured(self, task: PipelineTask) -> PipelineTask:
        """The task as the run configuration makes it (the task itself without one)."""
        return self.overrides.task(task) if self.overrides is not None else task

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
        task = self._configured(task)
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
    def _dag_outputs(self, component: dict, outputs: Mapping[str, Source]) -> None:
        dag_outputs: dict[str, dict] = {}
        for name, source in outputs.items():
            if source.is_artifact:
                dag_outputs.setdefault("artifacts", {})[name] = {
                    "artifactSelectors": [{"outputArtifactKey": source.key, "producerSubtask": source.producer}]}
            else:
                dag_outputs.setdefault("parameters", {})[name] = {
                    "valueFromParameter": {"outputParameterKey": source.key, "producerSubtask": source.producer}}
        if dag_outputs:
            component.setdefault("dag", {})["outputs"] = dag_outputs

    def _oneof_dag_outputs(self, component: dict, outs: Mapping[str, GroupOutput]) -> None:
        dag_outputs: dict[str, dict] = {}
        for name, out in outs.items():
            oneof = out.oneof
            assert oneof is not None
            selectors = self.plan.oneof_selectors.get(oneof, ())
            if oneof.is_artifact:
                dag_outputs.setdefault("artifacts", {})[name] = {"artifactSelectors": [
                    {"outputArtifactKey": v.key, "producerSubtask": v.producer} for v in selectors]}
            else:
                dag_outputs.setdefault("parameters", {})[name] = {"valueFromOneof": {"parameterSelectors": [
                    {"outputParameterKey": v.key, "producerSubtask": v.producer} for v in selectors]}}
        if dag_outputs:
            component.setdefault("dag", {})["outputs"] = dag_outputs


_CONSTANTS = (str, int, float, bool, dict, list, tuple)
# by section: how a task reads a sibling's output, the output's key, how it reads a DAG input
_SOURCE_KEYS = {
    "artifacts": ("taskOutputArtifact", "outputArtifactKey", "componentInputArtifact"),
    "parameters": ("taskOutputParameter", "outputParameterKey", "componentInputParameter"),
}


def _cache_key(overrides: Optional[Overrides]) -> Any:
    """What tells two builds of one nested pipeline apart: the overrides of its tasks."""
    if overrides is None or overrides.empty:
        return None
    tasks = tuple(sorted((path, repr(sorted(o.arguments.items())), repr(sorted(o.settings.items())))
                         for path, o in overrides.tasks.items()))
    return (overrides.enable_cache, overrides.run_cache, tasks)


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
