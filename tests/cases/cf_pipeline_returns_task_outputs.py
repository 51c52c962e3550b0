"""Pipelines that return several outputs: a task's whole ``.outputs``, and a NamedTuple of
outputs of different tasks; the outer pipeline reads them and returns its own NamedTuple."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Output


@dsl.component
def split_rows(rows: int, data: Output[Dataset]) -> NamedTuple("Split", [("train", int), ("test", int)]):
    with open(data.path, "w") as f:
        f.write(str(rows))
    return (rows * 4 // 5, rows // 5)


@dsl.component
def describe(train: int, test: int) -> str:
    return f"{train}/{test}"


@dsl.pipeline
def splitter(rows: int = 100) -> NamedTuple("Split", [("train", int), ("test", int), ("data", Dataset)]):
    return split_rows(rows=rows).outputs


class Report(NamedTuple):
    summary: str
    train: int


@dsl.pipeline
def reporter(rows: int = 50) -> Report:
    split = split_rows(rows=rows)
    text = describe(train=split.outputs["train"], test=split.outputs["test"])
    return Report(summary=text.output, train=split.outputs["train"])


class Final(NamedTuple):
    summary: str
    rows_for_test: int


@dsl.pipeline(name="several-outputs")
def several_outputs(rows: int = 200) -> Final:
    first = splitter(rows=rows)
    second = reporter(rows=first.outputs["train"])
    return Final(summary=second.outputs["summary"], rows_for_test=first.outputs["test"])


TARGET = several_outputs
