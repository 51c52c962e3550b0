"""Readable text for the drawing: type names, default values and shortened CEL conditions."""

from __future__ import annotations

import json
import re
from typing import Callable, Mapping, Optional

from kfp_lite.ir_types import NUMBER_INTEGER, display_name

CONDITION_LIMIT = 60
VALUE_LIMIT = 40

_CHANNEL = re.compile(r"inputs\.parameter_values\['([^']+)'\]")
_CAST = re.compile(r"\b(?:int|double|string|bool)\((\x00\d+\x01)\)")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x01")
_SELECTOR_KEY = re.compile(r"\[\"([^\"]*)\"\]|\['([^']*)'\]")


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parameter_type(ir_type: Optional[str]) -> str:
    return display_name(ir_type, (ir_type or "?").lower())


def artifact_type(definition: Mapping) -> str:
    """``system.Dataset`` -> ``Dataset``; other schema titles stay whole."""
    title = (definition.get("artifactType") or {}).get("schemaTitle") or "Artifact"
    short = title[len("system.") :] if title.startswith("system.") else title
    return f"List[{short}]" if definition.get("isArtifactList") else short


def default_value(value: object, ir_type: Optional[str]) -> str:
    """A default as Python would spell it (the IR writes every number as a float)."""
    if ir_type == NUMBER_INTEGER and isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value)
    return shorten(text, VALUE_LIMIT)


def literal_list(raw: str) -> str:
    """A loop's literal items (JSON in the IR) as Python would spell them."""
    try:
        value = json.loads(raw)
    except ValueError:
        return shorten(raw, VALUE_LIMIT)
    return shorten(repr(value), VALUE_LIMIT)


def selector_suffix(expression: Optional[str]) -> str:
    """``parseJson(string_value)["lr"]`` (a loop item's field) -> ``.lr``."""
    if not expression:
        return ""
    keys = [a or b for a, b in _SELECTOR_KEY.findall(expression)]
    if keys:
        return "".join(f".{key}" for key in keys)
    return f" [{expression}]"


def condition_channels(cel: str) -> list[str]:
    """The group input names a CEL condition reads, in order of first use."""
    seen: dict[str, None] = {}
    for name in _CHANNEL.findall(cel):
        seen.setdefault(name, None)
    return list(seen)


def readable_condition(cel: str, name_of: Callable[[str], str]) -> str:
    """Rewrite KFP's CEL into something a reader recognises from the pipeline's source.

    ``int(inputs.parameter_values['pipelinechannel--flip-Output']) > 2`` becomes
    ``flip.Output > 2``: channels are named after what feeds them, casts are dropped and
    ``&&``/``||``/``!`` read as ``and``/``or``/``not``.
    """
    names: list[str] = []

    def hide(match: re.Match) -> str:
        names.append(name_of(match.group(1)))
        return f"\x00{len(names) - 1}\x01"

    text = _CHANNEL.sub(hide, cel)
    previous = None
    while previous != text:
        previous, text = text, _CAST.sub(r"\1", text)
    text = text.replace(" && ", " and ").replace(" || ", " or ")
    text = re.sub(r"!\(", "not (", text)
    text = _PLACEHOLDER.sub(lambda m: names[int(m.group(1))], text)
    return shorten(text, CONDITION_LIMIT)


def branch_parts(conditions: list[str]) -> list[Optional[str]]:
    """Split the conditions of an If/Elif/Else chain into each branch's own test.

    KFP writes an Elif as ``!(if) && own`` and an Else as ``!(if) && !(elif)``. The result
    has the own test of each branch, or None for an Else; a condition that does not have
    that shape is kept whole.
    """
    parts: list[Optional[str]] = []
    owns: list[str] = []
    for index, cel in enumerate(conditions):
        prefix = "".join(f"!({own}) && " for own in owns)
        if index and owns and len(owns) == index and cel == prefix[: -len(" && ")]:
            parts.append(None)
            continue
        own = cel[len(prefix) :] if index and cel.startswith(prefix) else cel
        parts.append(own)
        owns.append(own)
    return parts
