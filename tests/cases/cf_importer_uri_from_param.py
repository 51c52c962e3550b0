"""dsl.importer whose artifact_uri is a pipeline parameter, with reimport=True."""

from kfp_lite import dsl
from kfp_lite.dsl import Input, Model


@dsl.component
def evaluate_model(model: Input[Model], threshold: float) -> bool:
    return threshold < 1.0


@dsl.pipeline(name="evaluate-imported-model")
def evaluate_imported_model(model_uri: str = "gs://models/latest", threshold: float = 0.5):
    model = dsl.importer(artifact_uri=model_uri, artifact_class=Model, reimport=True)
    evaluate_model(model=model.output, threshold=threshold)


TARGET = evaluate_imported_model
