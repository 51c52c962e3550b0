"""Two ExitHandlers in one pipeline, each with its own exit task of the same component."""

from kfp_lite import dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def report_status(stage: str, status: PipelineTaskFinalStatus):
    print(stage, status.state)


@dsl.component
def ingest() -> str:
    return "ingested"


@dsl.component
def train(data: str) -> str:
    return data + "+trained"


@dsl.pipeline(name="staged-training")
def staged_training():
    first_exit = report_status(stage="ingest")
    with dsl.ExitHandler(first_exit):
        ingest()
    second_exit = report_status(stage="train")
    with dsl.ExitHandler(second_exit):
        train(data="static")


TARGET = staged_training
