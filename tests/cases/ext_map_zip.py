"""component.map(): two lists zipped, a constant and a pipeline value passed whole, collected."""

from typing import List

from kfp_lite import dsl

KFP_LITE_ONLY = "component.map()"


@dsl.component
def make_data(rows: int) -> str:
    return f"data-{rows}"


@dsl.component
def train(data: str, lr: float, seed: int, layers: List[int]) -> float:
    return lr * seed * len(layers) + len(data)


@dsl.component
def pick_best(scores: List[float]) -> float:
    return max(scores)


@dsl.pipeline(name="map-zip")
def map_zip(rows: int = 100):
    data = make_data(rows=rows)
    runs = train.map(
        data=data.output, lr=[0.1, 0.01, 0.001], seed=[1, 2, 3], layers=dsl.unmapped([64, 32])
    )
    pick_best(scores=runs.output)


TARGET = map_zip
