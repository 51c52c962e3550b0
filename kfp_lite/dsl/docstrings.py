"""Docstrings read the way kfp reads them.

kfp takes descriptions from a docstring with the ``docstring_parser`` package in its automatic
mode: the docstring is parsed as reST, Google, numpydoc and epydoc, and the reading that finds the most
entries wins (the earlier style on a tie). Input descriptions are the entries of an ``Args:``
section; output descriptions come from a second reading in which the word ``Returns:`` (or
``Returns``/``Return:``/``Return``) is replaced by ``Args:``. The component or pipeline
description is the summary line plus the long description before the first section.

The rules below are written from that behaviour, including its quirks (a paragraph after a
blank line that ends a section belongs to no entry; a section given twice keeps the last
one; an entry without a colon makes the Google reading fail), so that the descriptions in the
compiled YAML are kfp's. ``tests/data/docstrings_kfp.json`` holds what kfp 2.17.3 reads from
a set of variants, and a test compares.
"""

from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass
from typing import Iterator, Optional

__all__ = ["ParsedDocstring", "read_docstring"]

_PARAM_KEYWORDS = frozenset({"param", "parameter", "arg", "argument", "attribute", "key", "keyword"})
_RETURN_KEYWORDS = ("Returns:\n", "Returns\n", "Return:\n", "Return\n")


class _Unreadable(Exception):
    """This style cannot read the docstring (the reading is then left out)."""


@dataclass(frozen=True)
class _Reading:
    short: Optional[str]
    long: Optional[str]
    entries: int  # every entry found, parameters or not: decides which style wins
    params: tuple[tuple[str, str], ...]  # (name, description) in order


@dataclass(frozen=True)
class ParsedDocstring:
    """What kfp takes from a docstring: the description and per-name descriptions."""

    description: Optional[str]
    inputs: dict[str, str]
    outputs: dict[str, str]


def read_docstring(doc: Optional[str]) -> ParsedDocstring:
    """The description and the input and output descriptions of a (cleaned) docstring."""
    if not doc:
        return ParsedDocstring(None, {}, {})
    reading = _best_reading(doc)
    description = None
    if reading.short and reading.long:
        description = (reading.short + "\n" + reading.long).strip() or None
    elif reading.short:
        description = reading.short.strip() or None
    inputs = _by_name(reading.params)
    outputs: dict[str, str] = {}
    for keyword in _RETURN_KEYWORDS:
        if keyword in doc:
            outputs = _by_name(_best_reading(doc.replace(keyword.strip(), "Args:")).params)
            break
    return ParsedDocstring(description, inputs, outputs)


