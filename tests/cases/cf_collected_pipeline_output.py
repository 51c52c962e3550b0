"""dsl.Collected returned as pipeline outputs (parameter list and artifact list)."""

from typing import List, NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Output


@dsl.component
def score_batch(batch: int, scored: Output[Dataset]) -> float:
    with open(scored.path, "w") as f:
        f.write(str(batch))
    return batch / 10


@dsl.pipeline(name="batch-scoring")
def batch_scoring() -> NamedTuple("Outputs", scores=List[float], datasets=List[Dataset]):
    with dsl.ParallelFor([1, 2, 3]) as batch:
        task = score_batch(batch=batch)
    Outputs = NamedTuple("Outputs", scores=List[float], datasets=List[Dataset])  # noqa: UP014
    return Outputs(
        scores=dsl.Collected(task.outputs["Output"]),
        datasets=dsl.Collected(task.outputs["scored"]),
    )


TARGET = batch_scoring
