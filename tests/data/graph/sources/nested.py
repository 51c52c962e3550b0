"""A pipeline used as a task of another pipeline, with an artifact output."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def produce(text: str, out: Output[Dataset]):
    pass


@dsl.component
def consume(data: Input[Dataset]) -> str:
    return "x"


@dsl.pipeline(name="inner")
def inner(text: str) -> Dataset:
    return produce(text=text).outputs["out"]


@dsl.pipeline(name="outer")
def outer(text: str = "hi") -> str:
    ds = inner(text=text)
    return consume(data=ds.output).output


TARGET = outer
