"""dsl.OneOf of a str output and an int output."""

from kfp_lite import dsl


@dsl.component
def flip() -> bool:
    return True


@dsl.component
def as_text() -> str:
    return "1"


@dsl.component
def as_number() -> int:
    return 1


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="oneof-types")
def oneof_types():
    f = flip()
    with dsl.If(f.output == True):  # noqa: E712
        t = as_text()
    with dsl.Else():
        n = as_number()
    show(value=dsl.OneOf(t.output, n.output))


TARGET = oneof_types

EXPECT = "TypeError: Task outputs passed to dsl.OneOf must be the same type. Got two channels with different types: String at index 0 and Integer at index 1."
