"""dsl.Collected of a parameter output of a loop task, fed into a downstream task."""

from typing import List

from kfp_lite import dsl


@dsl.component
def square(x: int) -> int:
    return x * x


@dsl.component
def total(values: List[int]) -> int:
    return sum(values)


@dsl.pipeline(name="sum-of-squares")
def sum_of_squares():
    with dsl.ParallelFor([1, 2, 3, 4]) as x:
        sq = square(x=x)
    total(values=dsl.Collected(sq.output))


TARGET = sum_of_squares
