"""ignore_upstream_failure on a task with a dsl.PipelineTaskFinalStatus input."""

from kfp_lite import dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def train_model(epochs: int) -> float:
    return 0.9


@dsl.component
def post_status(status: PipelineTaskFinalStatus, label: str):
    print(label, status.state, status.pipeline_task_name)


@dsl.pipeline(name="status-after-training")
def status_after_training(epochs: int = 3):
    trained = train_model(epochs=epochs)
    post_status(label="train").after(trained).ignore_upstream_failure()


TARGET = status_after_training
