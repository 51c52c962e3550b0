"""dsl.Collected out of two nested loops, of a parameter and of an artifact."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def make_split(region: str, month: int, split: Output[Dataset]) -> str:
    with open(split.path, "w") as f:
        f.write(f"{region}-{month}")
    return f"{region}-{month}"


@dsl.component
def summarize(names: List[str], splits: Input[List[Dataset]]):
    print(names, len(splits))


@dsl.pipeline(name="regional-monthly-splits")
def regional_monthly_splits():
    with dsl.ParallelFor(["emea", "apac"]) as region:
        with dsl.ParallelFor([1, 2, 3]) as month:
            split = make_split(region=region, month=month)
    summarize(
        names=dsl.Collected(split.outputs["Output"]),
        splits=dsl.Collected(split.outputs["split"]),
    )


TARGET = regional_monthly_splits
