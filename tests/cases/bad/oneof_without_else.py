"""dsl.OneOf over If/Elif branches with no Else: some path produces no value."""

from kfp_lite import dsl


@dsl.component
def flip() -> str:
    return "heads"


@dsl.component
def heads() -> str:
    return "H"


@dsl.component
def tails() -> str:
    return "T"


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="oneof-no-else")
def oneof_no_else():
    f = flip()
    with dsl.If(f.output == "heads"):
        h = heads()
    with dsl.Elif(f.output == "tails"):
        t = tails()
    show(value=dsl.OneOf(h.output, t.output))


TARGET = oneof_no_else

EXPECT = "ValueError: dsl.OneOf must include an output from a task in a dsl.Else group to ensure at least one output is available at runtime."
