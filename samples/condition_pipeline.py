"""Branching with dsl.If / dsl.Elif / dsl.Else on a task output and a pipeline parameter."""

from kfp_lite import compiler, dsl


@dsl.component
def roll_die(sides: int, seed: int) -> int:
    import random

    return random.Random(seed).randint(1, sides)


@dsl.component
def announce(message: str, value: int):
    print(message, value)


@dsl.pipeline
def condition_pipeline(sides: int = 6, seed: int = 1, verbose: bool = True):
    rolled = roll_die(sides=sides, seed=seed)
    with dsl.If(rolled.output >= 5, name="high"):
        announce(message="high roll", value=rolled.output)
    with dsl.Elif(rolled.output >= 3):
        announce(message="medium roll", value=rolled.output)
    with dsl.Else():
        announce(message="low roll", value=rolled.output)
    with dsl.If(verbose == True):  # noqa: E712 - builds a condition, not a Python comparison
        announce(message="sides", value=sides)


if __name__ == "__main__":
    compiler.Compiler().compile(condition_pipeline, "condition_pipeline.yaml")
