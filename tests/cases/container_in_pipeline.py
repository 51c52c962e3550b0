"""Container components wired together in a pipeline, passing an artifact between them."""

from kfp_lite import dsl
from kfp_lite.dsl import Artifact, Input, Output


@dsl.container_component
def produce(message: str, out: Output[Artifact]):
    return dsl.ContainerSpec(
        image="busybox:1.36",
        command=["sh", "-c", 'mkdir -p "$(dirname "$1")" && echo "$0" > "$1"'],
        args=[message, out.path],
    )


@dsl.container_component
def consume(data: Input[Artifact]):
    return dsl.ContainerSpec(image="busybox:1.36", command=["cat"], args=[data.path])


@dsl.pipeline
def container_chain(message: str = "hi"):
    produced = produce(message=message)
    consume(data=produced.outputs["out"])


TARGET = container_chain
