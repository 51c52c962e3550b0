"""Pipeline hooks: on_failure (reading the final status) and on_success, a kfp_lite extension."""

from kfp_lite import dsl

KFP_LITE_ONLY = "on_failure/on_success hooks"


@dsl.component
def train(epochs: int, fail: bool) -> float:
    if fail:
        raise RuntimeError("training diverged")
    return 0.9


@dsl.component
def evaluate(accuracy: float) -> str:
    return "good" if accuracy > 0.5 else "bad"


@dsl.component
def alert(status: dsl.PipelineTaskFinalStatus, channel: str = "#ml-alerts"):
    print("ALERT", channel, status.state, status.pipeline_task_name, status.error_message)


@dsl.component
def publish():
    print("PUBLISH")


@dsl.pipeline(name="hooked-training", on_failure=alert, on_success=publish)
def hooked_training(epochs: int = 3, fail: bool = False):
    trained = train(epochs=epochs, fail=fail)
    evaluate(accuracy=trained.output)


TARGET = hooked_training
