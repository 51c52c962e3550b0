"""kfp's module path ``kfp.dsl.notebook_helpers``: ``dsl.run_notebook``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.notebooks import run_notebook

__all__ = ["run_notebook"]
