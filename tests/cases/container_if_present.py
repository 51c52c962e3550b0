"""dsl.IfPresentPlaceholder with then/else_ lists, a Concat inside, and IfPresent inside Concat."""

from typing import Optional

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.container_component
def maybe_flags(
    out: Output[Dataset],
    name: Optional[str] = None,
    level: Optional[int] = None,
    extra: Input[Dataset] = None,
):
    return dsl.ContainerSpec(
        image="python:3.11",
        command=["python", "-m", "tool"],
        args=[
            dsl.IfPresentPlaceholder(input_name="name", then=["--name", name]),
            dsl.IfPresentPlaceholder(
                input_name="level",
                then=[dsl.ConcatPlaceholder(["--level=", level])],
                else_=["--level=default"],
            ),
            dsl.IfPresentPlaceholder(input_name="extra", then=["--extra", extra.path]),
            dsl.ConcatPlaceholder(
                [
                    "--out=",
                    out.path,
                    dsl.IfPresentPlaceholder(
                        input_name="name", then=dsl.ConcatPlaceholder([".", name]), else_=".txt"
                    ),
                ]
            ),
        ],
    )


TARGET = maybe_flags
