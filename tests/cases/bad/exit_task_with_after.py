"""The exit task of a dsl.ExitHandler has an explicit .after() dependency."""

from kfp_lite import dsl


@dsl.component
def prepare():
    print("prepare")


@dsl.component
def cleanup():
    print("cleanup")


@dsl.component
def work():
    print("work")


@dsl.pipeline(name="exit-task-after")
def exit_task_after():
    prep = prepare()
    with dsl.ExitHandler(cleanup().after(prep)):
        work()


TARGET = exit_task_after

EXPECT = "ValueError: exit_task cannot depend on any other tasks."
