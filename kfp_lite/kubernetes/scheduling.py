"""Where a task's pod may run: node selectors, node affinity and tolerations."""

from __future__ import annotations

import re
from typing import Any, List, Optional, Union

from kfp_lite import codes
from kfp_lite.dsl.channels import PipelineChannel
from kfp_lite.dsl.tasks import PipelineTask

from ._settings import config_of, kind_of, parameter, put, report, text

OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")
TOLERATION_OPERATORS = ("Equal", "Exists")
TOLERATION_EFFECTS = ("NoExecute", "NoSchedule", "PreferNoSchedule")
NODE_AFFINITY_FIELDS = ("preferred_during_scheduling_ignored_during_execution",
                        "required_during_scheduling_ignored_during_execution")
TOLERATION_KEYS = ("key", "operator", "value", "effect", "toleration_seconds")


def add_node_selector(task: PipelineTask, label_key: str, label_value: str) -> PipelineTask:
    """Run the task only on nodes whose label ``label_key`` has the value ``label_value``."""
    config = config_of(task, "add_node_selector")
    if config is None:
        return task
    if text(task, label_key, "add_node_selector", "label_key") and \
            text(task, label_value, "add_node_selector", "label_value"):
        config.setdefault("nodeSelector", {}).setdefault("labels", {})[label_key] = label_value
    return task


def add_node_selector_json(task: PipelineTask, node_selector_json: Union[PipelineChannel, dict]) -> PipelineTask:
    """Set the whole node selector at once, from a dict or a pipeline parameter holding one.

    It takes precedence over ``add_node_selector`` labels; a second call replaces the first.
    """
    config = config_of(task, "add_node_selector_json")
    if config is None:
        return task
    reference = parameter(task, node_selector_json, "add_node_selector_json", "node_selector_json",
                          constants=(dict,), text=False)
    if reference is not None:
        config.setdefault("nodeSelector", {})["nodeSelectorJson"] = reference
    return task


def _requirements(task: PipelineTask, terms: Any, argument: str) -> Optional[list]:
    function = "add_node_affinity"
    if terms is None:
        return []
    if not isinstance(terms, (list, tuple)) or not all(isinstance(t, dict) for t in terms):
        report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): '{argument}' must be a list of dicts, got "
               f"{kind_of(terms)}", task, expected="List[dict] with 'key', 'operator', 'values'",
               got=kind_of(terms), hint="e.g. [{'key': 'zone', 'operator': 'In', 'values': ['a', 'b']}]")
        return None
    result = []
    for term in terms:
        key, operator, values = term.get("key"), term.get("operator"), term.get("values", [])
        if not key or not isinstance(key, str):
            report(codes.K8S_BAD_VALUE, f"kubernetes.{function}(): an entry of '{argument}' has no 'key'",
                   task, expected="a non-empty 'key'", got=repr(term), hint="name the node label to match")
            return None
        if operator not in OPERATORS:
            report(codes.K8S_BAD_VALUE, f"kubernetes.{function}(): operator {operator!r} for key '{key}' in "
                   f"'{argument}' is not one Kubernetes knows", task, expected=", ".join(OPERATORS),
                   got=repr(operator), hint="use one of " + ", ".join(OPERATORS))
            return None
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
            report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): 'values' for key '{key}' must be a list of "
                   f"strings, got {kind_of(values)}", task, expected="List[str]", got=kind_of(values),
                   hint="write numbers as strings too, e.g. ['4']")
            return None
        entry: dict = {"key": key, "operator": operator}
        if values:
            entry["values"] = list(values)
        result.append(entry)
    return result


def add_node_affinity(
    task: PipelineTask,
    match_expressions: Optional[List[dict]] = None,
    match_fields: Optional[List[dict]] = None,
    weight: Optional[int] = None,
) -> PipelineTask:
    """Add a node affinity term: match node labels (``match_expressions``) or node fields
    (``match_fields``). Without ``weight`` the term is required; with a weight from 1 to 100
    it is preferred."""
    function = "add_node_affinity"
    config = config_of(task, function)
    if config is None:
        return task
    expressions = _requirements(task, match_expressions, "match_expressions")
    fields = _requirements(task, match_fields, "match_fields")
    if expressions is None or fields is None:
        return task
    term: dict = {}
    if expressions:
        term["matchExpressions"] = expressions
    if fields:
        term["matchFields"] = fields
    if weight is not None:
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            report(codes.K8S_BAD_VALUE, f"kubernetes.{function}(): weight must be a whole number from 1 to 100, "
                   f"got {kind_of(weight)}", task, expected="1..100", got=repr(weight),
                   hint="leave weight out for a required term")
            return task
        term["weight"] = float(weight)  # written through a protobuf Struct: a float, as kfp writes it
    config.setdefault("nodeAffinity", []).append(term)
    return task


def _snake(name: str) -> str:
    step = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z0-9])([A-Z])", r"\1_\2", step).lower()


