"""An exit handler whose exit task reads the pipeline's final status."""

from kfp_lite import dsl


@dsl.component
def notify(status: dsl.PipelineTaskFinalStatus, who: str):
    pass


@dsl.component
def work(msg: str) -> str:
    return msg


@dsl.pipeline(name="exit-handler")
def exit_handler(who: str = "team"):
    bye = notify(who=who)
    with dsl.ExitHandler(bye, name="watch"):
        first = work(msg="one")
        work(msg=first.output)
