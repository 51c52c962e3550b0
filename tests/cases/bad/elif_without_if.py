"""dsl.Elif with no preceding dsl.If."""

from kfp_lite import dsl


@dsl.component
def flip() -> str:
    return "heads"


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="lonely-elif")
def lonely_elif():
    f = flip()
    show(value="start")
    with dsl.Elif(f.output == "heads"):
        show(value="heads")


TARGET = lonely_elif

EXPECT = "InvalidControlFlowException: dsl.Elif can only be used following an upstream dsl.If or dsl.Elif."
