"""A v1 component using {inputValue: ...} on a GCSPath input (which loads as an artifact)."""

from kfp_lite import components, dsl

gsutil_copy = components.load_component_from_text(
    """
name: Copy blob
inputs:
- {name: Source, type: GCSPath}
implementation:
  container:
    image: google/cloud-sdk:slim
    command: [gsutil, cp, {inputValue: Source}, /tmp/x]
"""
)


@dsl.pipeline(name="copy-blob")
def copy_blob():
    blob = dsl.importer(artifact_uri="gs://bucket/blob", artifact_class=dsl.Artifact)
    gsutil_copy(source=blob.output)


TARGET = copy_blob

EXPECT = 'TypeError: Input "source" with type "system.Artifact@0.0.1" cannot be paired with InputValuePlaceholder.'
