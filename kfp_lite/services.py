"""Services that the authoring layer calls but may not import.

``kfp_lite.dsl`` is the bottom layer: the compiler and the local runner import it, never the
other way round. Two of kfp's authoring features still reach upward: calling a component
outside a pipeline runs it at once (after ``local.init()``), and
``@dsl.component(output_component_file=...)`` writes the component's YAML. The layer that
provides each registers a function here, and dsl calls whatever is registered:

- ``LOCAL_CALL``: ``(component, args, kwargs) -> task``, registered by ``local.init()``;
- ``COMPONENT_WRITER``: ``(component, path) -> None``, registered by the package's
  ``__init__`` (it compiles with ``Compiler().compile``, importing the compiler on first use).

Registration is process-wide, like kfp's local-execution configuration. This module imports
nothing of kfp_lite.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

LOCAL_CALL = "local_call"
COMPONENT_WRITER = "component_writer"

_REGISTERED: dict[str, Callable[..., Any]] = {}


def register(name: str, service: Optional[Callable[..., Any]]) -> Optional[Callable[..., Any]]:
    """Make ``service`` the one registered under ``name`` (None removes it); return the old one."""
    if name not in (LOCAL_CALL, COMPONENT_WRITER):
        raise ValueError(f"unknown service {name!r}")
    previous = _REGISTERED.pop(name, None)
    if service is not None:
        _REGISTERED[name] = service
    return previous


def lookup(name: str) -> Optional[Callable[..., Any]]:
    """The service registered under ``name``, or None."""
    return _REGISTERED.get(name)


__all__ = ["COMPONENT_WRITER", "LOCAL_CALL", "lookup", "register"]
