"""The condition check: every dsl.If/Elif/Condition compares values the backend can compare.

:func:`~.cel.condition_problem` says why one comparison cannot be written as CEL; this
module reports each such comparison once, at its place (an Elif or Else repeats the earlier
branches' comparisons, negated, with the same operands).
"""

from __future__ import annotations

from typing import Any

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic
from kfp_lite.dsl.channels import LoopArgument, LoopArgumentVariable
from kfp_lite.dsl.groups import _ConditionBase

from .cel import condition_problem, ordered_text
from .topology import Topology


def check_conditions(topology: Topology) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    reported: set[tuple[int, int, str, str]] = set()
    for group in topology.groups:
        if not isinstance(group, _ConditionBase):
            continue
        for op in group.conditions:
            problem = condition_problem(op)
            if not problem:
                continue
            # the operands are alive for the whole check, so their ids identify them here
            key = (id(op.left_operand), id(op.right_operand), op.operator, problem)
            if key in reported:
                continue
            reported.add(key)
            found.append(codes.BAD_CONDITION(f"condition of '{group.name}' {problem}",
                                             location=op.location or group.location, hint=condition_hint(op)))
    return found


def condition_hint(op: Any) -> str:
    ordered = ordered_text(op)
    if ordered is not None:
        channel, number = ordered
        quoted = f"or quote the constant if text order is meant: '{number}'"
        if getattr(channel, "task_name", None):
            return f"annotate the output of '{channel.task_name}' as int or float, {quoted}"
        if isinstance(channel, (LoopArgument, LoopArgumentVariable)):
            return f"loop over a list typed List[int] or List[float], {quoted}"
        return f"declare the pipeline parameter '{channel.name}' as int or float, {quoted}"
    for value in (op.left_operand, op.right_operand):
        if isinstance(value, LoopArgumentVariable) and value.is_with_items:
            return ("every field of a loop over a list of dicts takes the type of the first "
                    "item's first value (as in kfp); give every field the same type, or loop "
                    "over a typed pipeline parameter such as List[Dict[str, str]]")
    return "compare str, int, float or bool values of matching types"


__all__ = ["check_conditions", "condition_hint"]
