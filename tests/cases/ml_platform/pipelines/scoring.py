"""Batch scoring: the compiled feature pipeline reused from its YAML, and a notebook report."""

import os
from typing import NamedTuple

from kfp_lite import components, dsl, kubernetes
from kfp_lite.dsl import Dataset, Input, Output

from ..components.legacy import notify
from ..settings import BASE_IMAGE, spec_path

features_from_yaml = components.load_component_from_file(spec_path("features_pipeline.yaml"))


@dsl.component(base_image=BASE_IMAGE)
def score_rows(rows: Input[Dataset], model_uri: str, scored: Output[Dataset]) -> int:
    with open(scored.path, "w") as f:
        f.write(model_uri)
    return 1


@dsl.notebook_component(
    notebook_path=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                               "..", "data", "notebooks", "report.ipynb"),
    base_image=BASE_IMAGE,
)
def scoring_report(rows: int, report: Output[Dataset]):
    dsl.run_notebook(rows=rows, title="scoring")
    with open(report.path, "w") as f:
        f.write("see the notebook output")


class Scored(NamedTuple):
    scored_rows: int
    report: Dataset


@dsl.pipeline(name="batch-scoring")
def scoring_pipeline(source_uri: str = "bq://project.dataset",
                     model_uri: str = "gs://models/latest", row_limit: int = 50000) -> Scored:
    features = features_from_yaml(source_uri=source_uri, row_limit=row_limit,
                                  query="SELECT * FROM scoring")
    scored = score_rows(rows=features.outputs["test"], model_uri=model_uri)
    kubernetes.use_config_map_as_env(scored, config_map_name="scoring-settings",
                                     config_map_key_to_env={"batch": "BATCH_SIZE"})
    report = scoring_report(rows=scored.outputs["Output"])
    notify(channel="#scoring", message=model_uri).after(report)
    return Scored(scored_rows=scored.outputs["Output"], report=report.outputs["report"])
