"""A container component taking Input[List[Dataset]]: the placeholder is the whole list."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.container_component
def concat_files(parts: Input[List[Dataset]], merged: Output[Dataset]):
    return dsl.ContainerSpec(
        image="python:3.11",
        command=["python", "-m", "merge"],
        args=["--parts", parts, "--out", merged.path],
    )


TARGET = concat_files
