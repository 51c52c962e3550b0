"""A NamedTuple return mixing parameters and artifacts (Dataset, Model)."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model


@dsl.component
def train_and_export(
    epochs: int,
) -> NamedTuple("Outputs", [("model", Model), ("accuracy", float), ("data", Dataset)]):
    from collections import namedtuple

    model = Model(uri=dsl.get_uri("model"))
    with open(model.path, "w") as f:
        f.write(f"epochs={epochs}")
    data = Dataset(uri=dsl.get_uri("data"))
    with open(data.path, "w") as f:
        f.write("x,y\n")
    outputs = namedtuple("Outputs", ["model", "accuracy", "data"])
    return outputs(model, 0.5 + epochs / 100, data)


@dsl.component
def evaluate(model: Input[Model], data: Input[Dataset], accuracy: float) -> bool:
    return accuracy > 0.6 and bool(model.uri) and bool(data.uri)


@dsl.pipeline
def namedtuple_mixed(epochs: int = 5):
    trained = train_and_export(epochs=epochs)
    evaluate(
        model=trained.outputs["model"],
        data=trained.outputs["data"],
        accuracy=trained.outputs["accuracy"],
    )


TARGET = namedtuple_mixed
