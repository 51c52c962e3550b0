"""``kfp_lite.v2.compiler``: the old ``kfp.v2.compiler`` spelling of ``kfp_lite.compiler``."""

from __future__ import annotations

from kfp_lite.compiler import Compiler, KubernetesManifestOptions

__all__ = ["Compiler", "KubernetesManifestOptions"]
