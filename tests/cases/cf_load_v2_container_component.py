"""A compiled container component (Concat and IfPresent placeholders) loaded back from YAML."""

import os

from kfp_lite import components, dsl
from kfp_lite.dsl import Dataset, Output

train_container = components.load_component_from_file(
    os.path.join(os.path.dirname(__file__), "data", "train_container_v2.yaml")
)


@dsl.component
def fetch_data(data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write("data")


@dsl.pipeline(name="container-training")
def container_training(epochs: int = 3):
    data = fetch_data()
    with dsl.ParallelFor(["adam", "sgd"]) as optimizer:
        train_container(data=data.outputs["data"], epochs=epochs, optimizer=optimizer)
    train_container(data=data.outputs["data"], epochs=1, note="baseline").set_caching_options(False)


TARGET = container_training
