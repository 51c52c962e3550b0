"""Settings every module of the project shares."""

import os
from typing import NamedTuple

BASE_IMAGE = "python:3.11-slim"
TRAINER_IMAGE = "gcr.io/ml-platform/trainer:1.4.2"
DATA_PACKAGES = ["pandas==2.2.2", "pyarrow==16.1.0"]
TRAIN_PACKAGES = DATA_PACKAGES + ["scikit-learn==1.5.0"]
SPECS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "specs")


def spec_path(name: str) -> str:
    return os.path.join(SPECS, name)


class SplitSizes(NamedTuple):
    train_rows: int
    test_rows: int


def with_defaults(task, display_name: str, retries: int = 2):
    """The settings every production task gets."""
    task.set_display_name(display_name)
    task.set_retry(num_retries=retries, backoff_duration="30s", backoff_factor=2.0)
    task.set_env_variable("PIPELINE_ENV", "prod")
    return task
