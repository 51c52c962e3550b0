"""A plain chain: parameters, artifacts, an .after()-only dependency and pipeline outputs."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output


@dsl.component
def load(rows: int, data: Output[Dataset]) -> str:
    return "ok"


@dsl.component
def train(data: Input[Dataset], lr: float, model: Output[Model]) -> float:
    return 0.9


@dsl.component
def report(msg: str, score: float):
    pass


@dsl.component
def cleanup():
    pass


@dsl.pipeline(name="chain")
def chain(rows: int = 10, lr: float = 0.1) -> Model:
    loaded = load(rows=rows)
    trained = train(data=loaded.outputs["data"], lr=lr)
    report(msg=loaded.outputs["Output"], score=trained.outputs["Output"])
    cleanup().after(trained)
    return trained.outputs["model"]
