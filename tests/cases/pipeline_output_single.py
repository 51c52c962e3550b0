"""A pipeline returning one task output: a pipeline output named Output."""

from kfp_lite import dsl


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.pipeline
def sum_three(a: int = 1, b: int = 2, c: int = 3) -> int:
    first = add(a=a, b=b)
    return add(a=first.output, b=c).output


TARGET = sum_three
