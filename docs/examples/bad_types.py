"""A pipeline with three independent mistakes; `kfp-lite check` reports them all at once."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input


@dsl.component
def load(rows: int) -> int:
    return rows


@dsl.component
def train(data: Input[Dataset], epochs: int) -> float:
    return 0.0


@dsl.pipeline(name="bad-types")
def bad_types(rows: int = 10):
    loaded = load(rows=rows)
    train(data=loaded.output, epoch=3)
    if loaded.output:
        load(rows="ten")
