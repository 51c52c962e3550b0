"""A task output produced inside a ParallelFor consumed outside the loop without dsl.Collected."""

from kfp_lite import dsl


@dsl.component
def square(x: int) -> int:
    return x * x


@dsl.component
def show(value: int):
    print(value)


@dsl.pipeline(name="leaky-loop")
def leaky_loop():
    with dsl.ParallelFor([1, 2, 3]) as x:
        sq = square(x=x)
    show(value=sq.output)


TARGET = leaky_loop

EXPECT = "InvalidTopologyException: Illegal task dependency across DSL context managers. A downstream task cannot depend on an upstream task within a dsl.ParallelFor context unless the downstream is within that context too or the outputs are begin fanned-in to a list using dsl.Collected. Found task show which depends on upstream task square within an uncommon dsl.ParallelFor context."
