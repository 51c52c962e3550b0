"""The IR vocabulary (kfp_lite.ir_types): one table, its value rules, and no second copy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kfp_lite import ir_types
from kfp_lite.dsl.io_types import IOType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = [ROOT / "kfp_lite", ROOT / "compiler", ROOT / "ir_schema"]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=4), inner, max_size=4)),
    max_leaves=12)


def test_every_ir_type_is_in_the_table_in_proto_enum_order() -> None:
    assert ir_types.NAMES == ("NUMBER_DOUBLE", "NUMBER_INTEGER", "STRING", "BOOLEAN", "LIST",
                              "STRUCT", "TASK_FINAL_STATUS", "TASK_CONFIG")
    assert ir_types.BACKEND_FILLED == ("TASK_FINAL_STATUS", "TASK_CONFIG")
    assert set(ir_types.SETTABLE) | set(ir_types.BACKEND_FILLED) == set(ir_types.NAMES)


@pytest.mark.parametrize(("annotation", "ir_name", "display"), [
    ("Integer", "NUMBER_INTEGER", "int"), ("int", "NUMBER_INTEGER", "int"),
    ("Float", "NUMBER_DOUBLE", "float"), ("String", "STRING", "str"),
    ("Boolean", "BOOLEAN", "bool"), ("typing.List[int]", "LIST", "list"),
    ("Dict[str, int]", "STRUCT", "dict"), ("JsonObject", "STRUCT", "dict"),
    ("PipelineTaskFinalStatus", "TASK_FINAL_STATUS", "PipelineTaskFinalStatus"),
    ("TaskConfig", "TASK_CONFIG", "TaskConfig"),
])
def test_type_texts_map_to_ir_names_and_display_names(annotation: str, ir_name: str,
                                                      display: str) -> None:
    assert ir_types.parameter_type_of(annotation) == ir_name
    assert ir_types.display_name(ir_name) == display
    assert IOType(annotation).display() == display


def test_unknown_names_are_not_parameter_types() -> None:
    assert ir_types.parameter_type_of("Dataset") is None
    assert ir_types.display_name("SOMETHING") == "SOMETHING"
    assert ir_types.display_name("SOMETHING", "?") == "?"
    assert ir_types.type_text_of("SOMETHING") is None


@pytest.mark.parametrize(("ir_name", "good", "bad"), [
    ("NUMBER_INTEGER", [3, -1], [3.0, True, "3"]),
    ("NUMBER_DOUBLE", [3, 2.5], [True, "2.5"]),
    ("STRING", ["", "x"], [1, None]),
    ("BOOLEAN", [True, False], [0, "true"]),
    ("LIST", [[], (1,)], [{}, "[]"]),
    ("STRUCT", [{}], [[], "{}"]),
])
def test_python_values_of_each_type(ir_name: str, good: list, bad: list) -> None:
    assert all(ir_types.accepts_python(ir_name, v) for v in good)
    assert not any(ir_types.accepts_python(ir_name, v) for v in bad)


def test_json_lists_are_lists_and_proto_integers_may_be_floats() -> None:
    assert not ir_types.accepts_json("LIST", (1, 2))
    assert ir_types.accepts_json("LIST", [1, 2])
    assert ir_types.accepts_proto("NUMBER_INTEGER", 3.0)
    assert not ir_types.accepts_proto("NUMBER_INTEGER", 3.5)
    assert not ir_types.accepts_json("NUMBER_INTEGER", 3.0)


def test_types_without_values_accept_anything_and_have_no_zero() -> None:
    for name in ir_types.BACKEND_FILLED:
        assert ir_types.accepts_python(name, object())
        assert ir_types.zero_value(name) == ""
    assert [ir_types.zero_value(n) for n in ir_types.SETTABLE] == [0.0, 0, "", False, [], {}]


@given(json_values)
def test_a_value_written_to_the_ir_reads_back_as_it_was(value: object) -> None:
    for name in ir_types.SETTABLE:
        if not ir_types.accepts_json(name, value):
            continue
        stored = ir_types.default_value(name, value)
        assert ir_types.accepts_proto(name, stored)
        assert ir_types.coerce(stored, name) == value


@given(st.integers(-(2**53), 2**53))
def test_integers_come_back_as_ints(number: int) -> None:
    back = ir_types.coerce(ir_types.default_value("NUMBER_INTEGER", number), "NUMBER_INTEGER")
    assert back == number and type(back) is int


def _vocabulary_tables(path: Path) -> list[int]:
    """Lines of dict, set, list or tuple literals naming three or more IR parameter types."""
    names = set(ir_types.NAMES)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            items = node.keys + node.values
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        else:
            continue
        mentioned = {i.value for i in items if isinstance(i, ast.Constant) and i.value in names}
        if len(mentioned) >= 3:
            found.append(node.lineno)
    return found


def test_no_module_keeps_its_own_copy_of_the_type_table() -> None:
    # the executor runs inside task containers from its own source: it may keep its own copy
    allowed = {ROOT / "kfp_lite" / "ir_types.py", ROOT / "kfp_lite" / "executor.py"}
    copies = {
        str(path.relative_to(ROOT)): lines
        for folder in PACKAGE_DIRS for path in sorted(folder.rglob("*.py"))
        if path not in allowed and (lines := _vocabulary_tables(path))
    }
    assert copies == {}, f"use kfp_lite.ir_types instead of these tables: {copies}"