def _by_name(params: tuple[tuple[str, str], ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, text in params:
        found[name] = text
    return {name: text for name, text in found.items() if text}


def _best_reading(text: str) -> _Reading:
    readings = []
    for style in (_rest, _google, _numpydoc, _epydoc):
        try:
            readings.append(style(text))
        except _Unreadable:
            continue
    if not readings:
        return _Reading(None, None, 0, ())
    return max(readings, key=lambda r: r.entries)  # max keeps the first of equals


def _split_description(chunk: str) -> tuple[Optional[str], Optional[str]]:
    parts = chunk.split("\n", 1)
    short = parts[0] or None
    long = (parts[1].strip() or None) if len(parts) > 1 else None
    return short, long


def _continued(text: str) -> str:
    """A multi-line description: first line, then the rest dedented."""
    if "\n" in text:
        first, rest = text.split("\n", 1)
        return first + "\n" + inspect.cleandoc(rest)
    return text


# --- reST: ':param name: text' ---------------------------------------------------------------


def _rest(text: str) -> _Reading:
    text = inspect.cleandoc(text)
    match = re.search("^:", text, flags=re.M)
    desc_chunk, meta_chunk = (text[: match.start()], text[match.start():]) if match else (text, "")
    short, long = _split_description(desc_chunk)
    entries = 0
    params: list[tuple[str, str]] = []
    has_return = False
    rtypes = 0
    for found in re.finditer(r"(^:.*?)(?=^:|\Z)", meta_chunk, flags=re.S | re.M):
        chunk = found.group(0)
        if not chunk:
            continue
        if ":" not in chunk.lstrip(":"):
            raise _Unreadable
        head, body = chunk.lstrip(":").split(":", 1)
        args = head.split()
        body = _continued(body.strip())
        if len(args) == 2 and args[0] == "type":
            continue
        if len(args) in (1, 2) and args[0] == "rtype":
            rtypes += 1
            continue
        key = args[0] if args else ""
        if key in _PARAM_KEYWORDS:
            if len(args) not in (2, 3):
                raise _Unreadable
            params.append((args[-1], body))
        elif key in ("return", "returns", "yield", "yields", "raises", "raise", "except",
                     "exception") and len(args) > 2:
            raise _Unreadable
        has_return = has_return or key in ("return", "returns", "yield", "yields")
        entries += 1
    if not has_return:
        entries += rtypes
    return _Reading(short, long, entries, tuple(params))


# --- Google: 'Args:' sections with indented entries ------------------------------------------

_GOOGLE_SECTIONS = {
    "Arguments": "many", "Args": "many", "Parameters": "many", "Params": "many",
    "Raises": "many", "Exceptions": "many", "Except": "many", "Attributes": "many",
    "Example": "one", "Examples": "one", "Returns": "one_or_many", "Yields": "one_or_many",
}
_GOOGLE_PARAM_SECTIONS = frozenset({"Arguments", "Args", "Parameters", "Params"})


@functools.cache
def _google_title() -> re.Pattern:
    return re.compile("^(" + "|".join(f"({t})" for t in _GOOGLE_SECTIONS) + "):[ \t\r\f\v]*$",
                      flags=re.M)

_GOOGLE_TYPED_NAME = re.compile(r"\s*(.+?)\s*\(\s*(.*[^\s]+)\s*\)")


def _google(text: str) -> _Reading:
    text = inspect.cleandoc(text)
    match = _google_title().search(text)
    desc_chunk, meta_chunk = (text[: match.start()], text[match.start():]) if match else (text, "")
    short, long = _split_description(desc_chunk)
    titles = list(_google_title().finditer(meta_chunk))
    chunks: dict[str, str] = {}  # a title given twice keeps its first place and its last text
    for index, title in enumerate(titles):
        end = titles[index + 1].start() if index + 1 < len(titles) else len(meta_chunk)
        details = meta_chunk[title.end(): end]
        stray = re.search(r"\n\S", details)  # unindented text ends the section
        if stray is not None:
            details = details[: stray.start()]
        chunks[title.group(1)] = details.strip("\n")
    entries = 0
    params: list[tuple[str, str]] = []
    for title, chunk in chunks.items():
        kind = _GOOGLE_SECTIONS[title]
        if kind != "many":
            entries += 1  # one entry, whatever its text
            continue
        indent = re.match(r"^\s*", chunk).group()  # type: ignore[union-attr]
        starts = list(re.finditer("^" + indent + r"(?=\S)", chunk, flags=re.M))
        if not starts:
            raise _Unreadable
        for index, start in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(chunk)
            part = chunk[start.end(): end].strip("\n")
            if ":" not in part:
                raise _Unreadable
            before, desc = part.split(":", 1)
            if desc:
                desc = desc[1:] if desc[0] == " " else desc
                desc = _continued(desc).strip("\n")
            if title in _GOOGLE_PARAM_SECTIONS:
                if "\n" in before:
                    first, rest = before.split("\n", 1)
                    before = first + inspect.cleandoc(rest)
                typed = _GOOGLE_TYPED_NAME.match(before)
                params.append((typed.group(1) if typed else before, desc))
            entries += 1
    return _Reading(short, long, entries, tuple(params))


# --- numpydoc: 'Parameters' underlined by dashes ---------------------------------------------

_NUMPY_SECTIONS = {
    **dict.fromkeys(("Parameters", "Params", "Arguments", "Args"), "param"),
    **dict.fromkeys(("Other Parameters", "Other Params", "Other Arguments", "Other Args",
                     "Receives", "Receive", "Attributes", "Attribute"), "other_param"),
    **dict.fromkeys(("Raises", "Raise", "Warns", "Warn", "Returns", "Return", "Yields",
                     "Yield"), "items"),
    **dict.fromkeys(("Examples", "Example"), "examples"),
    **dict.fromkeys(("Warnings", "Warning", "See Also", "Related", "Notes", "Note",
                     "References", "Reference"), "text"),
}


@functools.cache
def _numpy_title() -> re.Pattern:
    return re.compile("|".join(rf"^({t})\s*?\n{'-' * len(t)}\s*$" for t in _NUMPY_SECTIONS)
                      + r"|^\.\.\s*(deprecated)\s*::", flags=re.M)

_NUMPY_KEY = re.compile(r"^[^\s].*$", flags=re.M)
_NUMPY_PARAM_NAME = re.compile(r"^(?P<name>.*?)(?:\s*:\s*(?P<type>.*?))?$")


def _numpydoc(text: str) -> _Reading:
    text = inspect.cleandoc(text)
    match = _numpy_title().search(text)
    desc_chunk, meta_chunk = (text[: match.start()], text[match.start():]) if match else (text, "")
    short, long = _split_description(desc_chunk)
    titles = list(_numpy_title().finditer(meta_chunk))
    entries = 0
    params: list[tuple[str, str]] = []
    for index, title_match in enumerate(titles):
        title = next(g for g in title_match.groups() if g is not None)
        end = titles[index + 1].start() if index + 1 < len(titles) else len(meta_chunk)
        body = meta_chunk[title_match.end(): end]
        kind = _NUMPY_SECTIONS.get(title, "text")
        if kind in ("param", "other_param", "items"):
            for key, value in _numpy_items(body):
                if kind == "param":
                    name = _NUMPY_PARAM_NAME.match(key)
                    params.append((name.group("name") if name else key, value))
                entries += 1
        elif kind == "examples":
            entries += _numpy_example_count(body)
        else:
            entries += 1
    return _Reading(short, long, entries, tuple(params))


def _numpy_items(body: str) -> Iterator[tuple[str, str]]:
    keys = list(_NUMPY_KEY.finditer(body))
    for index, key in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(body)
        yield key.group(), inspect.cleandoc(body[key.end(): end]).strip()


def _numpy_example_count(body: str) -> int:
    import textwrap

    lines = textwrap.dedent(body).strip().splitlines()
    count = 0
    while lines:
        while lines and lines[0].startswith(">>>"):
            lines.pop(0)
        while lines and not lines[0].startswith(">>>"):
            lines.pop(0)
        count += 1
    return count


# --- epydoc: '@param name: text' -------------------------------------------------------------

_EPY_PARAM = re.compile(r"(param|keyword|type)(\s+[_A-z][_A-z0-9]*\??):")
_EPY_ATTRIBUTE = re.compile(r"(ivar|cvar|var)(\s+[_A-z][_A-z0-9]*\??):")
_EPY_RAISE = re.compile(r"(raise)(\s+[_A-z][_A-z0-9]*\??)?:")
_EPY_RETURN = re.compile(r"(return|rtype|yield|ytype):")
_EPY_OTHER = re.compile(r"([_A-z][_A-z0-9]+)((\s+[_A-z][_A-z0-9]*\??)*):")
_EPY_KINDS = (("param", _EPY_PARAM), ("attribute", _EPY_ATTRIBUTE), ("raise", _EPY_RAISE),
              ("return", _EPY_RETURN), ("meta", _EPY_OTHER))
_EPY_RESERVED = frozenset({"param", "ivar", "cvar", "var", "keyword", "type", "return", "rtype",
                           "yield", "ytype"})


def _epydoc(text: str) -> _Reading:
    text = inspect.cleandoc(text)
    match = re.search("^@", text, flags=re.M)
    desc_chunk, meta_chunk = (text[: match.start()], text[match.start():]) if match else (text, "")
    short, long = _split_description(desc_chunk)
    named: dict[str, str] = {}  # parameter and attribute names, each counted once
    descriptions: dict[str, str] = {}
    entries = 0
    returns = False
    for found in re.finditer(r"(^@.*?)(?=^@|\Z)", meta_chunk, flags=re.S | re.M):
        chunk = found.group(0)
        if not chunk:
            continue
        kind, hit = next(((k, h) for k, h in ((k, p.search(chunk)) for k, p in _EPY_KINDS) if h),
                         ("", None))
        if hit is None:
            raise _Unreadable
        if kind == "meta" and hit.group(1) in _EPY_RESERVED:
            raise _Unreadable
        desc = _continued(chunk[hit.end():].strip())
        if kind in ("param", "attribute"):
            name = hit.group(2).strip()
            if name not in named:
                named[name] = kind
                entries += 1
            if "type" not in hit.group(1):
                descriptions[name] = desc
        elif kind == "return":
            entries += 0 if returns else 1
            returns = True
        else:
            entries += 1
    params = tuple((name, descriptions.get(name, "")) for name, kind in named.items()
                   if kind == "param")
    return _Reading(short, long, entries, params)
