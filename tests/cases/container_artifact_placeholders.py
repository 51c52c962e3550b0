"""Container artifact placeholders: input path/uri/metadata and output path/uri."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output


@dsl.container_component
def train_cli(data: Input[Dataset], epochs: int, model: Output[Model], log: Output[Dataset]):
    return dsl.ContainerSpec(
        image="python:3.11",
        command=["python", "-m", "trainer"],
        args=[
            "--data",
            data.path,
            "--data-uri",
            data.uri,
            "--data-metadata",
            data.metadata,
            "--epochs",
            epochs,
            "--model",
            model.path,
            "--model-uri",
            model.uri,
            "--log",
            log.path,
        ],
    )


TARGET = train_cli
