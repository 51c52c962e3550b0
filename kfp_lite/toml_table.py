"""A reader of one ``[tool.NAME]`` table of a pyproject.toml, for Pythons without ``tomllib``.

kfp_lite's runtime dependencies are fixed, and ``tomllib`` arrived in Python 3.11. The
settings table only needs a small part of TOML: bare or quoted keys; basic and literal
strings; booleans; integers; arrays (across lines, with comments and a trailing comma); inline
tables; and sub-tables ``[tool.NAME.sub]``. Anything else in *our* table raises ValueError
with the line; the rest of the file is skipped unread. On 3.11+ tomllib is used instead and
the tests check that both give the same result.
"""

from __future__ import annotations

import re
from typing import Any

_HEADER = re.compile(r"^\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def read_tool_table(text: str, name: str) -> dict[str, Any]:
    """The ``[tool.<name>]`` table (with its sub-tables) of a TOML document, as tomllib gives it."""
    result: dict[str, Any] = {}
    target: Any = None
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        if not stripped or stripped.startswith("#"):
            continue
        header = _HEADER.match(stripped)
        if header and not stripped.startswith("[["):
            path = _key_path(header.group(1), index)
            if path[:2] == ["tool", name]:
                target = result
                for part in path[2:]:
                    target = target.setdefault(part, {})
            else:
                target = None
            continue
        if target is None:
            continue
        statement = line
        while _open_brackets(statement) and index < len(lines):
            statement += "\n" + lines[index]
            index += 1
        parser = _Parser(statement, index)
        key = parser.key()
        parser.expect("=")
        target[key] = parser.value()
        parser.end()
    return result


def _key_path(text: str, line: int) -> list[str]:
    parser = _Parser(text, line)
    parts = [parser.key()]
    while parser.peek() == ".":
        parser.pos += 1
        parts.append(parser.key())
    parser.end()
    return parts


def _open_brackets(text: str) -> bool:
    """Whether an array or inline table opened in ``text`` is still open at its end."""
    depth = 0
    quote = ""
    pos = 0
    while pos < len(text):
        char = text[pos]
        if quote:
            if char == "\\" and quote == '"':
                pos += 1
            elif char == quote or char == "\n":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        pos += 1
    return depth > 0


class _Parser:
    """Recursive descent over one ``key = value`` statement."""

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.pos = 0
        self.line = line

    def fail(self, what: str) -> ValueError:
        return ValueError(f"line {self.line}: {what} (only strings, booleans, integers, arrays and "
                          "inline tables are read on this Python)")

    def skip(self) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos:self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail(f"expected '{char}'")
        self.pos += 1

    def end(self) -> None:
        if self.peek():
            raise self.fail(f"unexpected {self.text[self.pos:].strip()[:20]!r}")

    def key(self) -> str:
        char = self.peek()
        if char in "\"'":
            return self.string()
        match = _BARE_KEY.match(self.text, self.pos)
        if not match:
            raise self.fail("expected a key")
        self.pos = match.end()
        return match.group(0)

    def value(self) -> Any:
        char = self.peek()
        if char in "\"'":
            return self.string()
        if char == "[":
            return self.array()
        if char == "{":
            return self.inline_table()
        match = re.compile(r"true|false|[+-]?\d[\d_]*").match(self.text, self.pos)
        if not match:
            raise self.fail("unsupported value")
        self.pos = match.end()
        word = match.group(0)
        if word in ("true", "false"):
            return word == "true"
        return int(word.replace("_", ""))

    def string(self) -> str:
        quote = self.text[self.pos]
        if self.text.startswith(quote * 3, self.pos):
            raise self.fail("multi-line strings are not supported")
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if char == quote:
                return "".join(out)
            if char == "\n":
                break
            if char == "\\" and quote == '"':
                code = self.text[self.pos:self.pos + 1]
                self.pos += 1
                if code in _ESCAPES:
                    out.append(_ESCAPES[code])
                elif code in ("u", "U"):
                    size = 4 if code == "u" else 8
                    digits = self.text[self.pos:self.pos + size]
                    if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
                        raise self.fail("bad unicode escape")
                    out.append(chr(int(digits, 16)))
                    self.pos += size
                else:
                    raise self.fail(f"bad escape '\\{code}'")
            else:
                out.append(char)
        raise self.fail("unterminated string")

    def array(self) -> list[Any]:
        self.expect("[")
        items: list[Any] = []
        while self.peek() != "]":
            if not self.peek():
                raise self.fail("unterminated array")
            items.append(self.value())
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.fail("expected ',' or ']' in an array")
        self.pos += 1
        return items

    def inline_table(self) -> dict[str, Any]:
        self.expect("{")
        table: dict[str, Any] = {}
        while self.peek() != "}":
            if not self.peek():
                raise self.fail("unterminated inline table")
            key = self.key()
            self.expect("=")
            table[key] = self.value()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise self.fail("expected ',' or '}' in an inline table")
        self.pos += 1
        return table


__all__ = ["read_tool_table"]
