"""kfp's module path ``kfp.dsl.python_component``: the lightweight component class, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import PythonComponent

__all__ = ["PythonComponent"]
