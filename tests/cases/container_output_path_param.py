"""A container component with an OutputPath(int) output parameter (written to a file)."""

from kfp_lite import dsl
from kfp_lite.dsl import OutputPath


@dsl.container_component
def count_words(text: str, count: OutputPath(int), summary: OutputPath(str)):
    return dsl.ContainerSpec(
        image="busybox:1.36",
        command=["sh", "-c", 'echo "$0" | wc -w > "$1"; echo done > "$2"'],
        args=[text, count, summary],
    )


@dsl.component
def double(n: int) -> int:
    return 2 * n


@dsl.pipeline
def count_and_double(text: str = "one two three"):
    counted = count_words(text=text)
    double(n=counted.outputs["count"])


TARGET = count_and_double
