"""A plain task between dsl.If and dsl.Else: kfp still binds the Else to that If."""

from kfp_lite import dsl


@dsl.component
def flip() -> str:
    return "heads"


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="interleaved-else")
def interleaved_else():
    f = flip()
    with dsl.If(f.output == "heads"):
        show(value="heads")
    show(value="between")
    with dsl.Else():
        show(value="tails")


TARGET = interleaved_else
