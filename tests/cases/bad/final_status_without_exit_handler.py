"""A dsl.PipelineTaskFinalStatus input on a task that is neither an exit task nor ignores upstream failure."""

from kfp_lite import dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def work():
    print("work")


@dsl.component
def report(status: PipelineTaskFinalStatus):
    print(status.state)


@dsl.pipeline(name="status-no-exit")
def status_no_exit():
    w = work()
    report().after(w)


TARGET = status_no_exit

EXPECT = "ValueError: PipelineTaskFinalStatus can only be used in an exit task. Parameter status of a non exit task has type PipelineTaskFinalStatus."
