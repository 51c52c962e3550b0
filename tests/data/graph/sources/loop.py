"""ParallelFor over a raw list (with parallelism) and over a parameter, fanned in with Collected."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def make(n: int, data: Output[Dataset]) -> int:
    return n


@dsl.component
def total(values: List[int], sets: Input[List[Dataset]]) -> int:
    return sum(values)


@dsl.component
def show(item: str):
    pass


@dsl.pipeline(name="loop")
def loop(names: List[str] = ["a", "b"]) -> int:
    with dsl.ParallelFor([1, 2, 3], parallelism=2) as n:
        made = make(n=n)
    summed = total(values=dsl.Collected(made.outputs["Output"]),
                   sets=dsl.Collected(made.outputs["data"]))
    with dsl.ParallelFor(names) as name:
        show(item=name)
    return summed.output
