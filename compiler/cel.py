"""Conditions as the CEL expressions of ``triggerPolicy.condition``, written as kfp writes them.

Channel operands read ``inputs.parameter_values['pipelinechannel--<name>']`` (integers wrapped
in ``int(...)``), literals are rendered plainly, operands of different types are promoted
(string > bool > double > int), negated operations are ``!(...)`` and several operations are
joined with `` && ``. Problems (list/struct/artifact operands) come back as messages so that
the check pass can report them with their place.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from kfp_lite import ir_types
from kfp_lite.dsl.channels import ConditionOperation, PipelineChannel

# the Python types of constants a condition can compare: CEL's scalars
_LITERAL_TYPES = {python: name for python, name in ir_types.OF_PYTHON_TYPE.items()
                  if name in ir_types.SCALARS}


def operand_type(value: Any) -> Optional[str]:
    if isinstance(value, PipelineChannel):
        return None if value.is_artifact else value.io_type.parameter_type
    return _LITERAL_TYPES.get(type(value))


def condition_problem(op: ConditionOperation) -> Optional[str]:
    """Why a comparison cannot be compiled to CEL (None when it can)."""
    for value in (op.left_operand, op.right_operand):
        if isinstance(value, PipelineChannel):
            if value.is_artifact:
                return f"the artifact '{value.full_name}' cannot be compared; only parameters can"
            ptype = value.io_type.parameter_type
            if ptype in ("LIST", "STRUCT", None):
                return (f"'{value.full_name}' is a {value.io_type.display()}; conditions compare "
                        "str, int, float or bool values")
        elif operand_type(value) is None:
            return f"cannot compare with the constant {value!r} of type {type(value).__name__}"
    left, right = operand_type(op.left_operand), operand_type(op.right_operand)
    if left == right:
        return None
    text_order = ordered_text(op)
    if text_order is not None:
        channel, number = text_order
        return (f"orders the str value '{channel.full_name}' against the number {number!r} with "
                f"'{op.operator}'; the backend would compare them as text, where '10' < '9'")
    types = {left, right}
    if "BOOLEAN" in types and "STRING" not in types:
        return "compares a number with a bool"
    if "STRING" in types:
        # a number or bool *channel* against a string would be quoted into broken CEL
        for value, ptype in ((op.left_operand, left), (op.right_operand, right)):
            if isinstance(value, PipelineChannel) and ptype != "STRING":
                return (f"compares the {value.io_type.display()} value '{value.full_name}' with a "
                        "string; the backend cannot evaluate that")
    return None


_ORDERING = ("<", ">", "<=", ">=")


def ordered_text(op: ConditionOperation) -> Optional[tuple[PipelineChannel, Any]]:
    """(str channel, number) when ``op`` orders a str value against a number constant.

    kfp quotes the number into the CEL (``x < '5'``), a comparison of text; ``==``/``!=``
    against a quoted number stay allowed, as they mean what they say.
    """
    if op.operator not in _ORDERING:
        return None
    for value, other in ((op.left_operand, op.right_operand), (op.right_operand, op.left_operand)):
        if (isinstance(value, PipelineChannel) and not value.is_artifact
                and value.io_type.parameter_type == ir_types.STRING
                and not isinstance(other, PipelineChannel)
                and operand_type(other) in (ir_types.NUMBER_INTEGER, ir_types.NUMBER_DOUBLE)):
            return value, other
    return None


def _canonical(types: set[str]) -> str:
    if len(types) == 1:
        return next(iter(types))
    if "STRING" in types:
        return "STRING"
    if "BOOLEAN" in types:
        return "BOOLEAN"
    return "NUMBER_DOUBLE"


def operation_to_cel(op: ConditionOperation, input_name: Callable[[PipelineChannel], str]) -> str:
    types = {operand_type(op.left_operand) or "STRING", operand_type(op.right_operand) or "STRING"}
    canonical = _canonical(types)
    rendered = []
    for value in (op.left_operand, op.right_operand):
        if isinstance(value, PipelineChannel):
            text = f"inputs.parameter_values['{input_name(value)}']"
            ptype = value.io_type.parameter_type
            if ptype == "NUMBER_INTEGER":
                text = f"int({text})"
        elif isinstance(value, str):
            text, ptype = f"'{value}'", "STRING"
        elif isinstance(value, bool):
            text, ptype = str(value).lower(), "BOOLEAN"
        else:
            text, ptype = str(value), _LITERAL_TYPES.get(type(value), "NUMBER_DOUBLE")
        if ptype != canonical:
            if canonical == "STRING":
                text = f"'{text}'"
            elif canonical == "BOOLEAN":
                text = "true" if text in ("0", "0.0") else "false"
            else:
                text = f"double({text})"
        rendered.append(text)
    expression = f"{rendered[0]} {op.operator} {rendered[1]}"
    return f"!({expression})" if op.negate else expression


def conditions_to_cel(ops: list[ConditionOperation], input_name: Callable[[PipelineChannel], str]) -> str:
    return " && ".join(operation_to_cel(op, input_name) for op in ops)
