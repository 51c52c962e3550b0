"""The same component used several times: tasks, components and executors get -2, -3 suffixes."""

from kfp_lite import dsl


@dsl.component
def increment(x: int) -> int:
    return x + 1


@dsl.component
def square(x: int) -> int:
    return x * x


@dsl.pipeline
def chain(x: int = 0):
    a = increment(x=x)
    b = increment(x=a.output)
    s = square(x=b.output)
    c = increment(x=s.output)
    square(x=c.output)


TARGET = chain
