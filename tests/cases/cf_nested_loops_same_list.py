"""Two nested loops over the same list parameter, the inner one inside a condition.

Both loop items are named 'numbers-loop-item'. kfp 2.17.3 then stops passing the list at the
outer loop, and the inner loop reads an input its parent never declared; kfp_lite passes the
list down to the inner loop (docs/compatibility.md).
"""

from typing import List

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp's inner loop reads an undeclared input"


@dsl.component
def produce(n: int) -> int:
    return n + 1


@dsl.pipeline(name="nested-loops-same-list")
def nested_loops_same_list(numbers: List[int] = [1, 2]):  # noqa: B006
    with dsl.ParallelFor(numbers) as outer:
        gate = produce(n=outer)
        with dsl.If(gate.output == 3):
            with dsl.ParallelFor(numbers) as inner:
                produce(n=inner)


TARGET = nested_loops_same_list
