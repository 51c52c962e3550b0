"""A project's scoring pipeline (tests/cases/ml_platform): a compiled pipeline loaded from its
YAML and used as a task, a notebook component and NamedTuple pipeline outputs."""

from ml_platform.pipelines.scoring import scoring_pipeline

TARGET = scoring_pipeline
PIPELINE_NAME = "batch-scoring-nightly"
