"""A pipeline returns a task output produced inside a ParallelFor without dsl.Collected."""

from kfp_lite import dsl


@dsl.component
def square(x: int) -> int:
    return x * x


@dsl.pipeline(name="loop-output-returned")
def loop_output_returned() -> int:
    with dsl.ParallelFor([1, 2]) as x:
        sq = square(x=x)
    return sq.output


TARGET = loop_output_returned

EXPECT = "InvalidTopologyException: Pipeline outputs may only be returned from the top level of the pipeline function scope. Got pipeline output from within the control flow group dsl.ParallelFor."
