"""dsl.importer whose artifact_uri comes from an upstream task output."""

from kfp_lite import dsl
from kfp_lite.dsl import Artifact, Input


@dsl.component
def locate_latest_export(prefix: str) -> str:
    return prefix + "/export-0042"


@dsl.component
def inspect_artifact(artifact: Input[Artifact]):
    print(artifact.uri, artifact.metadata)


@dsl.pipeline(name="import-latest-export")
def import_latest_export(prefix: str = "gs://exports"):
    located = locate_latest_export(prefix=prefix)
    imported = dsl.importer(artifact_uri=located.output, artifact_class=Artifact)
    inspect_artifact(artifact=imported.output)


TARGET = import_latest_export
