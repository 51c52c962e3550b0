"""Every bundled artifact class as an Input[...] of one component."""

from kfp_lite import dsl
from kfp_lite.dsl import (
    HTML,
    Artifact,
    ClassificationMetrics,
    Dataset,
    Input,
    Markdown,
    Metrics,
    Model,
    SlicedClassificationMetrics,
)


@dsl.component
def inspect_all(
    artifact: Input[Artifact],
    dataset: Input[Dataset],
    model: Input[Model],
    metrics: Input[Metrics],
    classification: Input[ClassificationMetrics],
    sliced: Input[SlicedClassificationMetrics],
    html: Input[HTML],
    markdown: Input[Markdown],
) -> str:
    items = [artifact, dataset, model, metrics, classification, sliced, html, markdown]
    return ",".join(a.uri for a in items)


TARGET = inspect_all
