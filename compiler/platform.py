"""The platform document's per-task part: a task's Kubernetes settings with run-time values
resolved, and a nested pipeline's settings carried into the outer document.

``kfp_lite.kubernetes`` stores a run-time value as the channel itself; here it becomes the
reference the task reads it through where it sits (a pipeline input of its own DAG, a
surfaced ``pipelinechannel--`` input of its group, or a sibling task's output), the same way
task arguments are wired. Constants take the proto ``Value`` form (numbers as floats).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from kfp_lite.dsl.channels import PipelineChannel
from kfp_lite.ir_types import to_value

# where kfp_lite.kubernetes keeps the channel of pvcMount's older flat reference
INLINE_REFERENCE = "\x00reference"


def resolve(config: Any, source: Callable[[PipelineChannel], dict]) -> Any:
    """A copy of ``config`` with every channel replaced by ``source(channel)``."""
    if isinstance(config, PipelineChannel):
        return source(config)
    if isinstance(config, dict):
        result: dict[str, Any] = {}
        for key, value in config.items():
            if key == INLINE_REFERENCE:
                reference = source(value)
                # the flat form has no selector: a dict item's field is read via pvcNameParameter only
                if "parameterExpressionSelector" not in reference:
                    result.update(reference)
            elif key == "runtimeValue" and isinstance(value, dict) and "constant" in value:
                result[key] = {**value, "constant": to_value(value["constant"])}
            else:
                result[key] = resolve(value, source)
        return result
    if isinstance(config, list):
        return [resolve(item, source) for item in config]
    return config


def executors_of(platform_spec: Mapping[str, Any]) -> dict[str, Any]:
    """The per-executor Kubernetes settings of a compiled (or loaded) platform document."""
    kubernetes = (platform_spec.get("platforms") or {}).get("kubernetes") or {}
    executors = (kubernetes.get("deploymentSpec") or {}).get("executors") or {}
    return executors if isinstance(executors, dict) else {}


__all__ = ["INLINE_REFERENCE", "executors_of", "resolve"]
