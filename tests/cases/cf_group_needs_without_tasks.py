"""Groups whose own needs no task inside uses: a loop over a list whose body ignores its item,
and an If/Else chain with an empty branch, both nested in another loop.

kfp passes a group's inputs on only through the tasks inside it, so here its inner loop and
its branches read inputs their parents never declared; kfp_lite passes them on
(docs/compatibility.md).
"""

from typing import List

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp's groups read undeclared inputs"


@dsl.component
def ping():
    print("ping")


@dsl.pipeline(name="group-needs-without-tasks")
def group_needs_without_tasks(numbers: List[int] = [1, 2], flag: bool = True):  # noqa: B006
    with dsl.ParallelFor([1, 2]):
        with dsl.ParallelFor(numbers):
            ping()
    with dsl.ParallelFor(["a", "b"]):
        with dsl.If(flag == True):  # noqa: E712 - kfp conditions compare with ==
            pass
        with dsl.Else():
            ping()


TARGET = group_needs_without_tasks
