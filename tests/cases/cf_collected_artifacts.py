"""dsl.Collected of artifact outputs of a loop task into a List[Model] input."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import Input, Model, Output


@dsl.component
def train_seed(seed: int, model: Output[Model]):
    with open(model.path, "w") as f:
        f.write(str(seed))


@dsl.component
def ensemble(models: Input[List[Model]], ensemble_model: Output[Model]):
    with open(ensemble_model.path, "w") as f:
        f.write(str(len(models)))


@dsl.pipeline(name="seed-ensemble")
def seed_ensemble():
    with dsl.ParallelFor([0, 1, 2]) as seed:
        trained = train_seed(seed=seed)
    ensemble(models=dsl.Collected(trained.outputs["model"]))


TARGET = seed_ensemble
