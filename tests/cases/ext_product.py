"""component.product(): every combination of two lists in one flat loop, collected."""

from typing import List

from kfp_lite import dsl

KFP_LITE_ONLY = "component.product()"


@dsl.component
def score(lr: float, depth: int, tag: str) -> float:
    return lr * depth


@dsl.component
def summarize(scores: List[float]) -> int:
    return len(scores)


@dsl.pipeline(name="grid-search")
def grid_search(tag: str = "grid"):
    grid = score.product(lr=[0.1, 0.01], depth=[2, 4, 8], tag=tag)
    summarize(scores=grid.output)


TARGET = grid_search
