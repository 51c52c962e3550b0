"""The parts of kfp's authoring API real projects use beyond the basics: pipelines returning
several outputs, warnings that never fail a compile, old module paths."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from kfp_lite import compiler, dsl
from kfp_lite.diagnostics import CompileError


@dsl.component
def pair(n: int) -> NamedTuple("Pair", [("low", int), ("high", int)]):
    return (n, n + 1)


@dsl.component
def show(n: int) -> str:
    return str(n)


def _outputs_of(pipeline) -> dict:
    spec = compiler.compile_documents(pipeline).pipeline_spec
    return spec["root"]["dag"]["outputs"]["parameters"]


def test_a_pipeline_returns_a_tasks_whole_outputs() -> None:
    @dsl.pipeline
    def p(n: int = 1) -> NamedTuple("Out", [("low", int), ("high", int)]):
        return pair(n=n).outputs

    outputs = _outputs_of(p)
    assert sorted(outputs) == ["high", "low"]
    assert outputs["low"]["valueFromParameter"] == {"outputParameterKey": "low", "producerSubtask": "pair"}


class Out(NamedTuple):
    text: str
    high: int


def test_a_pipeline_returns_a_named_tuple_of_several_tasks_outputs() -> None:
    @dsl.pipeline
    def p(n: int = 1) -> Out:
        t = pair(n=n)
        return Out(text=show(n=t.outputs["low"]).output, high=t.outputs["high"])

    outputs = _outputs_of(p)
    assert outputs["text"]["valueFromParameter"]["producerSubtask"] == "show"
    assert outputs["high"]["valueFromParameter"]["producerSubtask"] == "pair"


def test_returning_outputs_the_annotation_does_not_declare_is_kfl310() -> None:
    @dsl.pipeline
    def p(n: int = 1) -> NamedTuple("Out", [("low", int)]):
        return pair(n=n).outputs

    with pytest.raises(CompileError) as err:
        compiler.compile_documents(p)
    assert [d.code for d in err.value.diagnostics if d.is_error] == ["KFL310"]
    assert "'high'" in str(err.value)


def test_a_deprecation_warning_never_fails_a_compile() -> None:
    @dsl.pipeline
    def on_exit(n: int = 1):
        with dsl.Condition(n == 1):
            show(n=n)

    @dsl.pipeline
    def p(n: int = 1):
        exit_task = on_exit(n=n)
        with dsl.ExitHandler(exit_task):
            t = show(n=n).set_gpu_limit(1)
            with dsl.Condition(t.output == "1"):
                show(n=n)

    result = compiler.compile_documents(p)
    assert {d.code for d in result.diagnostics} == {"KFL603"}
    assert all(not d.is_error for d in result.diagnostics)
