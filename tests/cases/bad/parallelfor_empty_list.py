"""dsl.ParallelFor over an empty constant list."""

from kfp_lite import dsl


@dsl.component
def show(value: int):
    print(value)


@dsl.pipeline(name="empty-loop")
def empty_loop():
    with dsl.ParallelFor([]) as item:
        show(value=item)


TARGET = empty_loop

EXPECT = "ValueError: Got an empty item list for loop argument."
