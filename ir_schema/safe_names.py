"""The rule for names from a spec that become file names: one plain path segment each.

The local runner turns the pipeline name, task names and output names into folders and files
under its run folder; ``validate`` reports the same names. A name that is absolute, contains
a path separator, ``..`` or NUL, or is empty, ``.`` or ``..`` would leave (or replace) its
folder, so it is refused before anything is created or deleted. Standard library only: the
runner and ``ir_schema`` both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Tuple

from kfp_lite.ir_schema.problem import child

__all__ = ["UnsafeName", "check_name", "name_problem", "unsafe_names"]

_SEPARATORS = ("/", "\\")


@dataclass(frozen=True)
class UnsafeName:
    """A name at ``field`` (a dotted JSON path) that may not become a file name."""

    field: str
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.name!r} {self.reason}"


def name_problem(name: Any) -> Optional[str]:
    """Why ``name`` cannot be one path segment, or None when it can."""
    if not isinstance(name, str):
        return f"is a {type(name).__name__}, not a name"
    if name in ("", ".", ".."):
        return "is not a name (empty, '.' or '..')"
    if "\0" in name:
        return "contains a NUL character"
    if name.startswith(_SEPARATORS) or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if any(sep in name for sep in _SEPARATORS):
        return "contains a path separator"
    if ".." in name:
        return "contains '..'"
    return None


def check_name(field: str, name: Any) -> None:
    """Raise ValueError naming ``field`` when ``name`` is not one safe path segment."""
    reason = name_problem(name)
    if reason:
        raise ValueError(str(UnsafeName(field, str(name), reason)))


def _map(value: Any) -> Dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _named_fields(spec: Dict[str, Any]) -> Iterator[Tuple[str, Any]]:
    info = _map(spec.get("pipelineInfo"))
    if "name" in info:
        yield "pipelineInfo.name", info["name"]
    owners: List[Tuple[str, Any]] = [("root", spec.get("root"))]
    owners += [(child("components", str(n)), c) for n, c in _map(spec.get("components")).items()]
    for path, component in owners:
        component = _map(component)
        for name in _map(_map(component.get("dag")).get("tasks")):
            yield child(path, "dag", "tasks", str(name)), name
        outputs = _map(component.get("outputDefinitions"))
        for kind in ("parameters", "artifacts"):
            for name in _map(outputs.get(kind)):
                yield child(path, "outputDefinitions", kind, str(name)), name


def unsafe_names(spec: Dict[str, Any]) -> List[UnsafeName]:
    """Every pipeline, task and output name of ``spec`` that may not become a file name."""
    found = []
    for field, name in _named_fields(_map(spec)):
        reason = name_problem(name)
        if reason:
            found.append(UnsafeName(field, str(name), reason))
    return found
