"""dsl.Collected of a task output that is not inside any ParallelFor."""

from typing import List

from kfp_lite import dsl


@dsl.component
def produce() -> int:
    return 1


@dsl.component
def total(values: List[int]) -> int:
    return sum(values)


@dsl.pipeline(name="collected-no-loop")
def collected_no_loop():
    p = produce()
    total(values=dsl.Collected(p.output))


TARGET = collected_no_loop

EXPECT = "InvalidTopologyException: dsl.Collected can only be used to fan-in outputs produced by a task within a dsl.ParallelFor context to a task outside of the dsl.ParallelFor context. Producer task produce is either not in a dsl.ParallelFor context or is only in a dsl.ParallelFor that also contains consumer task total."
