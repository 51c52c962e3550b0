"""dsl.Elif placed after the dsl.Else of the same chain."""

from kfp_lite import dsl


@dsl.component
def roll() -> int:
    return 3


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="elif-after-else")
def elif_after_else():
    r = roll()
    with dsl.If(r.output == 1):
        show(value="one")
    with dsl.Else():
        show(value="other")
    with dsl.Elif(r.output == 2):
        show(value="two")


TARGET = elif_after_else

EXPECT = "InvalidControlFlowException: dsl.Elif can only be used following an upstream dsl.If or dsl.Elif."
