"""A loop over a pipeline parameter inside a dsl.ExitHandler, with the loop item written
into an f-string: kfp also gives the exit-handler group an input for the item, wired to a
root input `items-loop-item` that does not exist (invalid IR); kfp_lite passes the list
down to the loop and the item exists only inside it."""

from typing import List

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp wires the loop item to a root input that does not exist"


@dsl.component
def notify(message: str):
    print(message)


@dsl.component
def greet(text: str) -> str:
    return text


@dsl.pipeline(name="exit-handler-loop-param-fstring")
def exit_handler_loop_param_fstring(items: List[int] = [1, 2]):  # noqa: B006 - kfp reads defaults here
    goodbye = notify(message="done")
    with dsl.ExitHandler(goodbye):
        with dsl.ParallelFor(items) as item:
            greet(text=f"item {item}")


TARGET = exit_handler_loop_param_fstring
