"""Why a task ran or was taken from the cache, in words a user checks at a glance.

The reason is computed from the cache key's parts (``version``, ``component``,
``parameters``, ``artifacts``, see docs/caching.md) compared with the parts stored with the
newest previous execution of the same task: ``parameter 'epochs' changed 3 -> 4``,
``input 'data' content changed``, ``component code changed``, ``cache disabled``,
``no previous run``. The runner, ``kfp-lite cache-key``, ``show`` and the report all say it
the same way because they all call :func:`changes` / :func:`explain`.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

__all__ = ["changes", "explain", "value_text"]

_MAX_VALUE = 40


def value_text(value: Any) -> str:
    """A parameter value as JSON, cut to a readable length."""
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 3] + "..."


def changes(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """What differs between two sets of key parts, most telling first (empty: the same)."""
    found: list[str] = []
    if previous.get("version") != current.get("version"):
        found.append("cache key format changed")
    if previous.get("component") != current.get("component"):
        found.append("component code changed")
    before = previous.get("parameters") or {}
    after = current.get("parameters") or {}
    for name in sorted(set(before) | set(after)):
        if name not in before:
            found.append(f"parameter {name!r} added = {value_text(after[name])}")
        elif name not in after:
            found.append(f"parameter {name!r} removed")
        elif before[name] != after[name]:
            found.append(
                f"parameter {name!r} changed {value_text(before[name])} -> "
                f"{value_text(after[name])}"
            )
    old_art = previous.get("artifacts") or {}
    new_art = current.get("artifacts") or {}
    for name in sorted(set(old_art) | set(new_art)):
        if name not in old_art:
            found.append(f"input {name!r} added")
        elif name not in new_art:
            found.append(f"input {name!r} removed")
        elif old_art[name] != new_art[name]:
            digests = [[i.get("digest") for i in items] for items in (old_art[name], new_art[name])]
            what = "content" if digests[0] != digests[1] else "metadata"
            found.append(f"input {name!r} {what} changed")
    return found


def explain(
    current: Mapping[str, Any],
    previous: Optional[Mapping[str, Any]],
    *,
    cached_from: str = "",
    cache_on: bool = True,
    lookup_reason: str = "",
) -> str:
    """One line: why the task was cached (``cached_from`` is the run that produced the
    outputs) or why it runs. ``previous`` is ``{"run", "parts", "state"}`` of the newest
    earlier execution of the task, or None."""
    if cached_from:
        return f"cached: same inputs and code as run {cached_from}"
    if not cache_on:
        return lookup_reason or "cache disabled"
    if previous is None:
        return "no previous run"
    found = changes(previous.get("parts") or {}, current)
    if found:
        return "; ".join(found)
    if previous.get("state") not in (None, "SUCCEEDED", "CACHED"):
        return f"nothing changed, but the previous run ({previous.get('run')}) failed"
    return f"nothing changed since run {previous.get('run')}, but {lookup_reason or 'no entry'}"
