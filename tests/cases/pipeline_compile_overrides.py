"""Compile-time overrides: pipeline_name= and pipeline_parameters= replace name and defaults."""

from kfp_lite import dsl


@dsl.component
def train(lr: float, epochs: int, tag: str) -> str:
    return f"{tag}:{lr}:{epochs}"


@dsl.pipeline(name="original-name")
def tunable(lr: float = 0.1, epochs: int = 3, tag: str = "dev"):
    train(lr=lr, epochs=epochs, tag=tag)


TARGET = tunable
PIPELINE_NAME = "overridden-name"
PIPELINE_PARAMETERS = {"lr": 0.001, "epochs": 20, "tag": "prod"}
