"""kfp's module path ``kfp.dsl.for_loop``: ``dsl.Collected``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.channels import Collected

__all__ = ["Collected"]
