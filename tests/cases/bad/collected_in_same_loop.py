"""dsl.Collected consumed inside the same loop that produces it."""

from typing import List

from kfp_lite import dsl


@dsl.component
def square(x: int) -> int:
    return x * x


@dsl.component
def total(values: List[int]) -> int:
    return sum(values)


@dsl.pipeline(name="collected-same-loop")
def collected_same_loop():
    with dsl.ParallelFor([1, 2]) as x:
        sq = square(x=x)
        total(values=dsl.Collected(sq.output))


TARGET = collected_same_loop

EXPECT = "InvalidTopologyException: dsl.Collected can only be used to fan-in outputs produced by a task within a dsl.ParallelFor context to a task outside of the dsl.ParallelFor context. Producer task square is either not in a dsl.ParallelFor context or is only in a dsl.ParallelFor that also contains consumer task total."
