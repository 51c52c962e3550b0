"""An exit task that is a pipeline using the deprecated dsl.Condition, and a body that uses it
too: the deprecation is a warning, the pipeline compiles as kfp compiles it."""

from kfp_lite import dsl


@dsl.component
def notify(channel: str, status: str):
    print(channel, status)


@dsl.component
def flip() -> str:
    return "heads"


@dsl.pipeline
def on_exit(channel: str = "#ops"):
    with dsl.Condition(channel != "", name="has-channel"):
        notify(channel=channel, status="done")


@dsl.pipeline(name="condition-exit")
def condition_exit(channel: str = "#ml"):
    exit_task = on_exit(channel=channel)
    with dsl.ExitHandler(exit_task, name="cleanup"):
        coin = flip()
        with dsl.Condition(coin.output == "heads"):
            notify(channel=channel, status=coin.output)


TARGET = condition_exit
