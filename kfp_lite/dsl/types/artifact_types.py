"""kfp's module path ``kfp.dsl.types.artifact_types``: the artifact classes and ``get_uri``."""

from __future__ import annotations

from . import (
    HTML,
    Artifact,
    ClassificationMetrics,
    Dataset,
    Markdown,
    Metrics,
    Model,
    SlicedClassificationMetrics,
    get_uri,
)

__all__ = ["HTML", "Artifact", "ClassificationMetrics", "Dataset", "Markdown", "Metrics", "Model",
           "SlicedClassificationMetrics", "get_uri"]
