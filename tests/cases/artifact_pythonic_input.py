"""A bare artifact annotation (data: Dataset) is an input artifact."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Model


@dsl.component
def count_lines(data: Dataset, model: Model) -> int:
    with open(data.path) as f:
        return len(f.readlines()) + len(model.uri)


TARGET = count_lines
