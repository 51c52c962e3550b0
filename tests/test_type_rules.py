"""One test per type-compatibility rule of kfp 2.17.3 (kfp_lite must accept and reject the same
edges; kfp's own verdict for each shape was checked with the reference SDK)."""

from __future__ import annotations

from typing import Dict, List

import pytest

from kfp_lite import compiler, dsl
from kfp_lite.diagnostics import CompileError
from kfp_lite.dsl import Artifact, Dataset, Input, Model, Output


class VersionedDataset(dsl.Artifact):
    schema_title = "system.Dataset"
    schema_version = "0.1.0"


class NewMajorDataset(dsl.Artifact):
    schema_title = "system.Dataset"
    schema_version = "1.0.0"


@dsl.component
def make_int() -> int:
    return 1


@dsl.component
def make_str_list() -> List[str]:
    return []


@dsl.component
def make_dataset(out: Output[Dataset]):
    pass


@dsl.component
def make_model(out: Output[Model]):
    pass


@dsl.component
def make_artifact(out: Output[Artifact]):
    pass


@dsl.component
def make_versioned(out: Output[VersionedDataset]):
    pass


@dsl.component
def make_new_major(out: Output[NewMajorDataset]):
    pass


@dsl.component
def take_int(x: int):
    pass


@dsl.component
def take_float(x: float):
    pass


@dsl.component
def take_str(x: str):
    pass


@dsl.component
def take_int_list(x: List[int]):
    pass


@dsl.component
def take_dict(x: Dict[str, float]):
    pass


@dsl.component
def take_dataset(x: Input[Dataset]):
    pass


@dsl.component
def take_artifact(x: Input[Artifact]):
    pass


@dsl.component
def take_dataset_list(x: Input[List[Dataset]]):
    pass


def errors_of(pipeline) -> list:
    try:
        compiler.compile_documents(pipeline)
    except CompileError as exc:
        return [d for d in exc.diagnostics if d.is_error]
    return []


def codes_of(pipeline) -> list[str]:
    return [d.code for d in errors_of(pipeline)]


def test_parameter_into_artifact_is_rejected():
    @dsl.pipeline
    def p():
        take_dataset(x=make_int().output)

    errors = errors_of(p)
    assert [d.code for d in errors] == ["KFL201"]
    assert "expects artifact system.Dataset, got parameter of type int" in errors[0].message


def test_artifact_into_parameter_is_rejected():
    @dsl.pipeline
    def p():
        take_str(x=make_dataset().outputs["out"])

    errors = errors_of(p)
    assert [d.code for d in errors] == ["KFL201"]
    assert "expects parameter of type str, got artifact system.Dataset" in errors[0].message


def test_int_does_not_widen_to_float():
    @dsl.pipeline
    def p():
        take_float(x=make_int().output)
        take_float(x=3)

    assert codes_of(p) == ["KFL201", "KFL201"]


def test_float_constant_into_float_is_accepted():
    @dsl.pipeline
    def p():
        take_float(x=3.0)

    assert codes_of(p) == []


def test_list_item_types_are_not_compared():
    @dsl.pipeline
    def p():
        take_int_list(x=make_str_list().output)

    assert codes_of(p) == []


def test_constant_types_map_to_parameter_types():
    @dsl.pipeline
    def p():
        take_str(x=1)
        take_int(x="1")
        take_int(x=True)
        take_dict(x=[1])
        take_int_list(x={"a": 1})

    assert codes_of(p) == ["KFL201"] * 5


def test_matching_constants_are_accepted():
    @dsl.pipeline
    def p():
        take_str(x="a")
        take_int(x=1)
        take_dict(x={"a": 1.0})
        take_int_list(x=[1, 2])

    assert codes_of(p) == []


def test_generic_artifact_accepts_any_artifact_and_feeds_any():
    @dsl.pipeline
    def p():
        take_artifact(x=make_model().outputs["out"])
        take_dataset(x=make_artifact().outputs["out"])

    assert codes_of(p) == []


def test_different_schema_titles_are_rejected():
    @dsl.pipeline
    def p():
        take_dataset(x=make_model().outputs["out"])

    errors = errors_of(p)
    assert [d.code for d in errors] == ["KFL201"]
    assert "system.Dataset" in errors[0].message and "system.Model" in errors[0].message


def test_same_major_schema_version_is_accepted():
    @dsl.pipeline
    def p():
        take_dataset(x=make_versioned().outputs["out"])

    assert codes_of(p) == []


def test_different_major_schema_version_is_rejected():
    @dsl.pipeline
    def p():
        take_dataset(x=make_new_major().outputs["out"])

    assert codes_of(p) == ["KFL201"]


def test_single_artifact_into_list_input_is_rejected():
    @dsl.pipeline
    def p():
        take_dataset_list(x=make_dataset().outputs["out"])

    errors = errors_of(p)
    assert [d.code for d in errors] == ["KFL201"]
    assert "List[system.Dataset]" in errors[0].message


def test_collected_artifacts_feed_a_list_input():
    @dsl.pipeline
    def p():
        with dsl.ParallelFor([1, 2]):
            made = make_dataset()
        take_dataset_list(x=dsl.Collected(made.outputs["out"]))

    assert codes_of(p) == []


def test_untyped_loop_items_are_not_checked():
    @dsl.pipeline
    def p(items: list = [1, 2]):  # noqa: B006 - kfp reads defaults from the signature
        with dsl.ParallelFor(items) as item:
            take_int(x=item)

    assert codes_of(p) == []


def test_typed_loop_items_are_checked():
    @dsl.pipeline
    def p(items: List[str] = ["a"]):  # noqa: B006
        with dsl.ParallelFor(items) as item:
            take_int(x=item)

    assert codes_of(p) == ["KFL201"]


def test_pipeline_output_type_is_checked():
    @dsl.pipeline
    def p() -> str:
        return make_int().output

    assert codes_of(p) == ["KFL210"]


def test_pipeline_defaults_are_not_type_checked_like_kfp_for_float():
    @dsl.pipeline
    def p(rate: float = 1):
        take_float(x=rate)

    assert codes_of(p) == []


@pytest.mark.parametrize("value", [object(), Dataset(), take_int])
def test_unpassable_constants_are_reported(value):
    @dsl.pipeline
    def p():
        take_str(x=value)

    assert codes_of(p) == ["KFL208"]


def test_disable_type_check_turns_mismatches_into_warnings():
    @dsl.pipeline
    def p():
        take_float(x=make_int().output)

    result = compiler.compile_documents(p, type_check=False)
    assert [(d.code, d.severity) for d in result.diagnostics] == [("KFL201", "warning")]
