"""kfp's module path ``kfp.dsl.pipeline_config``: pipeline-level configuration, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.config_types import KubernetesWorkspaceConfig, PipelineConfig, WorkspaceConfig

__all__ = ["KubernetesWorkspaceConfig", "PipelineConfig", "WorkspaceConfig"]
