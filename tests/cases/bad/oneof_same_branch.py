"""dsl.OneOf given two outputs from the same branch."""

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


@dsl.pipeline(name="oneof-same-branch")
def oneof_same_branch():
    f = flip()
    with dsl.If(f.output == True):  # noqa: E712
        a = make_value()
        b = make_value()
    with dsl.Else():
        make_value()
    show(value=dsl.OneOf(a.output, b.output))


TARGET = oneof_same_branch


# kfp 2.17.3 compiles this without error although both outputs come from the same branch.
EXPECT = "none: kfp 2.17.3 compiles this without error"
