"""dsl.OneOf returned as the pipeline outputs (a parameter and an artifact)."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Model, Output


@dsl.component
def choose_algorithm() -> str:
    return "xgboost"


@dsl.component
def train_xgboost(model: Output[Model]) -> float:
    with open(model.path, "w") as f:
        f.write("xgb")
    return 0.91


@dsl.component
def train_linear(model: Output[Model]) -> float:
    with open(model.path, "w") as f:
        f.write("lin")
    return 0.85


@dsl.component
def log_accuracy(accuracy: float):
    print(accuracy)


@dsl.pipeline(name="algorithm-choice")
def algorithm_choice() -> NamedTuple("Outputs", best_model=Model, accuracy=float):
    algo = choose_algorithm()
    with dsl.If(algo.output == "xgboost"):
        xgb = train_xgboost()
    with dsl.Else():
        lin = train_linear()
    accuracy = dsl.OneOf(xgb.outputs["Output"], lin.outputs["Output"])
    log_accuracy(accuracy=accuracy)
    Outputs = NamedTuple("Outputs", best_model=Model, accuracy=float)  # noqa: UP014
    return Outputs(
        best_model=dsl.OneOf(xgb.outputs["model"], lin.outputs["model"]),
        accuracy=accuracy,
    )


TARGET = algorithm_choice
