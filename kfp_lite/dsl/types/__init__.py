"""Artifact classes and the annotation markers users write in component signatures.

kfp's module paths ``kfp.dsl.types.artifact_types``, ``type_annotations``, ``type_utils`` and
``custom_artifact_types`` are the submodules of this package, re-exporting these names.

These classes exist at authoring time only as *types*: the compiler reads their
``schema_title`` / ``schema_version``. Inside a running container the embedded executor
(:mod:`kfp_lite.executor`) supplies its own runtime versions with the same names.
"""

from __future__ import annotations

from typing import Annotated, Any, Dict, List, Optional, TypeVar


class Artifact:
    """A generic artifact: a file or directory with a URI and metadata."""

    schema_title = "system.Artifact"
    schema_version = "0.0.1"

    def __init__(self, name: Optional[str] = None, uri: Optional[str] = None,
                 metadata: Optional[Dict[str, Any]] = None) -> None:
        self.name = name or ""
        self.uri = uri or ""
        self.metadata = metadata or {}

    @property
    def path(self) -> str:
        return self.uri


class Dataset(Artifact):
    schema_title = "system.Dataset"


class Model(Artifact):
    schema_title = "system.Model"


class Metrics(Artifact):
    schema_title = "system.Metrics"

    def log_metric(self, metric: str, value: float) -> None:
        self.metadata[metric] = value


class ClassificationMetrics(Artifact):
    schema_title = "system.ClassificationMetrics"


class SlicedClassificationMetrics(Artifact):
    schema_title = "system.SlicedClassificationMetrics"


class HTML(Artifact):
    schema_title = "system.HTML"


class Markdown(Artifact):
    schema_title = "system.Markdown"


ARTIFACT_CLASSES: dict[str, type[Artifact]] = {
    cls.__name__: cls
    for cls in (Artifact, Dataset, Model, Metrics, ClassificationMetrics,
                SlicedClassificationMetrics, HTML, Markdown)
}


class _Marker:
    """Base of Input[...] / Output[...]: a subscriptable marker that records the inner type."""

    direction = ""

    def __class_getitem__(cls, item: Any) -> _MarkedType:
        return _MarkedType(cls.direction, item)


class _MarkedType:
    """``Input[Dataset]``: direction plus the artifact type (or ``List[Dataset]``)."""

    def __init__(self, direction: str, inner: Any) -> None:
        self.direction = direction
        self.inner = inner

    def __repr__(self) -> str:
        inner = getattr(self.inner, "__name__", repr(self.inner))
        return f"{self.direction.capitalize()}[{inner}]"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _MarkedType) and other.direction == self.direction
                and other.inner == self.inner)

    def __hash__(self) -> int:
        return hash((self.direction, repr(self.inner)))


class InputAnnotation:
    """kfp's marker of an input artifact: ``Annotated[Dataset, InputAnnotation]`` is ``Input[Dataset]``."""


class OutputAnnotation:
    """kfp's marker of an output artifact: ``Annotated[Model, OutputAnnotation]`` is ``Output[Model]``."""


class EmbeddedAnnotation:
    """kfp's marker of an embedded, run-time-only artifact (``EmbeddedInput[Dataset]``)."""


_ANNOTATION_DIRECTIONS = {InputAnnotation: "input", OutputAnnotation: "output",
                          EmbeddedAnnotation: "embedded"}


def as_marked(annotation: Any) -> Any:
    """``Annotated[Dataset, InputAnnotation]`` (kfp's own spelling) as ``Input[Dataset]``."""
    for extra in getattr(annotation, "__metadata__", ()):
        direction = _ANNOTATION_DIRECTIONS.get(extra)
        if direction is not None:
            return _MarkedType(direction, annotation.__origin__)
    return annotation


class Input(_Marker):
    """``Input[Dataset]``: an input artifact of the given type."""

    direction = "input"


class Output(_Marker):
    """``Output[Model]``: an output artifact the component writes."""

    direction = "output"


class EmbeddedInput(_Marker):
    """``EmbeddedInput[Dataset]``: the files a component embeds with ``embedded_artifact_path=``,
    given to the function at run time; not an input of the task."""

    direction = "embedded"


T = TypeVar("T")


def get_uri(suffix: str = "Output") -> str:
    """The task's own storage URI plus ``suffix``; known only while a task runs."""
    raise RuntimeError("dsl.get_uri() can only be called while a task runs, inside a component")


class _PathMarker:
    """Base of InputPath/OutputPath: the component receives a local file path, not a value."""

    def __init__(self, type: Any = None) -> None:  # noqa: A002 - kfp's keyword name
        self.type = type

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.type!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.type == self.type  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self.type)))


class InputPath(_PathMarker):
    """``InputPath('Dataset')`` / ``InputPath(str)``: the component reads a local file."""


class OutputPath(_PathMarker):
    """``OutputPath(int)`` / ``OutputPath('Model')``: the component writes a local file."""


class PipelineTaskFinalStatus:
    """The final status of an upstream task, given to an exit task by the backend."""

    def __init__(self, state: str = "", pipeline_job_resource_name: str = "",
                 pipeline_task_name: str = "", error_code: Optional[int] = None,
                 error_message: Optional[str] = None) -> None:
        self.state = state
        self.pipeline_job_resource_name = pipeline_job_resource_name
        self.pipeline_task_name = pipeline_task_name
        self.error_code = error_code
        self.error_message = error_message


class TaskConfig(dict):
    """The task's platform configuration, passed through to a component (kfp 2.16+)."""


__all__ = [
    "Artifact", "Dataset", "Model", "Metrics", "ClassificationMetrics",
    "SlicedClassificationMetrics", "HTML", "Markdown", "Input", "Output", "InputPath",
    "OutputPath", "PipelineTaskFinalStatus", "TaskConfig", "ARTIFACT_CLASSES", "List",
    "InputAnnotation", "OutputAnnotation", "EmbeddedAnnotation", "EmbeddedInput", "T", "TypeVar",
    "Annotated", "get_uri",
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

