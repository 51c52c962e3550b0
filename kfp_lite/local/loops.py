"""``ParallelFor`` in a spec: one scope per loop item, and the loop's outputs collected from
its iterations (``dsl.Collected``). The scheduler runs the iterations."""

from __future__ import annotations

import json
from typing import Mapping, Sequence

from kfp_lite.ir_schema import spec_walk as walk

from .spec import coerce_parameter
from .states import BLOCKING_STATES, FAILED, SUCCEEDED, Scope, TaskFailure, TaskOutcome

__all__ = ["collect_iterations", "iteration_name", "iteration_scopes"]


def iteration_name(index: int) -> str:
    """The folder of one iteration inside the loop task's folder."""
    return f"iteration-{index}"


def iteration_scopes(
    task: Mapping, component: Mapping, params: dict, artifacts: dict
) -> list[Scope]:
    """The scope of each iteration, in item order; TaskFailure when the items are no list."""
    iterator = walk.iterator_of(task)
    assert iterator is not None
    if iterator.artifact:
        items = artifacts.get(iterator.items_input or "", [])
        return [Scope(dict(params), {**artifacts, iterator.item_input: [i]}) for i in items]
    if iterator.raw is not None:
        values = json.loads(iterator.raw) if isinstance(iterator.raw, str) else iterator.raw
    else:
        values = params.get(iterator.items_input or "")
        if isinstance(values, str):
            try:
                values = json.loads(values)
            except ValueError as exc:
                raise TaskFailure(f"loop items are not a JSON list: {values[:80]!r}") from exc
    if not isinstance(values, list):
        raise TaskFailure(f"loop items are not a list: {values!r}")
    item_defs = component.get("inputDefinitions", {}).get("parameters", {})
    ptype = item_defs.get(iterator.item_input, {}).get("parameterType", "")
    return [
        Scope({**params, iterator.item_input: coerce_parameter(item, ptype)}, dict(artifacts))
        for item in values
    ]


def collect_iterations(component: Mapping, outcomes: Sequence[TaskOutcome]) -> TaskOutcome:
    """The loop's outcome: one value per iteration for each output; values of an inner loop
    are already lists and are flattened, as kfp's backend does."""
    result = TaskOutcome(SUCCEEDED)
    failed = [o for o in outcomes if o.state in BLOCKING_STATES]
    if failed:
        result.state, result.error = FAILED, failed[0].error
    inner_tasks = walk.dag_tasks(component)
    for selector in walk.dag_output_selectors(component):
        name = selector.output
        if selector.artifact:
            result.artifacts[name] = [a for o in outcomes for a in o.artifacts.get(name, [])]
            continue
        if name in result.parameters:
            continue
        nested = walk.iterator_of(inner_tasks.get(selector.producer or "", {})) is not None
        collected: list = []
        for o in outcomes:
            if name in o.parameters:
                value = o.parameters[name]
                collected.extend(value if nested and isinstance(value, list) else [value])
        result.parameters[name] = collected
    return result
