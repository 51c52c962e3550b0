"""Compiling a lone component: a one-task pipeline that surfaces every output (as kfp)."""

from __future__ import annotations

import copy
from typing import Any, Optional

from kfp_lite.dsl.components import BaseComponent, ImporterComponent
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.dsl.tracing import sanitize_k8s_name

from . import executors
from .component_ir import interface_ir
from .function_source import SourceReader
from .lower import SDK_VERSION, comp_name, exec_name


def lower_component(component: BaseComponent, sources: Optional[SourceReader] = None) -> dict:
    """The component's PipelineSpec; ``sources`` is the compile's reader (the checks' one)."""
    loaded = getattr(component, "pipeline_spec_dict", None)
    if loaded is not None:  # a compiled pipeline loaded from YAML is written back as it was
        return copy.deepcopy(loaded)
    spec = component.component_spec
    name = sanitize_k8s_name(spec.name)
    task = PipelineTask(component, {})
    task.name = name
    root = interface_ir(spec)
    inputs: dict[str, Any] = {}
    for input_name, input_spec in spec.inputs.items():
        if input_spec.type.is_artifact:
            inputs.setdefault("artifacts", {})[input_name] = {"componentInputArtifact": input_name}
        else:
            inputs.setdefault("parameters", {})[input_name] = {"componentInputParameter": input_name}
    task_spec: dict[str, Any] = {
        "cachingOptions": {"enableCache": True} if task.enable_caching else {},
        "componentRef": {"name": comp_name(name)},
        "taskInfo": {"name": name},
    }
    if inputs:
        task_spec["inputs"] = inputs
    dag: dict[str, Any] = {"tasks": {name: task_spec}}
    outputs: dict[str, Any] = {}
    for output_name, output_spec in spec.outputs.items():
        if output_spec.type.is_artifact:
            outputs.setdefault("artifacts", {})[output_name] = {
                "artifactSelectors": [{"outputArtifactKey": output_name, "producerSubtask": name}]}
        else:
            outputs.setdefault("parameters", {})[output_name] = {
                "valueFromParameter": {"outputParameterKey": output_name, "producerSubtask": name}}
    if outputs:
        dag["outputs"] = outputs
    root["dag"] = dag
    component_ir = interface_ir(spec)
    component_ir["executorLabel"] = exec_name(name)
    if isinstance(component, ImporterComponent):
        executor = executors.importer_executor(task)
    else:
        executor = executors.container_executor(task, lambda value: value,
                                                executors.base_container(task, sources))
    return {
        "components": {comp_name(name): component_ir},
        "deploymentSpec": {"executors": {exec_name(name): executor}},
        "pipelineInfo": {"name": name},
        "root": root,
        "schemaVersion": "2.1.0",
        "sdkVersion": SDK_VERSION,
    }
