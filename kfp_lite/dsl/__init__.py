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
    Annotated,  # noqa: F401 - in kfp.dsl, not in its __all__
    Artifact,
    ClassificationMetrics,
    Dataset,
    EmbeddedAnnotation,  # noqa: F401 - in kfp.dsl, not in its __all__
    EmbeddedInput,  # noqa: F401 - in kfp.dsl, not in its __all__
    Input,
    InputAnnotation,  # noqa: F401 - in kfp.dsl, not in its __all__
    InputPath,
    Markdown,
    Metrics,
    Model,
    Output,
    OutputAnnotation,  # noqa: F401 - in kfp.dsl, not in its __all__
    OutputPath,
    PipelineTaskFinalStatus,
    SlicedClassificationMetrics,
    T,  # noqa: F401 - in kfp.dsl, not in its __all__
    TaskConfig,
    TypeVar,  # noqa: F401 - in kfp.dsl, not in its __all__
    get_uri,
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
    "PythonComponent", "SlicedClassificationMetrics", "TaskConfig", "TaskConfigField",
    "TaskConfigPassthrough", "WORKSPACE_PATH_PLACEHOLDER", "WorkspaceConfig", "component",
    "container_component", "get_uri", "importer", "notebook_component", "pipeline", "run_notebook",
    "unmapped",
]

# Rarely used names load on first use, keeping `import kfp_lite.dsl` (and every compile) cheap.
_LAZY = {
    "KubernetesWorkspaceConfig": "config_types",
    "PipelineConfig": "config_types",
    "WorkspaceConfig": "config_types",
    "FanOut": "fan_out",
    "unmapped": "fan_out",
    "TaskConfigField": "component_task_config",
    "TaskConfigPassthrough": "component_task_config",
    "notebook_component": "notebooks",
    "run_notebook": "notebooks",
    "Materialized": "materialized",
    "Materializer": "materialized",
    "BytesMaterializer": "materialized",
    "TextMaterializer": "materialized",
    "PathMaterializer": "materialized",
    "DataFrameMaterializer": "materialized",
    "NumpyMaterializer": "materialized",
    "PickleMaterializer": "materialized",
}

# kfp's module paths (kfp.dsl.pipeline_task, kfp.dsl.structures...): small modules that
# re-export these names, imported on first use (docs/module-paths.md)
_KFP_MODULE_PATHS = frozenset({
    "base_component", "component_decorator", "component_factory", "component_task_config",
    "container_component_class", "container_component_decorator", "for_loop", "graph_component",
    "importer_component", "importer_node", "notebook_component_decorator", "notebook_helpers",
    "pipeline_channel", "pipeline_config", "pipeline_context", "pipeline_task", "python_component",
    "structures", "task_config", "task_final_status", "tasks_group", "yaml_component",
})


def __getattr__(name: str):
    import importlib

    if name in _KFP_MODULE_PATHS:
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kfp_lite.dsl' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _KFP_MODULE_PATHS)
