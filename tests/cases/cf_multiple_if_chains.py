"""Several If/Elif/Else chains in one pipeline: the condition groups are numbered in order."""

from kfp_lite import dsl


@dsl.component
def roll_die() -> int:
    import random

    return random.randint(1, 6)


@dsl.component
def record(outcome: str):
    print(outcome)


@dsl.pipeline(name="dice-outcomes")
def dice_outcomes():
    first = roll_die()
    second = roll_die()
    with dsl.If(first.output == 1):
        record(outcome="first one")
    with dsl.Elif(first.output == 6):
        record(outcome="first six")
    with dsl.Else():
        record(outcome="first other")
    with dsl.If(second.output > 3):
        record(outcome="second high")
    with dsl.Else():
        record(outcome="second low")
    with dsl.If(first.output == second.output):
        record(outcome="double")
    with dsl.Elif(first.output > second.output):
        record(outcome="first wins")
    with dsl.Elif(first.output < second.output):
        record(outcome="second wins")


TARGET = dice_outcomes
