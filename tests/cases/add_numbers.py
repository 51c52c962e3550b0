"""The smallest case: one lightweight component compiled alone."""

from kfp_lite import dsl


@dsl.component
def add_numbers(a: int, b: int) -> int:
    return a + b


TARGET = add_numbers
