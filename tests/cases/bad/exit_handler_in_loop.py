"""dsl.ExitHandler opened inside a ParallelFor."""

from kfp_lite import dsl


@dsl.component
def cleanup(item: int):
    print(item)


@dsl.component
def work(item: int):
    print(item)


@dsl.pipeline(name="loop-exit-handler")
def loop_exit_handler():
    with dsl.ParallelFor([1, 2]) as item:
        with dsl.ExitHandler(cleanup(item=item)):
            work(item=item)


TARGET = loop_exit_handler

EXPECT = "ValueError: ExitHandler can only be used within the outermost scope of a pipeline function definition. Using an ExitHandler within ParallelFor for-loop-2 is not allowed."
