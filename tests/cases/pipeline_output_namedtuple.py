"""A pipeline returning a NamedTuple of parameter and artifact outputs."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Model, Output


@dsl.component
def build(n: int, data: Output[Dataset], model: Output[Model]) -> int:
    for a in (data, model):
        with open(a.path, "w") as f:
            f.write(str(n))
    return n * 2


class Built(NamedTuple):
    doubled: int
    data: Dataset
    model: Model


@dsl.pipeline
def build_pipeline(n: int = 4) -> Built:
    b = build(n=n)
    return Built(doubled=b.outputs["Output"], data=b.outputs["data"], model=b.outputs["model"])


TARGET = build_pipeline
