"""A KFP v1 `implementation.container` component loaded from a file and used with other tasks.

The YAML uses inputValue / inputPath / outputPath / outputUri / concat / if-isPresent and the
v1 types String, Integer, Float, Boolean, JsonObject, JsonArray, Dataset, Model, GCSPath, an
unknown type and an untyped input.
"""

import os

from kfp_lite import components, dsl
from kfp_lite.dsl import Dataset, Input, Metrics, Output

legacy_trainer = components.load_component_from_file(
    os.path.join(os.path.dirname(__file__), "data", "legacy_trainer_v1.yaml")
)


@dsl.component
def make_dataset(data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write("x,label\n1,0\n")


@dsl.component
def read_metrics(metrics: Input[Metrics], model_uri: str, best_epoch: int):
    print(metrics.path, model_uri, best_epoch)


@dsl.pipeline(name="legacy-training")
def legacy_training(epochs: int = 20, use_gpu: bool = True, export: str = "gs://exports"):
    data = make_dataset()
    bucket = dsl.importer(artifact_uri=export, artifact_class=dsl.Artifact)
    trained = legacy_trainer(
        training_data=data.outputs["data"],
        label_column="churned",
        epochs=epochs,
        learning_rate=0.05,
        use_gpu=use_gpu,
        hyperparameters={"depth": 8, "subsample": 0.9},
        feature_names=["age", "tenure"],
        export_bucket=bucket.output,
        seed=bucket.output,
    )
    read_metrics(
        metrics=trained.outputs["metrics"],
        model_uri=trained.outputs["model_uri"],
        best_epoch=trained.outputs["best_epoch"],
    )


TARGET = legacy_training
