"""A project's feature pipeline (tests/cases/ml_platform): components from a package module
with shared settings, a NamedTuple of outputs of a task, a secret as environment."""

from ml_platform.pipelines.features import feature_pipeline

TARGET = feature_pipeline
PIPELINE_PARAMETERS = {"source_uri": "bq://analytics.events"}
