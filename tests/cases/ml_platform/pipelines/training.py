"""The training pipeline: features (a nested pipeline), a gate on the data, models trained in
parallel, the best one published, a notification at the end."""

from kfp_lite import dsl, kubernetes
from kfp_lite.dsl import Model

from ..components.data import validate_rows
from ..components.legacy import notify, publish_model
from ..components.training import evaluate_model, pick_best, train_model
from ..settings import with_defaults
from .features import feature_pipeline


@dsl.pipeline(name="training", pipeline_root="gs://ml-platform/pipeline-root")
def training_pipeline(
    source_uri: str,
    model_types: list = ["forest", "linear"],  # noqa: B006 - pipeline defaults are data
    hyperparameters: dict = {"depth": 6, "estimators": 200},  # noqa: B006
    min_rows: int = 1000,
    threshold: float = 0.75,
    registry: str = "gs://models",
    channel: str = "#ml-alerts",
):
    """Train and publish the production model.

    Args:
        source_uri: The warehouse to read from.
        model_types: Estimators to try.
    """
    done = notify(channel=channel, message="training finished")
    with dsl.ExitHandler(done, name="train-and-publish"):
        features = feature_pipeline(source_uri=source_uri)
        gate = validate_rows(train_rows=features.outputs["train_rows"], minimum=min_rows)
        with dsl.If(gate.output == True, name="enough-rows"):  # noqa: E712 - a pipeline condition
            with dsl.ParallelFor(model_types, parallelism=2, name="each-model") as model_type:
                trained = train_model(train=features.outputs["train"], model_type=model_type,
                                      hyperparameters=hyperparameters)
                trained.set_cpu_limit("4").set_memory_limit("16G")
                with_defaults(trained, "train")
                kubernetes.add_toleration(trained, key="nvidia.com/gpu", operator="Exists",
                                          effect="NoSchedule")
                evaluate_model(model=trained.outputs["model"], test=features.outputs["test"],
                               threshold=threshold).set_caching_options(False)
            best = pick_best(scores=dsl.Collected(trained.outputs["score"]),
                             names=dsl.Collected(trained.outputs["model_uri"]))
            model = dsl.importer(artifact_uri=best.output, artifact_class=Model, reimport=False,
                                 metadata={"source": "training"})
            published = publish_model(model=model.output, registry=registry, tag="latest")
            kubernetes.set_image_pull_secrets(published, ["registry-pull"])
