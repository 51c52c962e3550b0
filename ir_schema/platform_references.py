"""Reference checks of the Kubernetes settings in the platform document.

A setting's run-time value is read like a task input, where the task that runs the executor
sits: ``componentInputParameter`` must name an input parameter of the component whose DAG
holds that task, ``taskOutputParameter`` a task of the same DAG and one of its output
parameters. An executor used by tasks in several DAGs must fit each of them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from kfp_lite.ir_schema.problem import Problem, child, did_you_mean

_Place = Tuple[Dict[str, Any], Dict[str, Any]]  # (component owning the DAG, the DAG's tasks)


def _map(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _places(spec: Dict[str, Any]) -> Dict[str, List[_Place]]:
    """Executor label -> every (enclosing component, sibling tasks) where a task runs it."""
    components = _map(spec.get("components"))
    places: Dict[str, List[_Place]] = {}
    owners = list(components.values()) + [spec.get("root")]
    for owner in owners:
        tasks = _map(_map(_map(owner).get("dag")).get("tasks"))
        for task in tasks.values():
            ref = _map(_map(task).get("componentRef")).get("name")
            label = _map(components.get(ref)).get("executorLabel") if isinstance(ref, str) else None
            if isinstance(label, str):
                places.setdefault(label, []).append((_map(owner), tasks))
    return places


def _output_parameters(spec: Dict[str, Any], task: Any) -> List[str]:
    ref = _map(_map(task).get("componentRef")).get("name")
    component = _map(_map(spec.get("components")).get(ref)) if isinstance(ref, str) else {}
    return [k for k in _map(_map(component.get("outputDefinitions")).get("parameters")) if isinstance(k, str)]


def _sources(node: Any, path: str):
    """Every mapping that reads a run-time value, with its path (constants are not searched)."""
    if isinstance(node, dict):
        if "componentInputParameter" in node or "taskOutputParameter" in node:
            yield path, node
        for key, value in node.items():
            if key != "runtimeValue" and isinstance(key, str):
                yield from _sources(value, child(path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _sources(value, child(path, index))


def kubernetes_reference_problems(platform: Dict[str, Any], spec: Dict[str, Any]) -> List[Problem]:
    kubernetes = _map(_map(platform.get("platforms")).get("kubernetes"))
    executors = _map(_map(kubernetes.get("deploymentSpec")).get("executors"))
    if not executors:
        return []
    places = _places(spec)
    problems: List[Problem] = []
    base = child("platforms", "kubernetes", "deploymentSpec", "executors")
    for label, config in executors.items():
        for path, source in _sources(config, child(base, str(label))):
            for owner, siblings in places.get(str(label), []):
                problem = _check(spec, source, path, owner, siblings)
                if problem is not None:
                    problems.append(problem)
                    break  # one report per reference, even if several DAGs use the executor
    return problems


def _check(spec: Dict[str, Any], source: Dict[str, Any], path: str, owner: Dict[str, Any],
           siblings: Dict[str, Any]) -> Any:
    name = source.get("componentInputParameter")
    if isinstance(name, str):
        inputs = [k for k in _map(_map(owner.get("inputDefinitions")).get("parameters")) if isinstance(k, str)]
        if name not in inputs:
            return Problem(child(path, "componentInputParameter"),
                           f"{name!r} is not an input parameter of the component whose DAG runs this executor",
                           did_you_mean(name, inputs) if len(inputs) < 2000 else None, 2)
        return None
    output = _map(source.get("taskOutputParameter"))
    producer, key = output.get("producerTask"), output.get("outputParameterKey")
    if isinstance(producer, str):
        if producer not in siblings:
            names = [k for k in siblings if isinstance(k, str)]
            return Problem(child(path, "taskOutputParameter", "producerTask"),
                           f"{producer!r} is not a task of the DAG that runs this executor",
                           did_you_mean(producer, names) if len(names) < 2000 else None, 2)
        outputs = _output_parameters(spec, siblings[producer])
        if isinstance(key, str) and key not in outputs:
            return Problem(child(path, "taskOutputParameter", "outputParameterKey"),
                           f"{key!r} is not an output parameter of task {producer!r}",
                           did_you_mean(key, outputs), 2)
    return None


__all__ = ["kubernetes_reference_problems"]
