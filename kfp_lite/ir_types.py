"""The IR's parameter types, defined once: their names, the Python types they come from,
how they are shown, and the rules for their values.

A parameter of a PipelineSpec has a ``parameterType`` (``NUMBER_INTEGER``, ``STRING``, ...).
Every layer needs the same facts about those names: the authoring layer maps annotations to
them, the compiler writes values as the IR stores them (protobuf's JSON: every number a
float), the runner and the ``-p`` parser read values back, the graph and messages show them
as ``int``/``str``, and the schema checks literal values against them. This module is that
vocabulary. It imports only the standard library and nothing else of kfp_lite, so every
package (``ir_schema`` included) may import it at no cost.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Optional

STRING = "STRING"
NUMBER_INTEGER = "NUMBER_INTEGER"
NUMBER_DOUBLE = "NUMBER_DOUBLE"
BOOLEAN = "BOOLEAN"
LIST = "LIST"
STRUCT = "STRUCT"
TASK_FINAL_STATUS = "TASK_FINAL_STATUS"
TASK_CONFIG = "TASK_CONFIG"


@dataclass(frozen=True)
class ParameterType:
    """One IR parameter type and how the SDK sees it."""

    name: str  # the IR's parameterType
    display: str  # how messages, the YAML header and graphs name it: 'int'
    type_text: str  # the type text kfp's SDK gives it: 'Integer'
    python_type: Optional[type]  # the type of its values; None: the backend fills it in
    accepts: tuple[type, ...]  # the Python values an author may give (an int for a float)

    @property
    def settable(self) -> bool:
        """Whether a user can give it a value (the backend fills status and task config)."""
        return self.python_type is not None


# In the order of the IR's ParameterTypeEnum.
PARAMETER_TYPES: dict[str, ParameterType] = {t.name: t for t in (
    ParameterType(NUMBER_DOUBLE, "float", "Float", float, (int, float)),
    ParameterType(NUMBER_INTEGER, "int", "Integer", int, (int,)),
    ParameterType(STRING, "str", "String", str, (str,)),
    ParameterType(BOOLEAN, "bool", "Boolean", bool, (bool,)),
    ParameterType(LIST, "list", "List", list, (list, tuple)),
    ParameterType(STRUCT, "dict", "Dict", dict, (dict,)),
    ParameterType(TASK_FINAL_STATUS, "PipelineTaskFinalStatus", "PipelineTaskFinalStatus", None, ()),
    ParameterType(TASK_CONFIG, "TaskConfig", "TaskConfig", None, ()),
)}

NAMES: tuple[str, ...] = tuple(PARAMETER_TYPES)
SETTABLE: tuple[str, ...] = tuple(n for n, t in PARAMETER_TYPES.items() if t.settable)
BACKEND_FILLED: tuple[str, ...] = tuple(n for n, t in PARAMETER_TYPES.items() if not t.settable)
SCALARS: tuple[str, ...] = (NUMBER_DOUBLE, NUMBER_INTEGER, STRING, BOOLEAN)

# IR name -> display name ('int'): read on hot paths (messages, the YAML header)
DISPLAY: dict[str, str] = {n: t.display for n, t in PARAMETER_TYPES.items()}

# Python value type -> its IR name, and the type text kfp gives constants and builtin
# annotations of that type ('Integer')
OF_PYTHON_TYPE: dict[type, str] = {
    t.python_type: t.name for t in PARAMETER_TYPES.values() if t.python_type is not None}
PYTHON_TYPE_TEXT: dict[type, str] = {
    t.python_type: t.type_text for t in PARAMETER_TYPES.values() if t.python_type is not None}

# Names of types in annotations and component files (lowercased) -> IR name, as kfp reads them
TYPE_TEXT_NAMES: dict[str, str] = {
    "integer": NUMBER_INTEGER,
    "int": NUMBER_INTEGER,
    "double": NUMBER_DOUBLE,
    "float": NUMBER_DOUBLE,
    "string": STRING,
    "str": STRING,
    "text": STRING,
    "bool": BOOLEAN,
    "boolean": BOOLEAN,
    "dict": STRUCT,
    "list": LIST,
    "jsonobject": STRUCT,
    "jsonarray": LIST,
}

_SHORT_NAME = re.compile(r"(typing\.)?(?P<type>\w+)(?:\[.+\])?")


def short_type_name(type_text: str) -> str:
    """``typing.List[int]`` -> ``List``."""
    match = _SHORT_NAME.match(type_text)
    return match["type"] if match else type_text


def parameter_type_of(type_text: str) -> Optional[str]:
    """The IR parameterType of a type text, or None when it is not a parameter type."""
    if type_text == "PipelineTaskFinalStatus":
        return TASK_FINAL_STATUS
    if type_text == "TaskConfig":
        return TASK_CONFIG
    return TYPE_TEXT_NAMES.get(short_type_name(type_text).lower())


def display_name(parameter_type: Optional[str], unknown: Optional[str] = None) -> str:
    """``NUMBER_INTEGER`` -> ``int``; an unknown name -> ``unknown`` (default: the name itself)."""
    name = DISPLAY.get(parameter_type or "")
    if name is not None:
        return name
    return unknown if unknown is not None else (parameter_type or "")


def type_text_of(parameter_type: str) -> Optional[str]:
    """``NUMBER_INTEGER`` -> ``Integer``, the type text kfp gives a loaded input; None if unknown."""
    known = PARAMETER_TYPES.get(parameter_type)
    return known.type_text if known else None


def zero_value(parameter_type: str) -> Any:
    """The empty value of a settable type (0, 0.0, '', False, [], {}); '' for any other."""
    known = PARAMETER_TYPES.get(parameter_type)
    return known.python_type() if known and known.python_type else ""


# --- value rules -----------------------------------------------------------------------------
# Three forms of a value meet these types: what an author writes in Python, the JSON a run
# passes around, and the protobuf JSON the IR stores (every number a float).


def accepts_python(parameter_type: Optional[str], value: Any) -> bool:
    """Whether an author's value fits: an int fits a float, a tuple a list, a bool no number.

    Types that take no value, or that are unknown, accept anything (others report those).
    """
    known = PARAMETER_TYPES.get(parameter_type or "")
    if known is None or not known.settable:
        return True
    if isinstance(value, bool):
        return bool in known.accepts
    return isinstance(value, known.accepts)


def accepts_json(parameter_type: Optional[str], value: Any) -> bool:
    """Whether a JSON value fits: as :func:`accepts_python`, but a list is a list."""
    if parameter_type == LIST:
        return isinstance(value, list)
    return accepts_python(parameter_type, value)


def accepts_proto(parameter_type: Optional[str], value: Any) -> bool:
    """Whether a value as the IR stores it fits: an integer may be written as ``3.0``."""
    if parameter_type == NUMBER_INTEGER:
        return _is_number(value) and float(value).is_integer()
    return accepts_json(parameter_type, value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def to_value(value: Any) -> Any:
    """A Python constant as ``google.protobuf.Value`` writes it: every number a float."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return {str(k): to_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_value(v) for v in value]
    return str(value)


