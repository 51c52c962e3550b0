"""The pydantic model of a run configuration file: the schema of its keys and value types.

Only :func:`kfp_lite.config.load_config` and the schema generator import this module, so
pydantic loads only when a configuration is used. Values are validated strictly (no string
to number coercion) and unknown keys are errors. Checks that need the pipeline (task names,
argument types, conflicts with the code) live in :mod:`kfp_lite.config.apply`.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

_CPU = re.compile(r"^([0-9]*[.])?[0-9]+m?$")
_MEMORY = re.compile(r"^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$")

Scalar = Union[str, int, float]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


def _duration(value: Any) -> Any:
    from kfp_lite.dsl.tasks import duration_seconds

    if value is not None and duration_seconds(value) is None:
        raise ValueError(f"{value!r} is not a duration; write e.g. 30s, 5m, 1h or a number of seconds")
    return value


class RetryConfig(_Strict):
    """``retry:`` of a step; compiled as ``task.set_retry(...)`` would."""

    max_retries: int = Field(ge=0, description="How many times a failed task is retried.")
    backoff_duration: Union[str, int] = Field(
        None, description="Wait before the first retry: 30s, 5m, 1h or seconds (default 0s).")
    backoff_factor: float = Field(None, description="Multiplier of the wait after each retry (default 2.0).")
    backoff_max_duration: Union[str, int] = Field(
        None, description="Longest wait between retries (default 3600s).")

    _check_durations = field_validator("backoff_duration", "backoff_max_duration")(_duration)


class StepConfig(_Strict):
    """``steps.<task-name>:`` -- the settings of one task, each as its task method compiles it."""

    parameters: Dict[str, Any] = Field(
        None, description="Task arguments not given in code (or given the same value there).")
    enable_cache: bool = Field(None, description="Cache this task (set_caching_options).")
    retry: RetryConfig = Field(None, description="Retry policy (set_retry).")
    display_name: str = Field(None, description="Name shown in the UI (set_display_name).")
    cpu_request: Scalar = Field(None, description="CPU request: 2, 0.5 or 500m (set_cpu_request).")
    cpu_limit: Scalar = Field(None, description="CPU limit: 2, 0.5 or 500m (set_cpu_limit).")
    memory_request: str = Field(None, description="Memory request: 512Mi, 4G (set_memory_request).")
    memory_limit: str = Field(None, description="Memory limit: 512Mi, 4G (set_memory_limit).")
    accelerator_type: str = Field(
        None, description="Accelerator, e.g. nvidia.com/gpu (set_accelerator_type).")
    accelerator_limit: Union[int, str] = Field(
        None, description="Number of accelerators (set_accelerator_limit).")
    env: Dict[str, str] = Field(None, description="Environment variables (set_env_variable).")

    @field_validator("cpu_request", "cpu_limit")
    @classmethod
    def _cpu(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, (int, float)) and value < 0) or \
                not _CPU.match(str(value)):
            raise ValueError(f"{value!r} is not a CPU amount; write e.g. 2, 0.5 or 500m")
        return value

    @field_validator("memory_request", "memory_limit")
    @classmethod
    def _memory(cls, value: Any) -> Any:
        if not _MEMORY.match(value):
            raise ValueError(f"{value!r} is not a memory amount; write e.g. 512Mi, 4G or 1Ti")
        return value

    @field_validator("accelerator_limit")
    @classmethod
    def _count(cls, value: Any) -> Any:
        if (isinstance(value, int) and value < 0) or (isinstance(value, str) and not value.isdigit()):
            raise ValueError(f"{value!r} is not a number of accelerators; write e.g. 1")
        return value

    @field_validator("accelerator_type", "display_name")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        if not value:
            raise ValueError("must not be empty")
        return value


class RunConfigModel(_Strict):
    """A kfp_lite run configuration file (``--config run.yaml``)."""

    model_config = ConfigDict(strict=True, extra="forbid", title="kfp_lite run configuration")

    parameters: Dict[str, Any] = Field(
        None, description="Pipeline parameters: they become the compiled defaults.")
    enable_cache: bool = Field(
        None, description="Caching of every task; a step's own enable_cache wins for that step.")
    executor: Literal["kfp", "embedded"] = Field(
        None, description="The command of lightweight components: 'kfp' (kfp's own, pip-installs "
        "kfp at start; the default) or 'embedded' (kfp_lite's offline executor in the command).")
    steps: Dict[str, StepConfig] = Field(
        None, description="Settings per task, keyed by the task name as in the compiled spec "
        "(train, train-2); a task of a nested pipeline is 'outer-task/inner-task'.")


def field_names(loc: tuple) -> Optional[list[str]]:
    """The keys allowed in the mapping at ``loc`` (a data path), or None if it is free-form."""
    model: Any = RunConfigModel
    index = 0
    while index < len(loc):
        part = loc[index]
        if model is RunConfigModel and part == "steps":
            if index + 1 >= len(loc):
                return None
            model, index = StepConfig, index + 2
            continue
        if model is StepConfig and part == "retry":
            model, index = RetryConfig, index + 1
            continue
        return None
    return list(model.model_fields)
