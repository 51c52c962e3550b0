"""kfp's module path ``kfp.compiler.compiler``: ``Compiler``, the same object as in ``kfp_lite.compiler``."""

from __future__ import annotations

from kfp_lite.compiler import Compiler
from kfp_lite.compiler.kubernetes_manifest import KubernetesManifestOptions

__all__ = ["Compiler", "KubernetesManifestOptions"]
