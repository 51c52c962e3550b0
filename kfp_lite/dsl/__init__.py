"""The authoring API, name for name as in ``kfp.dsl``: decorators, types, placeholders,
control flow and tasks. ``from kfp_lite import dsl``."""

from __future__ import annotations

from typing import List  # noqa: F401 - kfp re-exports typing names users import from dsl

from .channels import Collected, ConditionOperation, OneOf, PipelineChannel
from .components import (
    BaseComponent,
    ContainerComponent,
    GraphComponent,
    PythonComponent,
    component,
    container_component,
    importer,
    pipeline,
)
from .groups import Condition, Elif, Else, ExitHandler, If, ParallelFor
from .placeholders import (
    PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER,
    PIPELINE_JOB_ID_PLACEHOLDER,
    PIPELINE_JOB_NAME_PLACEHOLDER,
    PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER,
    PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER,
    PIPELINE_ROOT_PLACEHOLDER,
    PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER,
    PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER,
    PIPELINE_TASK_ID_PLACEHOLDER,
    PIPELINE_TASK_NAME_PLACEHOLDER,
    WORKSPACE_PATH_PLACEHOLDER,
    ConcatPlaceholder,
    ContainerSpec,
    IfPresentPlaceholder,
)
from .tasks import PipelineTask
from .types import (
    HTML,
    Artifact,
    ClassificationMetrics,
    Dataset,
    Input,
    InputPath,
    Markdown,
    Metrics,
    Model,
    Output,
    OutputPath,
    PipelineTaskFinalStatus,
    SlicedClassificationMetrics,
    TaskConfig,
)

__all__ = [
    "Artifact", "BaseComponent", "ClassificationMetrics", "Collected", "ConcatPlaceholder",
    "Condition", "ConditionOperation", "ContainerComponent", "ContainerSpec", "Dataset", "Elif",
    "Else", "ExitHandler", "FanOut", "GraphComponent", "HTML", "If", "IfPresentPlaceholder", "Input",
    "InputPath", "KubernetesWorkspaceConfig", "Markdown", "Metrics", "Model", "OneOf", "Output",
    "OutputPath", "PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER", "PIPELINE_JOB_ID_PLACEHOLDER",
    "PIPELINE_JOB_NAME_PLACEHOLDER", "PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER",
    "PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER", "PIPELINE_ROOT_PLACEHOLDER",
    "PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER", "PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER",
    "PIPELINE_TASK_ID_PLACEHOLDER", "PIPELINE_TASK_NAME_PLACEHOLDER", "ParallelFor",
    "PipelineChannel", "PipelineConfig", "PipelineTask", "PipelineTaskFinalStatus",
    "PythonComponent", "SlicedClassificationMetrics", "TaskConfig", "WORKSPACE_PATH_PLACEHOLDER",
    "WorkspaceConfig", "component", "container_component", "importer", "pipeline", "unmapped",
]

# Rarely used names load on first use, keeping `import kfp_lite.dsl` (and every compile) cheap.
_LAZY = {
    "KubernetesWorkspaceConfig": "config_types",
    "PipelineConfig": "config_types",
    "WorkspaceConfig": "config_types",
    "FanOut": "fan_out",
    "unmapped": "fan_out",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kfp_lite.dsl' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
