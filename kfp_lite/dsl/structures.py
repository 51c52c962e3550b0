"""kfp's module path ``kfp.dsl.structures``: the component interface records and ``ContainerSpec``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.component_task_config import TaskConfigPassthrough
from kfp_lite.dsl.interface import ComponentSpec, InputSpec, OutputSpec
from kfp_lite.dsl.placeholders import ContainerSpec
from kfp_lite.dsl.types import TaskConfig

__all__ = ["ComponentSpec", "ContainerSpec", "InputSpec", "OutputSpec", "TaskConfig", "TaskConfigPassthrough"]
