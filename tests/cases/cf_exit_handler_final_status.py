"""An exit task receiving dsl.PipelineTaskFinalStatus, with a named ExitHandler."""

from kfp_lite import dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def notify(channel: str, status: PipelineTaskFinalStatus):
    print(channel, status.state, status.pipeline_job_resource_name, status.error_message)


@dsl.component
def fail_sometimes(rate: float):
    import random

    if random.random() < rate:
        raise RuntimeError("unlucky")


@dsl.pipeline(name="notify-on-exit")
def notify_on_exit(rate: float = 0.5):
    notifier = notify(channel="#ml-alerts")
    with dsl.ExitHandler(notifier, name="guarded-work"):
        fail_sometimes(rate=rate)


TARGET = notify_on_exit
