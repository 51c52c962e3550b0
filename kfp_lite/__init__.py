"""kfp_lite: write Kubeflow Pipelines v2 pipelines in Python, compile them fast and strictly.

``from kfp_lite import dsl, compiler, components`` mirrors ``from kfp import ...``.
``kfp_lite.check(paths_or_pipelines)`` returns every diagnostic, for tools that embed the
checker. Submodules load on first use so that ``import kfp_lite`` stays cheap.
"""

from __future__ import annotations

from kfp_lite import services as _services

__version__ = "0.1.0"

__all__ = ["Client", "Diagnostic", "TYPE_CHECK", "__version__", "check", "client", "compiler", "components", "dsl", "local"]

# kfp's module-level switch (kfp.TYPE_CHECK); compile(type_check=...) is kfp_lite's switch
TYPE_CHECK = True

_SUBMODULES = frozenset({"dsl", "compiler", "components", "local", "client", "v2", "version"})


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | {"Client", "check", "Diagnostic"})


def __getattr__(name: str):
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    if name == "Client":
        from kfp_lite.client import Client

        return Client
    if name == "check":
        from .cli.checking import check

        return check
    if name == "Diagnostic":
        from .diagnostics import Diagnostic

        return Diagnostic
    raise AttributeError(f"module 'kfp_lite' has no attribute {name!r}")


def _write_component_file(component: object, path: str) -> None:
    """``@dsl.component(output_component_file=...)``: compile the component and write it.

    Registered here, where the package is put together, so that dsl needs no compiler import.
    """
    from kfp_lite import compiler

    compiler.Compiler().compile(component, path)


_services.register(_services.COMPONENT_WRITER, _write_component_file)
