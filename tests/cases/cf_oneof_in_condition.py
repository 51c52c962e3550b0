"""A dsl.OneOf compared directly in a later dsl.If.

kfp surfaces OneOf values only for task inputs and pipeline outputs, so its If reads an output
the branches group never declares; kfp_lite surfaces it for the condition too
(docs/compatibility.md).
"""

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp's condition reads an output nobody surfaces"


@dsl.component
def score(bias: int) -> int:
    return 10 + bias


@dsl.component
def announce(text: str):
    print(text)


@dsl.pipeline(name="oneof-in-condition")
def oneof_in_condition(fast: bool = True):
    with dsl.If(fast == True):  # noqa: E712 - kfp conditions compare with ==
        quick = score(bias=1)
    with dsl.Else():
        slow = score(bias=5)
    with dsl.If(dsl.OneOf(quick.output, slow.output) > 10):
        announce(text="good score")


TARGET = oneof_in_condition
