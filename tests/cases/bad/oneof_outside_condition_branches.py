"""dsl.OneOf of outputs from two separate If groups (not one If/Else chain)."""

from kfp_lite import dsl


@dsl.component
def flip() -> bool:
    return True


@dsl.component
def make_value() -> str:
    return "v"


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="oneof-two-ifs")
def oneof_two_ifs():
    f = flip()
    with dsl.If(f.output == True):  # noqa: E712
        a = make_value()
    with dsl.If(f.output == False):  # noqa: E712
        b = make_value()
    show(value=dsl.OneOf(a.output, b.output))


TARGET = oneof_two_ifs


# kfp crashes internally; the outputs come from two separate If groups, not one If/Elif/Else chain.
EXPECT = "AttributeError: 'TasksGroup' object has no attribute 'name'"
