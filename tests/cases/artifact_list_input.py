"""A list of artifacts as an input: Input[List[Dataset]] becomes isArtifactList."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output


@dsl.component
def merge(parts: Input[List[Dataset]], merged: Output[Model]):
    with open(merged.path, "w") as out:
        for part in parts:
            with open(part.path) as f:
                out.write(f.read())


TARGET = merge
