"""A pipeline returning a single artifact output."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Output


@dsl.component
def make(data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write("x")


@dsl.pipeline
def make_pipeline() -> Dataset:
    return make().outputs["data"]


TARGET = make_pipeline
