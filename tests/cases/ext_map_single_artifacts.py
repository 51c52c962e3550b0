"""component.map() over one list: the loop runs over the list itself; artifacts are collected."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output


@dsl.component
def prepare(out: Output[Dataset]):
    with open(out.path, "w") as f:
        f.write("1,2,3")


@dsl.component
def fit(data: Input[Dataset], alpha: float, model: Output[Model]) -> float:
    with open(model.path, "w") as f:
        f.write(str(alpha))
    return alpha


@dsl.component
def ensemble(models: Input[List[Model]], scores: List[float]) -> int:
    return len(models) + len(scores)


KFP_LITE_ONLY = "component.map()"


@dsl.pipeline(name="map-artifacts")
def map_artifacts():
    data = prepare()
    fits = fit.map(data=data.outputs["out"], alpha=[0.5, 1.0])
    ensemble(models=fits.outputs["model"], scores=fits.outputs["Output"])


TARGET = map_artifacts
