"""dsl.ConcatPlaceholder joins literals and placeholders into one argument."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Output


@dsl.container_component
def write_greeting(first: str, last: str, out: Output[Dataset]):
    return dsl.ContainerSpec(
        image="busybox:1.36",
        command=["sh", "-c", 'echo "$0" > "$1"'],
        args=[
            dsl.ConcatPlaceholder(["Hello, ", first, " ", last, "!"]),
            dsl.ConcatPlaceholder([out.path]),
        ],
    )


TARGET = write_greeting
