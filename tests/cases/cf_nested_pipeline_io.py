"""A pipeline used as a task: parameter and artifact inputs, named outputs consumed downstream."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output


@dsl.component
def load_data(source: str, data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write(source)


@dsl.component
def fit(data: Input[Dataset], epochs: int, model: Output[Model]) -> float:
    with open(model.path, "w") as f:
        f.write(str(epochs))
    return 0.8


@dsl.component
def register(model: Input[Model], accuracy: float):
    print(model.uri, accuracy)


@dsl.pipeline
def training_block(data: Input[Dataset], epochs: int = 5) -> NamedTuple(
    "Outputs", model=Model, accuracy=float
):
    fitted = fit(data=data, epochs=epochs)
    Outputs = NamedTuple("Outputs", model=Model, accuracy=float)  # noqa: UP014
    return Outputs(model=fitted.outputs["model"], accuracy=fitted.outputs["Output"])


@dsl.pipeline(name="train-and-register")
def train_and_register(source: str = "gs://data/train.csv", epochs: int = 10):
    loaded = load_data(source=source)
    block = training_block(data=loaded.outputs["data"], epochs=epochs)
    register(model=block.outputs["model"], accuracy=block.outputs["accuracy"])


TARGET = train_and_register
