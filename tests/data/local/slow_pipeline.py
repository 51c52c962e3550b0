"""A fast task, then a slow one that announces itself: the test kills the run meanwhile."""

from kfp_lite import dsl


@dsl.component
def first(text: str) -> str:
    return text + "-first"


@dsl.component
def slow(text: str, marker: str, seconds: int) -> str:
    import time

    with open(marker, "w") as f:
        f.write("started")
    time.sleep(seconds)
    return text + "-slow"


@dsl.pipeline(name="slow-pipeline")
def slow_pipeline(marker: str, seconds: int = 60) -> str:
    a = first(text="x")
    return slow(text=a.output, marker=marker, seconds=seconds).output
