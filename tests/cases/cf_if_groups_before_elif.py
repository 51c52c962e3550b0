"""An If whose body opens its own groups (a loop and a condition) before the Elif/Else."""

from kfp_lite import dsl


@dsl.component
def pick_mode() -> str:
    return "batch"


@dsl.component
def process(item: int):
    print(item)


@dsl.component
def stream(mode: str):
    print(mode)


@dsl.pipeline(name="mode-dispatch")
def mode_dispatch(debug: bool = False):
    mode = pick_mode()
    with dsl.If(mode.output == "batch"):
        with dsl.ParallelFor([1, 2, 3]) as item:
            process(item=item)
        with dsl.If(debug == True):  # noqa: E712
            stream(mode="debug-batch")
    with dsl.Elif(mode.output == "stream"):
        stream(mode=mode.output)
    with dsl.Else():
        stream(mode="idle")


TARGET = mode_dispatch
