"""A loop over a list parameter whose body also passes the whole list to a task in a group.

kfp 2.17.3 stops passing the list at the loop (the loop's item is named after the list) and
the task reads an input its group never declared; kfp_lite passes it on (docs/compatibility.md).
"""

from typing import List

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp's task reads an undeclared input"


@dsl.component
def show(x: int):
    print(x)


@dsl.component
def keep(xs: List[int]):
    print(xs)


@dsl.pipeline(name="loop-list-used-inside")
def loop_list_used_inside(nums: List[int] = [1, 2], n: int = 1):  # noqa: B006
    with dsl.ParallelFor(nums) as item:
        with dsl.If(n == 1):
            show(x=item)
            keep(xs=nums)


TARGET = loop_list_used_inside
