"""Small hand-written PipelineSpecs for the local runner tests: shell tasks, no Python.

``sh_task`` makes a container task whose command is ``sh -c SCRIPT``; its outputs are
written to the paths the runner gives (``$0`` is the first placeholder argument, etc.).
"""

from __future__ import annotations

import copy
from typing import Any, Optional


def sh_component(
    script: str,
    *,
    args: Optional[list] = None,
    inputs: Optional[dict] = None,
    outputs: Optional[dict] = None,
) -> tuple[dict, dict]:
    """(component, executor) for ``sh -c SCRIPT ARGS...`` (ARGS may be placeholders)."""
    component: dict[str, Any] = {}
    if inputs:
        component["inputDefinitions"] = inputs
    if outputs:
        component["outputDefinitions"] = outputs
    executor = {"container": {"image": "alpine", "command": ["sh", "-c", script, *(args or [])]}}
    return component, executor


def pipeline(name: str, tasks: dict, components: dict, executors: dict, root_inputs=None) -> dict:
    """A spec whose root DAG is ``tasks``; components get an executor label each."""
    comps = {}
    execs = {}
    for comp_name, component in components.items():
        component = copy.deepcopy(component)
        if comp_name in executors:
            label = f"exec-{comp_name}"
            component["executorLabel"] = label
            execs[label] = executors[comp_name]
        comps[f"comp-{comp_name}"] = component
    root: dict[str, Any] = {"dag": {"tasks": tasks}}
    if root_inputs:
        root["inputDefinitions"] = root_inputs
    return {
        "pipelineInfo": {"name": name},
        "schemaVersion": "2.1.0",
        "sdkVersion": "kfp-2.17.3",
        "deploymentSpec": {"executors": execs},
        "components": comps,
        "root": root,
    }


def task(component: str, *, inputs: Optional[dict] = None, after=(), cache: bool = True) -> dict:
    out: dict[str, Any] = {
        "componentRef": {"name": f"comp-{component}"},
        "taskInfo": {"name": component},
        "cachingOptions": {"enableCache": cache},
    }
    if inputs:
        out["inputs"] = inputs
    if after:
        out["dependentTasks"] = list(after)
    return out


ARTIFACT = {"artifactType": {"schemaTitle": "system.Artifact", "schemaVersion": "0.0.1"}}


def producer_consumer(produce_script: str, consume_script: str, *, cache: bool = True) -> dict:
    """``produce`` writes artifact ``data`` (path in $0); ``consume`` gets it as ``data``
    (path in $0) and writes parameter ``seen`` (file in $1)."""
    produce, produce_exec = sh_component(
        produce_script,
        args=["{{$.outputs.artifacts['data'].path}}"],
        outputs={"artifacts": {"data": ARTIFACT}},
    )
    consume, consume_exec = sh_component(
        consume_script,
        args=[
            "{{$.inputs.artifacts['data'].path}}",
            "{{$.outputs.parameters['seen'].output_file}}",
        ],
        inputs={"artifacts": {"data": ARTIFACT}},
        outputs={"parameters": {"seen": {"parameterType": "STRING"}}},
    )
    tasks = {
        "produce": task("produce", cache=cache),
        "consume": task(
            "consume",
            cache=cache,
            inputs={
                "artifacts": {
                    "data": {
                        "taskOutputArtifact": {
                            "producerTask": "produce",
                            "outputArtifactKey": "data",
                        }
                    }
                }
            },
        ),
    }
    return pipeline(
        "produce-consume",
        tasks,
        {"produce": produce, "consume": consume},
        {"produce": produce_exec, "consume": consume_exec},
    )


def loop_pipeline(items: int, script: str, *, limit: int = 0, cache: bool = False) -> dict:
    """A ParallelFor over ``range(items)``; each iteration runs ``sh -c SCRIPT ITEM``."""
    body, body_exec = sh_component(
        script,
        args=["{{$.inputs.parameters['n']}}"],
        inputs={"parameters": {"n": {"parameterType": "NUMBER_INTEGER"}}},
    )
    loop_task = {
        "componentRef": {"name": "comp-for-loop-1"},
        "taskInfo": {"name": "for-loop-1"},
        "parameterIterator": {
            "itemInput": "pipelinechannel--loop-item-param-1",
            "items": {"raw": str(list(range(items)))},
        },
    }
    if limit:
        loop_task["iteratorPolicy"] = {"parallelismLimit": limit}
    spec = pipeline("loop", {"for-loop-1": loop_task}, {"body": body}, {"body": body_exec})
    spec["components"]["comp-for-loop-1"] = {
        "dag": {
            "tasks": {
                "body": task(
                    "body",
                    cache=cache,
                    inputs={
                        "parameters": {
                            "n": {"componentInputParameter": "pipelinechannel--loop-item-param-1"}
                        }
                    },
                )
            }
        },
        "inputDefinitions": {
            "parameters": {
                "pipelinechannel--loop-item-param-1": {"parameterType": "NUMBER_INTEGER"}
            }
        },
    }
    return spec
