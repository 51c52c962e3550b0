"""If / Elif / Else on a task output, with a nested If inside the first branch."""

from kfp_lite import dsl


@dsl.component
def flip() -> str:
    return "heads"


@dsl.component
def say(msg: str):
    pass


@dsl.pipeline(name="condition")
def condition(threshold: int = 3):
    coin = flip()
    with dsl.If(coin.output == "heads", name="is-heads"):
        say(msg="heads")
        with dsl.If(threshold > 2):
            say(msg="big")
    with dsl.Elif(coin.output == "tails"):
        say(msg="tails")
    with dsl.Else():
        say(msg=coin.output)
