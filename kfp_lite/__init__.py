"""kfp_lite: write Kubeflow Pipelines v2 pipelines in Python, compile them fast and strictly.

``from kfp_lite import dsl, compiler, components`` mirrors ``from kfp import ...``.
Submodules load on first use so that ``import kfp_lite`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Client", "__version__", "client", "compiler", "components", "dsl", "local"]


def __getattr__(name: str):
    if name in ("dsl", "compiler", "components", "local", "client"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    if name == "Client":
        from kfp_lite.client import Client

        return Client
    raise AttributeError(f"module 'kfp_lite' has no attribute {name!r}")
