"""kfp's module path ``kfp.compiler.compiler_utils``: ``KubernetesManifestOptions``."""

from __future__ import annotations

from kfp_lite.compiler.kubernetes_manifest import KubernetesManifestOptions

__all__ = ["KubernetesManifestOptions"]
