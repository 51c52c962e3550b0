"""Fill a container's command and args from its ExecutorInput, as a KFP driver would.

Handles ``{{$}}``, ``{{$.inputs.parameters['x']}}``, ``{{$.inputs.artifacts['x'].path|uri|
metadata}}`` (and the whole list ``{{$.inputs.artifacts['x']}}``), ``{{$.outputs.parameters['x']
.output_file}}``, ``{{$.outputs.artifacts['x'].path|uri|metadata}}``, ``{{$.outputs.output_file}}``,
the ``PIPELINE_*`` placeholders, and the JSON elements ``{"Concat": [...]}`` and
``{"IfPresent": {"InputName", "Then", "Else"}}`` (which may expand to several arguments).
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping

__all__ = ["PlaceholderError", "expand_arguments", "substitute"]


class PlaceholderError(ValueError):
    """A placeholder names an input or output the task does not have."""


_PLACEHOLDER = re.compile(
    r"\{\{\$(?:\.(?P<side>inputs|outputs)\.(?P<kind>parameters|artifacts)\[(?P<q>['\"])(?P<name>.*?)(?P=q)\]"
    r"(?:\.(?P<attr>path|uri|metadata|output_file))?"
    r"|\.(?P<plain>[a-z_][a-z_.]*))?\}\}"
)


def _json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def substitute(text: str, executor_input: Mapping[str, Any], context: Mapping[str, str]) -> str:
    """Replace every placeholder in one string. ``context`` holds the PIPELINE_* values."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "{{$}}":
            return json.dumps(executor_input)
        plain = match.group("plain")
        if plain is not None:
            if plain == "outputs.output_file":
                return executor_input["outputs"]["outputFile"]
            if plain in context:
                return context[plain]
            raise PlaceholderError(f"unknown placeholder {match.group(0)}")
        side, kind, name, attr = (match.group(g) for g in ("side", "kind", "name", "attr"))
        section = executor_input.get(side, {})
        if kind == "parameters":
            if side == "inputs":
                values = section.get("parameterValues", {})
                if name not in values:
                    raise PlaceholderError(f"input parameter {name!r} has no value")
                return _json(values[name])
            entry = section.get("parameters", {}).get(name)
            if entry is None:
                raise PlaceholderError(f"no output parameter {name!r}")
            return entry["outputFile"]
        entry = section.get("artifacts", {}).get(name)
        if entry is None or not entry.get("artifacts"):
            raise PlaceholderError(f"{side[:-1]} artifact {name!r} has no value")
        if attr is None:
            return json.dumps(entry)
        artifact = entry["artifacts"][0]
        if attr in ("path", "uri"):
            return artifact.get("uri", "")
        return json.dumps(artifact.get("metadata", {}))

    return _PLACEHOLDER.sub(replace, text)


def _present(name: str, executor_input: Mapping[str, Any]) -> bool:
    inputs = executor_input.get("inputs", {})
    return name in inputs.get("parameterValues", {}) or bool(
        inputs.get("artifacts", {}).get(name, {}).get("artifacts")
    )


def _expand(node: Any, executor_input: Mapping, context: Mapping) -> list[str]:
    if isinstance(node, list):
        out: list[str] = []
        for item in node:
            out.extend(_expand(item, executor_input, context))
        return out
    if isinstance(node, dict):
        if "Concat" in node:
            return ["".join("".join(_expand(p, executor_input, context)) for p in node["Concat"])]
        if "IfPresent" in node:
            spec = node["IfPresent"]
            branch = (
                spec.get("Then")
                if _present(spec["InputName"], executor_input)
                else spec.get("Else")
            )
            return [] if branch is None else _expand(branch, executor_input, context)
        raise PlaceholderError(f"unknown placeholder structure {json.dumps(node)}")
    if isinstance(node, str):
        stripped = node.strip()
        if stripped.startswith("{") and ('"Concat"' in stripped or '"IfPresent"' in stripped):
            try:
                parsed = json.loads(stripped)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                return _expand(parsed, executor_input, context)
        return [substitute(node, executor_input, context)]
    return [_json(node)]


def expand_arguments(
    items: list[Any], executor_input: Mapping[str, Any], context: Mapping[str, str]
) -> list[str]:
    """Expand a command or args list into the strings the process receives."""
    return _expand(list(items), executor_input, context)
