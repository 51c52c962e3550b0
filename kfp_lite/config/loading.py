"""``load_config(path)``: read and validate a run configuration file, all problems at once."""

from __future__ import annotations

import copy
import os
from typing import Any, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation

from .run_config import ConfigError, RunConfig
from .yaml_source import YamlSource, dotted, nearest, read_yaml

_EXPECTED = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "a string",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def load_config(path: str) -> RunConfig:
    """The configuration in ``path``; raises :class:`ConfigError` listing every problem."""
    file = os.fspath(path)
    from kfp_lite.safe_yaml import YamlRefused, read_file, to_text

    try:
        text = to_text(read_file(file))
    except YamlRefused as exc:
        code = codes.REFUSED_YAML if exc.policy else codes.CONFIG_SYNTAX
        raise ConfigError([code(
            f"cannot read the run configuration {file}: {exc.reason}",
            location=SourceLocation(file, exc.line, exc.column or 1) if exc.line else None,
            hint=exc.hint)]) from None
    except FileNotFoundError:
        raise ConfigError([codes.CONFIG_SYNTAX(
            f"run configuration file not found: {file}",
            hint="check the path given to --config / config_path")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError([codes.CONFIG_SYNTAX(f"cannot read the run configuration {file}: {reason}")]) from None
    source = read_yaml(file, text)
    problems = list(source.problems)
    if source.data is None and not problems:
        source.data = {}  # an empty file (or only comments) configures nothing
    if source.data is not None and not isinstance(source.data, dict):
        problems.append(codes.CONFIG_SYNTAX(
            f"the file must be a mapping of keys (parameters:, steps:), got {_show(source.data)}",
            location=source.where(()), hint="see docs/configuration.md for the layout"))
    if problems:
        raise ConfigError(problems)
    errors = _errors(source.data)
    if errors:
        raise ConfigError(_diagnostics(source, errors), _partial(source, errors))
    return RunConfig.from_source(source)


def _errors(data: Any) -> list[dict]:
    from pydantic import ValidationError

    from .model import RunConfigModel

    try:
        RunConfigModel.model_validate(data)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []


def _partial(source: YamlSource, errors: list[dict]) -> Optional[RunConfig]:
    """The configuration without the keys that have problems, if what is left is valid."""
    data = copy.deepcopy(source.data)
    for error in errors:
        path, _ = _data_path(data, tuple(error["loc"]))
        if not path:
            return None
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            return None  # an item of a list: the list means nothing without it
    if _errors(data):
        return None
    return RunConfig.from_source(YamlSource(source.file, data, source.places))


def _data_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """The prefix of ``loc`` that exists in the data (pydantic adds union branch tags)."""
    path: list[Any] = []
    node = data
    is_key = False
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif part == "[key]":
            is_key = True
            break
        else:
            break
    return tuple(path), is_key


def _diagnostics(source: YamlSource, errors: list[dict]) -> list[Diagnostic]:
    grouped: dict[tuple, list[dict]] = {}
    for error in errors:
        path, is_key = _data_path(source.data, tuple(error["loc"]))
        if error["type"] == "missing":
            path = path + (error["loc"][-1],)
        grouped.setdefault((path, is_key), []).append(error)
    found = []
    for (path, is_key), group in grouped.items():
        found.append(_one(source, path, is_key, group))
    return found


def _one(source: YamlSource, path: tuple, is_key: bool, errors: list[dict]) -> Diagnostic:
    from .model import field_names

    where: SourceLocation = source.where(path)
    first = errors[0]
    kind = first["type"]
    if kind == "extra_forbidden":
        known = field_names(path[:-1]) or []
        close = nearest(path[-1], known)
        return codes.CONFIG_UNKNOWN_KEY(
            f"{dotted(path)}: unknown key '{path[-1]}'", location=where,
            hint=f"did you mean '{close}'?" if close else f"the keys here are: {', '.join(known)}")
    if kind == "missing":
        return codes.CONFIG_BAD_VALUE(
            f"{dotted(path)}: '{path[-1]}' is required here", location=where,
            hint=f"add {path[-1]}: ... under {dotted(path[:-1])}")
    if is_key:
        key = path[-1] if path else None
        return codes.CONFIG_BAD_VALUE(
            f"{dotted(path[:-1])}: the key {key!r} must be a string", location=where,
            hint=f"quote it: '{key}':")
    values = [e for e in errors if e["type"] == "value_error"]
    if values:
        message = str(values[0]["msg"]).removeprefix("Value error, ")
        return codes.CONFIG_BAD_VALUE(f"{dotted(path)}: {message}", location=where)
    if kind in ("greater_than_equal", "greater_than"):
        return codes.CONFIG_BAD_VALUE(
            f"{dotted(path)}: expected a number >= {first['ctx'].get('ge', 0)}, got {_show(first['input'])}",
            location=where)
    expected = []
    for error in errors:
        text = _EXPECTED.get(error["type"], str(error["msg"]).lower())
        if text not in expected:
            expected.append(text)
    hint = None
    if "a string" in expected and isinstance(first["input"], (bool, int, float)):
        hint = f"quote the value to make it a string: '{first['input']}'" if not isinstance(
            first["input"], bool) else "YAML reads yes/no/on/off/true/false as booleans; quote it"
    return codes.CONFIG_BAD_VALUE(
        f"{dotted(path)}: expected {' or '.join(expected)}, got {_show(first['input'])}",
        location=where, hint=hint)


def _show(value: Any) -> str:
    """A value as the YAML user wrote it: null, true, 'text', a list of 2 items..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    return repr(value)
