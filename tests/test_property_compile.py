"""Properties of random pipelines with nested control flow: they compile, the document is
valid IR (our JSON Schema and reference checks, and the protobuf of kfp-pipeline-spec), and
compiling the same source again gives the same bytes."""

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


# a block is ("task",), ("if", op, blocks), ("else", blocks) or ("loop", items, blocks)
blocks = st.recursive(
    st.just(("task",)),
    lambda children: st.one_of(
        st.tuples(st.just("if"), st.sampled_from(["==", "!=", "<", ">="]),
                  st.lists(children, min_size=1, max_size=3)),
        st.tuples(st.just("else"), st.lists(children, min_size=1, max_size=2)),
        st.tuples(st.just("loop"), st.sampled_from(["ints", "dicts", "param"]),
                  st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=10,
)
programs = st.lists(blocks, min_size=1, max_size=4)

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
    gate = produce(n=value)
    if kind == "if":
        with dsl.If(COMPARE[block[1]](gate.output)):
            for child in block[2]:
                emit(child, gate.output, numbers, depth + 1)
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
