"""The record a validation problem is reported as, and helpers to build its path and hint."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Union

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec document.

    ``path`` is a JSON path in dotted form (``root.dag.tasks.train.componentRef.name``;
    list items as ``command[2]``; keys with unusual characters as ``["a.b"]``); an empty
    path means the document itself. ``document`` is 1 for the PipelineSpec and 2 for the
    platform spec that may follow it in the same YAML file.
    """

    path: str
    message: str
    hint: Optional[str] = None
    document: int = 1

    def __str__(self) -> str:
        where = self.path or "(document)"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


PathPart = Union[str, int]


def join_path(parts: Iterable[PathPart]) -> str:
    """Render path parts as ``a.b[0].c``; odd keys are quoted as ``["a.b"]``."""
    out = ""
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
            continue
        key = str(part)
        if _PLAIN_KEY.match(key):
            out += f".{key}" if out else key
        else:
            escaped = key.replace("\\", "\\\\").replace('"', '\\"')
            out += f'["{escaped}"]'
    return out


def child(path: str, *parts: PathPart) -> str:
    """Extend a rendered path by more parts."""
    rest = join_path(parts)
    if not path:
        return rest
    if not rest:
        return path
    return path + rest if rest.startswith("[") else f"{path}.{rest}"


def did_you_mean(name: object, candidates: Sequence[str]) -> Optional[str]:
    """``did you mean 'x'?`` for the closest candidate, or None."""
    if not isinstance(name, str) or not candidates:
        return None
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f"did you mean {matches[0]!r}?" if matches else None


def describe(value: object) -> str:
    """A short, type-revealing rendering of a YAML value for messages."""
    kind = json_type(value)
    if kind == "object":
        return "a mapping"
    if kind == "array":
        return "a list"
    if kind == "null":
        return "null (an empty value)"
    if kind in ("string", "integer", "number", "boolean"):
        text = (
            repr(value)
            if kind == "string"
            else str(value).lower()
            if kind == "boolean"
            else repr(value)
        )
        if len(text) > 60:
            text = text[:57] + "..."
        return f"the {kind} {text}"
    return f"a value of type {kind}"


def json_type(value: object) -> str:
    """The JSON type name of a value loaded from YAML (non-JSON values get their Python name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__