def add_node_affinity_json(task: PipelineTask, node_affinity_json: Union[PipelineChannel, dict]) -> PipelineTask:
    """Set the node affinity from a Kubernetes ``NodeAffinity`` object (a dict or a pipeline
    parameter holding one); a second call replaces the first, other terms stay."""
    function = "add_node_affinity_json"
    config = config_of(task, function)
    if config is None:
        return task
    if isinstance(node_affinity_json, dict):
        unknown = sorted(str(k) for k in node_affinity_json if _snake(str(k)) not in NODE_AFFINITY_FIELDS)
        if unknown:
            report(codes.K8S_BAD_VALUE, f"kubernetes.{function}(): {', '.join(repr(k) for k in unknown)} "
                   "is not a field of a Kubernetes NodeAffinity", task,
                   expected="requiredDuringSchedulingIgnoredDuringExecution or "
                            "preferredDuringSchedulingIgnoredDuringExecution", got=", ".join(unknown),
                   hint="pass the nodeAffinity object itself, not the pod's whole affinity")
            return task
    reference = parameter(task, node_affinity_json, function, "node_affinity_json", constants=(dict,), text=False)
    if reference is None:
        return task
    terms = [t for t in config.get("nodeAffinity", []) if "nodeAffinityJson" not in t]
    terms.append({"nodeAffinityJson": reference})
    config["nodeAffinity"] = terms
    return task


def add_toleration(
    task: PipelineTask,
    key: Optional[str] = None,
    operator: Optional[str] = None,
    value: Optional[str] = None,
    effect: Optional[str] = None,
    toleration_seconds: Optional[int] = None,
) -> PipelineTask:
    """Let the task's pod run on nodes with a matching taint.

    ``operator`` is ``Equal`` (the default) or ``Exists``; ``effect`` is ``NoSchedule``,
    ``PreferNoSchedule`` or ``NoExecute`` (empty matches all); ``toleration_seconds`` bounds
    how long a ``NoExecute`` taint is tolerated.
    """
    function = "add_toleration"
    config = config_of(task, function)
    if config is None:
        return task
    if not all([text(task, key, function, "key", optional=True), text(task, value, function, "value", optional=True),
                text(task, operator, function, "operator", optional=True),
                text(task, effect, function, "effect", optional=True)]):
        return task
    for argument, given, allowed in (("operator", operator, TOLERATION_OPERATORS),
                                     ("effect", effect, TOLERATION_EFFECTS)):
        if given and given not in allowed:
            report(codes.K8S_BAD_VALUE, f"kubernetes.{function}(): {argument} {given!r} is not one Kubernetes "
                   "accepts", task, expected=", ".join(allowed), got=repr(given),
                   hint=f"use one of {', '.join(allowed)}, or leave it out")
            return task
    if toleration_seconds is not None and (isinstance(toleration_seconds, bool)
                                           or not isinstance(toleration_seconds, int)):
        report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): toleration_seconds must be a whole number, got "
               f"{kind_of(toleration_seconds)}", task, expected="int", got=kind_of(toleration_seconds))
        return task
    entry: dict = {}
    put(entry, "key", key)
    put(entry, "operator", operator)
    put(entry, "value", value)
    put(entry, "effect", effect)
    if toleration_seconds is not None:
        entry["tolerationSeconds"] = str(toleration_seconds)  # an int64: a string in proto JSON
    config.setdefault("tolerations", []).append(entry)
    return task


def _add_dict_toleration(task: PipelineTask, toleration: Any) -> None:
    if not isinstance(toleration, dict):
        report(codes.K8S_BAD_TYPE, "kubernetes.add_toleration_json(): each toleration must be a dict, got "
               f"{kind_of(toleration)}", task, expected="dict", got=kind_of(toleration))
        return
    unknown = sorted(str(k) for k in toleration if k not in TOLERATION_KEYS)
    if unknown:
        # kfp-kubernetes drops these silently; the compiled document is the same, but say so
        report(codes.K8S_IGNORED_KEY, f"kubernetes.add_toleration_json(): {', '.join(repr(k) for k in unknown)} "
               "is ignored in a constant toleration", task, expected=", ".join(TOLERATION_KEYS),
               got=", ".join(unknown), hint="the keys are read as add_toleration()'s argument names: "
               "write 'toleration_seconds', not 'tolerationSeconds'")
    add_toleration(task, key=toleration.get("key"), operator=toleration.get("operator"),
                   value=toleration.get("value"), effect=toleration.get("effect"),
                   toleration_seconds=toleration.get("toleration_seconds"))


def add_toleration_json(task: PipelineTask, toleration_json: Union[PipelineChannel, list, dict]) -> PipelineTask:
    """Add tolerations from a dict (one), a list of dicts, or a pipeline parameter holding either.

    A constant is added as ``add_toleration`` calls; a parameter is passed on whole and read
    when the task starts.
    """
    function = "add_toleration_json"
    if config_of(task, function) is None:
        return task
    if isinstance(toleration_json, PipelineChannel):
        reference = parameter(task, toleration_json, function, "toleration_json", text=False)
        if reference is not None:
            task.platform_config["kubernetes"].setdefault("tolerations", []).append({"tolerationJson": reference})
    elif isinstance(toleration_json, (list, tuple)):
        for toleration in toleration_json:
            _add_dict_toleration(task, toleration)
    elif isinstance(toleration_json, dict):
        _add_dict_toleration(task, toleration_json)
    else:
        report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): 'toleration_json' must be a dict, a list of "
               f"dicts or a pipeline parameter, got {kind_of(toleration_json)}", task,
               expected="dict, list or a pipeline parameter", got=kind_of(toleration_json))
    return task
