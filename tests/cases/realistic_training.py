"""A project's training pipeline (tests/cases/ml_platform): a nested pipeline with NamedTuple
outputs, v1 component YAML, a loop with task settings, Collected outputs, an importer, an exit
handler and Kubernetes settings. (Settings from parameters inside groups: see
cf_settings_from_params_in_groups.py.)"""

from ml_platform.pipelines.training import training_pipeline

TARGET = training_pipeline
PIPELINE_PARAMETERS = {"source_uri": "bq://analytics.events", "min_rows": 5000}
