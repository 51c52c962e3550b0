"""dsl.importer with constant metadata (nested values) and reimport=False."""

from kfp_lite import dsl
from kfp_lite.dsl import Input, Model


@dsl.component
def deploy(model: Input[Model]):
    print(model.metadata)


@dsl.pipeline(name="import-with-metadata")
def import_with_metadata():
    model = dsl.importer(
        artifact_uri="gs://models/resnet50/saved_model",
        artifact_class=Model,
        reimport=False,
        metadata={
            "framework": "tensorflow",
            "version": 2,
            "accuracy": 0.76,
            "tags": ["vision", "imagenet"],
            "serving": {"signature": "serving_default", "gpu": True},
        },
    )
    deploy(model=model.output)


TARGET = import_with_metadata
