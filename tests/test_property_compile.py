"""Properties of random pipelines with nested control flow (If/Elif/Else, ParallelFor over
constants, dicts and parameters, Collected, ExitHandler, nested pipelines, loop items in
f-strings): they compile, the document is valid IR (``kfp-lite validate``: our JSON Schema and
reference checks, and the protobuf of kfp-pipeline-spec), and compiling the same source
again gives the same bytes."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kfp_lite import compiler, dsl, ir_schema


@dsl.component
def produce(n: int) -> int:
    return n + 1


@dsl.component
def total(values: list) -> int:
    return sum(values)


@dsl.component
def show(text: str) -> str:
    return text


@dsl.pipeline
def inner(n: int = 1) -> int:
    return produce(n=produce(n=n).output).output


# a block is ("task",), ("fstring",), ("nested",), ("if", op, blocks), ("elif", blocks),
# ("else", blocks) or ("loop", items, blocks); ("exit", blocks) only first at the top level.
# An If/Elif chain always ends with an Else: without one, what follows it lands in the
# chain's group, as in kfp.
blocks = st.recursive(
    st.sampled_from([("task",), ("fstring",), ("nested",)]),
    lambda children: st.one_of(
        st.tuples(st.just("if"), st.sampled_from(["==", "!=", "<", ">="]),
                  st.lists(children, min_size=1, max_size=3)),
        st.tuples(st.just("elif"), st.lists(children, min_size=1, max_size=2)),
        st.tuples(st.just("else"), st.lists(children, min_size=1, max_size=2)),
        st.tuples(st.just("loop"), st.sampled_from(["ints", "dicts", "param"]),
                  st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=10,
)
exit_blocks = st.tuples(st.just("exit"), st.lists(blocks, min_size=1, max_size=3))
programs = st.builds(lambda first, rest: [first, *rest], st.one_of(exit_blocks, blocks),
                     st.lists(blocks, min_size=0, max_size=3))

COMPARE = {
    "==": lambda x: x == 3,
    "!=": lambda x: x != 3,
    "<": lambda x: x < 3,
    ">=": lambda x: x >= 3,
}


def emit(block: Any, value: Any, numbers: Any, depth: int) -> Any:
    """Write one block into the pipeline being traced; returns the last task made."""
    kind = block[0]
    if kind == "task":
        return produce(n=value)
    if kind == "fstring":
        show(text=f"value {value}")
        return produce(n=1)
    if kind == "nested":
        return inner(n=value)
    if kind == "exit":
        with dsl.ExitHandler(show(text="done")):
            for child in block[1]:
                emit(child, value, numbers, depth + 1)
        return produce(n=value)
    gate = produce(n=value)
    if kind == "if":
        with dsl.If(COMPARE[block[1]](gate.output)):
            for child in block[2]:
                emit(child, gate.output, numbers, depth + 1)
        return gate
    if kind == "elif":
        with dsl.If(gate.output > 2):
            produce(n=gate.output)
        with dsl.Elif(gate.output == 1):
            for child in block[1]:
                emit(child, gate.output, numbers, depth + 1)
        with dsl.Else():  # closes the chain's group (see the note above)
            produce(n=value)
        return gate
    if kind == "else":
        with dsl.If(gate.output > 1):
            produce(n=gate.output)
        with dsl.Else():
            for child in block[1]:
                emit(child, gate.output, numbers, depth + 1)
        return gate
    items = {"ints": [1, 2, 3], "dicts": [{"a": 1}, {"a": 2}], "param": numbers}[block[1]]
    last = None
    with dsl.ParallelFor(items, parallelism=depth) as item:
        for child in block[2]:
            last = emit(child, item.a if block[1] == "dicts" else item, numbers, depth + 1)
    if last is not None:
        total(values=dsl.Collected(last.output))
    return gate


def build(program: list[Any]) -> Any:
    """A new pipeline object for ``program`` (so each compile traces afresh)."""

    @dsl.pipeline(name="random-flow")
    def random_flow(start: int = 1, numbers: list = [1, 2]):  # noqa: B006 - kfp reads defaults here
        for block in program:
            emit(block, start, numbers, 0)

    return random_flow


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs)
def test_random_control_flow_compiles_to_valid_deterministic_ir(program: list[Any]) -> None:
    first = compiler.compile_text(build(program))
    assert compiler.compile_text(build(program)) == first
    documents = list(yaml.safe_load_all(first))
    problems = ir_schema.validate_documents(documents)
    assert problems == [], [str(p) for p in problems]
    json_format = pytest.importorskip("google.protobuf.json_format")
    pipeline_spec_pb2 = pytest.importorskip("kfp.pipeline_spec.pipeline_spec_pb2")
    json_format.ParseDict(documents[0], pipeline_spec_pb2.PipelineSpec())
