"""kfp's module path ``kfp.local.config``: ``init`` and the runner classes of ``kfp_lite.local``."""

from __future__ import annotations

from kfp_lite.local.session import DockerRunner, SubprocessRunner, init

__all__ = ["DockerRunner", "SubprocessRunner", "init"]
