"""Task hooks: set_hooks() on tasks at the top level and in a loop, and with_options()."""

from kfp_lite import dsl

KFP_LITE_ONLY = "task hooks"


@dsl.component
def load(fail: bool) -> int:
    if fail:
        raise ValueError("no data")
    return 3


@dsl.component
def shard(index: int, total: int) -> int:
    return index * total


@dsl.component
def cleanup(status: dsl.PipelineTaskFinalStatus):
    print("CLEANUP", status.pipeline_task_name, status.state)


@dsl.component
def celebrate(label: str = "done"):
    print("CELEBRATE", label)


@dsl.pipeline(name="task-hooks")
def task_hooks(fail: bool = False):
    loaded = load(fail=fail).set_hooks(on_failure=cleanup, on_success=celebrate)
    with dsl.ParallelFor([1, 2]) as index:
        shard.with_options(on_failure=cleanup)(index=index, total=loaded.output)


TARGET = task_hooks