def default_value(parameter_type: str, value: Any) -> Any:
    """A parameter default as the IR stores it for the given parameterType."""
    if parameter_type in (NUMBER_INTEGER, NUMBER_DOUBLE):
        return float(value) if _is_number(value) else to_value(value)
    return to_value(value)


def coerce(value: Any, parameter_type: str) -> Any:
    """Give a stored or passed value the Python type its IR type promises.

    The IR and protobuf write integers as floats; outputs of tasks and command-line values
    arrive as text. Values that cannot be read as the type are returned unchanged (the
    caller's :func:`accepts_json` check then reports them).
    """
    if value is None:
        return None
    if parameter_type == NUMBER_INTEGER:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                return value
    if parameter_type == NUMBER_DOUBLE and isinstance(value, (int, str)):
        if isinstance(value, bool):
            return value
        try:
            return float(value)
        except ValueError:
            return value
    if parameter_type in (LIST, STRUCT) and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if parameter_type == BOOLEAN and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


__all__ = [
    "BACKEND_FILLED", "BOOLEAN", "DISPLAY", "LIST", "NAMES", "NUMBER_DOUBLE", "NUMBER_INTEGER",
    "OF_PYTHON_TYPE", "PARAMETER_TYPES", "PYTHON_TYPE_TEXT", "ParameterType", "SCALARS",
    "SETTABLE", "STRING", "STRUCT",
    "TASK_CONFIG", "TASK_FINAL_STATUS", "TYPE_TEXT_NAMES", "accepts_json", "accepts_proto",
    "accepts_python", "coerce", "default_value", "display_name", "parameter_type_of",
    "short_type_name", "to_value", "type_text_of", "zero_value",
]


# -- numbers a PipelineSpec can carry --------------------------------------------------------
# Values travel as google.protobuf.Value, whose numbers are doubles written as JSON: JSON has no
# NaN or infinity, and a double holds integers exactly only up to 2**53. Such values are refused
# wherever they enter a pipeline (defaults, -p, run configurations, constant arguments).

MAX_EXACT_INTEGER = 2**53


def number_problem(value: Any) -> Optional[str]:
    """Why ``value`` (or a number inside a list or dict of it) cannot be stored, else None."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, float):
            if math.isnan(item):
                return "is NaN, which a pipeline cannot hold (its JSON has no NaN)"
            if math.isinf(item):
                return f"is {'-' if item < 0 else ''}infinity, which a pipeline cannot hold (its JSON has no infinity)"
        elif isinstance(item, int):
            if abs(item) > MAX_EXACT_INTEGER:
                return (f"is the integer {_short(item)}, beyond +/-2**53 ({MAX_EXACT_INTEGER:,}): "
                        "the pipeline's numbers are doubles and would round it; pass it as a string")
        elif isinstance(item, (list, tuple, dict)):
            if id(item) in seen:
                continue
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return None


def _short(number: int) -> str:
    digits = len(str(abs(number))) if abs(number) < 10**4000 else None
    if digits is not None and digits <= 30:
        return str(number)
    return f"of {digits:,} digits" if digits else "of more than 4,000 digits"
