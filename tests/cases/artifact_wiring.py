"""Artifacts flowing between tasks: Output[Dataset] -> Input[Dataset] -> Output[Model]."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Metrics, Model, Output


@dsl.component
def make_data(rows: int, data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write("\n".join(str(i) for i in range(rows)))
    data.metadata["rows"] = rows


@dsl.component
def fit(data: Input[Dataset], model: Output[Model], metrics: Output[Metrics]):
    with open(data.path) as f:
        values = [int(line) for line in f]
    with open(model.path, "w") as f:
        f.write(str(sum(values) / len(values)))
    metrics.log_metric("n", len(values))


@dsl.component
def report(model: Input[Model], metrics: Input[Metrics]) -> str:
    return f"{model.uri} {metrics.metadata}"


@dsl.pipeline
def artifact_wiring(rows: int = 100):
    data = make_data(rows=rows)
    trained = fit(data=data.outputs["data"])
    report(model=trained.outputs["model"], metrics=trained.outputs["metrics"])


TARGET = artifact_wiring
