"""Explicit ordering with .after(), alone and combined with data dependencies."""

from kfp_lite import dsl


@dsl.component
def step(name: str) -> str:
    return name


@dsl.pipeline
def ordered():
    first = step(name="first")
    second = step(name="second").after(first)
    third = step(name="third")
    third.after(first, second)
    step(name=third.output).after(first)


TARGET = ordered
