"""A project's training pipeline (tests/cases/ml_platform): a nested pipeline with NamedTuple
outputs, v1 component YAML, settings from parameters inside a loop, Collected outputs, an
importer, an exit handler and Kubernetes settings."""

from ml_platform.pipelines.training import training_pipeline

TARGET = training_pipeline
PIPELINE_PARAMETERS = {"source_uri": "bq://analytics.events", "min_rows": 5000}
