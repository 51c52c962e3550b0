"""Every bundled artifact class as an Output[...] of one component."""

from kfp_lite import dsl
from kfp_lite.dsl import (
    HTML,
    Artifact,
    ClassificationMetrics,
    Dataset,
    Markdown,
    Metrics,
    Model,
    Output,
    SlicedClassificationMetrics,
)


@dsl.component
def produce_all(
    artifact: Output[Artifact],
    dataset: Output[Dataset],
    model: Output[Model],
    metrics: Output[Metrics],
    classification: Output[ClassificationMetrics],
    sliced: Output[SlicedClassificationMetrics],
    html: Output[HTML],
    markdown: Output[Markdown],
):
    for a in [artifact, dataset, model, html, markdown]:
        with open(a.path, "w") as f:
            f.write(a.name)
    metrics.log_metric("accuracy", 0.9)
    classification.log_roc_curve([0.0, 1.0], [0.0, 1.0], [1.0, 0.0])
    sliced.load_roc_readings("all", [[0.5, 0.9, 0.1]])


TARGET = produce_all
