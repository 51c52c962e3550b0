"""Property: random pipelines compiled by kfp_lite are documents that ``ir_schema`` accepts."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

from kfp_lite import dsl

if not hasattr(dsl, "component") or not hasattr(dsl, "pipeline"):
    pytest.skip("kfp_lite.dsl has no component/pipeline yet", allow_module_level=True)

compiler = pytest.importorskip("kfp_lite.compiler")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kfp_lite import ir_schema  # noqa: E402


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.component
def make_data(n: int, data: dsl.Output[dsl.Dataset]) -> None:
    with open(data.path, "w") as handle:
        handle.write(str(n))


@dsl.component
def count(data: dsl.Input[dsl.Dataset]) -> int:
    with open(data.path) as handle:
        return len(handle.read())


# a step: (kind, first parent, second parent, extra .after() parent); parents are indices
# into the earlier steps, taken modulo their number
Step = Tuple[str, int, int, int]

steps_strategy = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "make", "count"]),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(-1, 50),
    ),
    min_size=1,
    max_size=12,
)


def _build(steps: List[Step]):
    """A pipeline of chains and fan-outs: each step consumes outputs of earlier steps."""

    @dsl.pipeline(name="random-pipeline")
    def random_pipeline(seed: int = 1):
        ints: list = []  # tasks with an int output
        datasets: list = []  # tasks with a Dataset output
        everything: list = []
        for kind, first, second, after in steps:
            if kind == "make":
                arg = ints[first % len(ints)].output if ints else seed
                task = make_data(n=arg)
                datasets.append(task)
            elif kind == "count" and datasets:
                task = count(data=datasets[first % len(datasets)].outputs["data"])
                ints.append(task)
            else:
                a = ints[first % len(ints)].output if ints else seed
                b = ints[second % len(ints)].output if len(ints) > 1 else 2
                task = add(a=a, b=b)
                ints.append(task)
            if after >= 0 and everything:
                task.after(everything[after % len(everything)])
            everything.append(task)

    return random_pipeline


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps_strategy)
def test_random_pipelines_compile_to_valid_documents(steps: List[Step], tmp_path: Path) -> None:
    out = tmp_path / "pipeline.yaml"
    compiler.Compiler().compile(_build(steps), str(out))
    problems = ir_schema.validate_documents(ir_schema.load_spec_file(out))
    assert problems == [], [str(p) for p in problems]
