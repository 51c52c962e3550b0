"""set_display_name changes taskInfo.name but not the task key."""

from kfp_lite import dsl


@dsl.component
def work(n: int) -> int:
    return n


@dsl.pipeline
def display_names():
    work(n=1).set_display_name("First step (warm-up)")
    work(n=2).set_display_name("second")


TARGET = display_names
