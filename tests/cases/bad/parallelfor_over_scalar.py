"""dsl.ParallelFor over a str pipeline parameter instead of a list."""

from kfp_lite import dsl


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="loop-over-string")
def loop_over_string(names: str = "a,b"):
    with dsl.ParallelFor(names) as name:
        show(value=name)


TARGET = loop_over_string

EXPECT = "ValueError: Cannot iterate over a single parameter using `dsl.ParallelFor`. Expected a list of parameters as argument to `items`."
