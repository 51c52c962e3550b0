"""The deprecated dsl.Condition, with and without a name."""

from kfp_lite import dsl


@dsl.component
def flip_coin() -> str:
    import random

    return random.choice(["heads", "tails"])


@dsl.component
def announce(message: str):
    print(message)


@dsl.pipeline(name="coin-flip-condition")
def coin_flip_condition():
    flip = flip_coin()
    with dsl.Condition(flip.output == "heads", name="heads-branch"):
        announce(message="heads won")
    with dsl.Condition(flip.output != "heads"):
        announce(message="tails won")


TARGET = coin_flip_condition
