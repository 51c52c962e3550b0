"""The artifact classes and annotation markers users write in component signatures.

They are the executor's own classes (:mod:`kfp_lite.executor`, standard library only): the
class a component is annotated with at authoring time is the class it receives when the task
runs, in a container or on this machine. ``TaskConfig`` is authoring-only.

kfp's module paths ``kfp.dsl.types.artifact_types``, ``type_annotations``, ``type_utils`` and
``custom_artifact_types`` are the submodules of this package, re-exporting these names.
"""

from __future__ import annotations

from typing import Annotated, Any, List, TypeVar

from kfp_lite.executor import (
    HTML,
    Artifact,
    ClassificationMetrics,
    Dataset,
    EmbeddedInput,
    Input,
    InputPath,
    Markdown,
    Metrics,
    Model,
    Output,
    OutputPath,
    PipelineTaskFinalStatus,
    SlicedClassificationMetrics,
    get_uri,
    marker_of,
)


def marked(annotation: Any) -> tuple[str, Any] | None:
    """``("input", Dataset)`` for ``Input[Dataset]`` (or kfp's ``Annotated[Dataset,
    InputAnnotation]``), ``"output"``/``"embedded"`` likewise, else None."""
    direction = marker_of(annotation)
    if direction is None:
        return None
    return direction, annotation.__origin__


ARTIFACT_CLASSES: dict[str, type[Artifact]] = {
    cls.__name__: cls
    for cls in (Artifact, Dataset, Model, Metrics, ClassificationMetrics,
                SlicedClassificationMetrics, HTML, Markdown)
}


class InputAnnotation:
    """kfp's marker of an input artifact: ``Annotated[Dataset, InputAnnotation]`` is ``Input[Dataset]``."""


class OutputAnnotation:
    """kfp's marker of an output artifact: ``Annotated[Model, OutputAnnotation]`` is ``Output[Model]``."""


class EmbeddedAnnotation:
    """kfp's marker of an embedded, run-time-only artifact (``EmbeddedInput[Dataset]``)."""


T = TypeVar("T")


class TaskConfig(dict):
    """The task's platform configuration, passed through to a component (kfp 2.16+)."""


__all__ = [
    "Artifact", "Dataset", "Model", "Metrics", "ClassificationMetrics",
    "SlicedClassificationMetrics", "HTML", "Markdown", "Input", "Output", "InputPath",
    "OutputPath", "PipelineTaskFinalStatus", "TaskConfig", "ARTIFACT_CLASSES", "List",
    "InputAnnotation", "OutputAnnotation", "EmbeddedAnnotation", "EmbeddedInput", "T", "TypeVar",
    "Annotated", "get_uri", "marked",
]

# kfp's module paths kfp.dsl.types.artifact_types, type_annotations, type_utils and
# custom_artifact_types: submodules that re-export these names, loaded on first use
_KFP_MODULE_PATHS = frozenset({"artifact_types", "custom_artifact_types", "type_annotations",
                               "type_utils"})


def __getattr__(name: str) -> Any:
    if name in _KFP_MODULE_PATHS:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'kfp_lite.dsl.types' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _KFP_MODULE_PATHS)
