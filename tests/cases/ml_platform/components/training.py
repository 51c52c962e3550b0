"""Training components: a lightweight trainer with several outputs and a container evaluator."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Metrics, Model, Output

from ..settings import BASE_IMAGE, TRAIN_PACKAGES, TRAINER_IMAGE


@dsl.component(base_image=BASE_IMAGE, packages_to_install=TRAIN_PACKAGES)
def train_model(
    train: Input[Dataset],
    model_type: str,
    hyperparameters: dict,
    model: Output[Model],
    metrics: Output[Metrics],
) -> NamedTuple("TrainResult", [("score", float), ("model_uri", str)]):
    """Fit a model.

    Args:
        train: Training rows.
        model_type: One of 'forest' or 'linear'.
        hyperparameters: Passed to the estimator.

    Returns:
        score: Accuracy on the training rows.
        model_uri: Where the model was written.
    """
    import json

    with open(model.path, "w") as f:
        json.dump({"type": model_type, "params": hyperparameters}, f)
    metrics.log_metric("accuracy", 0.9)
    return (0.9, model.uri)


@dsl.container_component
def evaluate_model(model: Input[Model], test: Input[Dataset], threshold: float,
                   report: Output[Metrics], verbose: bool = False):
    return dsl.ContainerSpec(
        image=TRAINER_IMAGE,
        command=["python", "-m", "trainer.evaluate"],
        args=[
            "--model", model.path,
            "--test", test.path,
            "--threshold", threshold,
            "--report", report.path,
            dsl.IfPresentPlaceholder(input_name="verbose", then=["--verbose", verbose]),
            dsl.ConcatPlaceholder(["--run=", dsl.PIPELINE_JOB_NAME_PLACEHOLDER]),
        ],
    )


@dsl.component(base_image=BASE_IMAGE)
def pick_best(scores: list, names: list) -> str:
    best = max(range(len(scores)), key=lambda i: scores[i])
    return names[best]
