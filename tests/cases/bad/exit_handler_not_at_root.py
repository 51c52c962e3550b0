"""dsl.ExitHandler opened inside a condition instead of at the pipeline's top level."""

from kfp_lite import dsl


@dsl.component
def cleanup():
    print("cleanup")


@dsl.component
def work() -> bool:
    return True


@dsl.pipeline(name="nested-exit-handler")
def nested_exit_handler(run: bool = True):
    with dsl.If(run == True):  # noqa: E712
        with dsl.ExitHandler(cleanup()):
            work()


TARGET = nested_exit_handler

EXPECT = "ValueError: ExitHandler can only be used within the outermost scope of a pipeline function definition. Using an ExitHandler within Condition condition-1 is not allowed."
