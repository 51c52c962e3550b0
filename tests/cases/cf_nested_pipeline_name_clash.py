"""The same component used inside a nested pipeline and in the outer pipeline (comp-x-2)."""

from kfp_lite import dsl


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.component
def double(x: int) -> int:
    return 2 * x


@dsl.pipeline
def add_twice(a: int, b: int) -> int:
    first = add(a=a, b=b)
    second = add(a=first.output, b=b)
    return second.output


@dsl.pipeline(name="arithmetic-chain")
def arithmetic_chain(a: int = 1, b: int = 2):
    before = add(a=a, b=b)
    nested = add_twice(a=before.output, b=b)
    doubled = double(x=nested.output)
    add(a=doubled.output, b=a)
    add_twice(a=a, b=doubled.output)


TARGET = arithmetic_chain
