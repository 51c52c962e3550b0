"""A pipeline used as a step of another pipeline, with parameter and artifact outputs."""

from typing import NamedTuple

from kfp_lite import compiler, dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def clean_text(text: str, out: Output[Dataset]):
    with open(out.path, "w") as f:
        f.write(" ".join(text.lower().split()))


@dsl.component
def count_chars(data: Input[Dataset]) -> int:
    with open(data.path) as f:
        return len(f.read())


class Cleaned(NamedTuple):
    data: Dataset
    length: int


@dsl.pipeline
def cleaning(text: str) -> Cleaned:
    cleaned = clean_text(text=text)
    counted = count_chars(data=cleaned.outputs["out"])
    return Cleaned(data=cleaned.outputs["out"], length=counted.output)


@dsl.component
def compare(a: int, b: int) -> str:
    return "first is longer" if a > b else "second is longer or equal"


@dsl.pipeline
def nested_pipeline(first: str = "Hello   World", second: str = "  kfp   lite  ") -> str:
    one = cleaning(text=first)
    two = cleaning(text=second)
    count_chars(data=two.outputs["data"])
    return compare(a=one.outputs["length"], b=two.outputs["length"]).output


# Two @dsl.pipeline functions live here: the outer one is the one to compile.
TARGET = nested_pipeline

if __name__ == "__main__":
    compiler.Compiler().compile(nested_pipeline, "nested_pipeline.yaml")
