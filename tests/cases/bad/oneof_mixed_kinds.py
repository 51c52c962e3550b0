"""dsl.OneOf mixing a parameter output and an artifact output."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Output


@dsl.component
def flip() -> bool:
    return True


@dsl.component
def make_value() -> str:
    return "v"


@dsl.component
def make_data(data: Output[Dataset]):
    open(data.path, "w").write("d")


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="oneof-mixed")
def oneof_mixed():
    f = flip()
    with dsl.If(f.output == True):  # noqa: E712
        v = make_value()
    with dsl.Else():
        d = make_data()
    show(value=dsl.OneOf(v.output, d.outputs["data"]))


TARGET = oneof_mixed

EXPECT = "TypeError: Task outputs passed to dsl.OneOf must be the same type. Found a mix of parameters and artifacts passed to dsl.OneOf."
