"""kfp's module path ``kfp.compiler.pipeline_spec_builder``: the names it shares with kfp's
public modules. kfp builds protobuf messages there; kfp_lite's passes are its own modules."""

from __future__ import annotations

from kfp_lite.compiler.kubernetes_manifest import KubernetesManifestOptions

from kfp_lite.dsl.component_task_config import TaskConfigField

__all__ = ["KubernetesManifestOptions", "TaskConfigField"]
