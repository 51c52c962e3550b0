"""``[tool.kfp-lite]`` in pyproject.toml: the checker's settings, found as ruff and mypy find theirs.

The nearest ``pyproject.toml`` at or above the working directory that has a
``[tool.kfp-lite]`` table wins; paths in it are relative to that file's folder. Python 3.11+
reads the file with ``tomllib``; older Pythons use :mod:`kfp_lite.toml_table`, a small reader
of just this table (strings, booleans, lists of strings, and the ``compiled`` sub-table), so
kfp_lite needs no TOML package. A key or value it does not understand is a KFL790 warning,
never a crash.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation

TABLE = "kfp-lite"
FORMATS = ("text", "json", "github", "sarif")
_CODE_PREFIX = re.compile(r"^KFL\d{0,3}$")


@dataclass(frozen=True)
class Settings:
    """What ``[tool.kfp-lite]`` says; the defaults when there is none."""

    select: tuple[str, ...] = ()          # codes or prefixes ("KFL7"); empty: every code
    ignore: tuple[str, ...] = ()          # codes or prefixes never reported
    paths: tuple[str, ...] = ()           # what `kfp-lite check` checks when given no path
    exclude: tuple[str, ...] = ()         # globs of files and folders to skip when searching
    format: Optional[str] = None          # the default --format
    compiled: tuple[tuple[str, str], ...] = ()  # (source[:function], compiled yaml) pairs
    root: Optional[str] = None            # the folder of the pyproject.toml read
    problems: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def selects(self, code: str) -> bool:
        """Whether a diagnostic with this code is reported (errors always are, see filter)."""
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


def find_pyproject(start: Optional[str] = None) -> Optional[str]:
    """The nearest pyproject.toml with a [tool.kfp-lite] table, from ``start`` upward."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _mentions_table(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _mentions_table(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            return re.search(r'^\s*\[\s*tool\s*\.\s*(kfp-lite|"kfp-lite")\s*[.\]]', handle.read(), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def load_settings(start: Optional[str] = None) -> Settings:
    """The settings that apply in ``start`` (the working directory by default)."""
    path = find_pyproject(start)
    if path is None:
        return Settings()
    return read_settings(path)


def read_settings(path: str) -> Settings:
    """The [tool.kfp-lite] table of one pyproject.toml, checked key by key."""
    where = SourceLocation(path, 1, 1)
    try:
        table = _read_table(path)
    except (OSError, ValueError) as exc:
        return Settings(root=os.path.dirname(path), problems=(codes.BAD_SETTINGS(
            f"cannot read [tool.kfp-lite] of {path}: {exc}", location=where,
            hint="fix the TOML; the defaults are used meanwhile"),))
    problems: list[Diagnostic] = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("_", "-")
        if name in ("select", "ignore", "paths", "exclude"):
            items = _string_list(value)
            if items is None:
                problems.append(_bad(where, f"'{key}' must be a list of strings", value))
                continue
            if name in ("select", "ignore"):
                unknown = [c for c in items if not _CODE_PREFIX.match(c)]
                if unknown:
                    problems.append(_bad(where, f"'{key}' has entries that are not KFL codes: "
                                                f"{', '.join(unknown)}", value))
                    items = [c for c in items if c not in unknown]
            values[name] = tuple(items)
        elif name == "format":
            if value not in FORMATS:
                problems.append(_bad(where, f"'format' must be one of {', '.join(FORMATS)}", value))
                continue
            values["format"] = value
        elif name == "compiled":
            pairs = _compiled_pairs(value)
            if pairs is None:
                problems.append(_bad(where, "'compiled' must map pipeline files to YAML paths "
                                            '("pipelines/train.py" = "pipelines/train.yaml")', value))
                continue
            values["compiled"] = pairs
        else:
            problems.append(codes.BAD_SETTINGS(
                f"unknown key '{key}' in [tool.kfp-lite] of {path}", location=where,
                hint="known keys: select, ignore, paths, exclude, format, compiled"))
    return Settings(root=os.path.dirname(path), problems=tuple(problems), **values)


def _bad(where: SourceLocation, message: str, value: Any) -> Diagnostic:
    return codes.BAD_SETTINGS(f"[tool.kfp-lite] {message}", location=where, got=repr(value),
                              hint="see docs/ci.md for the settings and their values")


def _string_list(value: Any) -> Optional[list[str]]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _compiled_pairs(value: Any) -> Optional[tuple[tuple[str, str], ...]]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return tuple(value.items())


def _read_table(path: str) -> dict[str, Any]:
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python < 3.11
        from .toml_table import read_tool_table

        with open(path, encoding="utf-8") as handle:
            return read_tool_table(handle.read(), TABLE)
    with open(path, "rb") as handle:
        try:
            document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(str(exc)) from None
    table = document.get("tool", {}).get(TABLE, {})
    if not isinstance(table, dict):
        raise ValueError("[tool.kfp-lite] is not a table")
    return table


__all__ = ["Settings", "find_pyproject", "load_settings", "read_settings"]
