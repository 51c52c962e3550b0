"""The exit task of a dsl.ExitHandler depends on another task (it consumes its output)."""

from kfp_lite import dsl


@dsl.component
def make_id() -> str:
    return "run-1"


@dsl.component
def cleanup(run_id: str):
    print(run_id)


@dsl.component
def work():
    print("work")


@dsl.pipeline(name="dependent-exit-task")
def dependent_exit_task():
    run_id = make_id()
    with dsl.ExitHandler(cleanup(run_id=run_id.output)):
        work()


TARGET = dependent_exit_task

EXPECT = "ValueError: exit_task cannot depend on any other tasks."
