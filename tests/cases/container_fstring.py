"""f-strings mixing literal text with input and output placeholders in container args."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.container_component
def copy_rows(src: Input[Dataset], limit: int, prefix: str, dst: Output[Dataset]):
    return dsl.ContainerSpec(
        image="busybox:1.36",
        command=["sh", "-c"],
        args=[
            f"head -n {limit} {src.path} | sed 's/^/{prefix}/' > {dst.path}",
            f"--meta={src.metadata} --uri={dst.uri}",
        ],
    )


TARGET = copy_rows
