"""Evaluate the subset of CEL that KFP writes into ``triggerPolicy.condition`` and selectors.

The compiler emits comparisons of ``inputs.parameter_values['...']`` (possibly wrapped in
``int()`` / ``double()``) with literals or other channels, negation ``!(...)``, ``&&``
(``||`` is accepted too), and loop selectors ``parseJson(string_value)["key"]``. This is a
small recursive-descent parser over exactly that grammar, evaluated with Python values.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Mapping

__all__ = ["CelError", "evaluate"]


class CelError(ValueError):
    """The expression is outside the supported subset, or its operands do not fit."""


_TOKEN = re.compile(
    r"""\s*(?:
    (?P<num>\d+\.\d*(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?|\.\d+)
    |(?P<str>'[^']*'|"(?:[^"\\]|\\.)*")
    |(?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\].,+-])
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise CelError(f"cannot read {text[pos:]!r} in condition {text!r}")
        pos = match.end()
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
    out.append(("end", ""))
    return out


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return int(float(value))
    raise CelError(f"int() of {value!r}")


def _to_double(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise CelError(f"double() of {value!r}") from exc


def _to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _parse_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as exc:
        raise CelError(f"parseJson() of {value!r}") from exc


FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "int": _to_int,
    "double": _to_double,
    "string": _to_string,
    "parseJson": _parse_json,
    "bool": lambda v: v if isinstance(v, bool) else str(v).lower() == "true",
}

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


class _Parser:
    def __init__(self, text: str, env: Mapping[str, Any]) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0
        self.env = env

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos]

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.tokens[self.pos]
        if value is not None and token[1] != value:
            raise CelError(f"expected {value!r} at {token[1]!r} in {self.text!r}")
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.peek()[0] != "end":
            raise CelError(f"unexpected {self.peek()[1]!r} in {self.text!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.and_()
            value = bool(value) or bool(right)
        return value

    def and_(self) -> Any:
        value = self.compare()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.compare()
            value = bool(value) and bool(right)
        return value

    def compare(self) -> Any:
        left = self.unary()
        kind, op = self.peek()
        if kind == "op" and op in _COMPARE:
            self.take()
            right = self.unary()
            try:
                return _COMPARE[op](left, right)
            except TypeError as exc:
                raise CelError(f"cannot compare {left!r} {op} {right!r}") from exc
        return left

    def unary(self) -> Any:
        if self.peek() == ("op", "!"):
            self.take()
            return not bool(self.unary())
        if self.peek() == ("op", "-"):
            self.take()
            return -self.unary()
        return self.postfix(self.primary())

    def postfix(self, value: Any) -> Any:
        while True:
            kind, op = self.peek()
            if (kind, op) == ("op", "["):
                self.take()
                key = self.or_()
                self.take("]")
                try:
                    value = value[key]
                except (KeyError, IndexError, TypeError) as exc:
                    raise CelError(f"no key {key!r} in {value!r}") from exc
            elif (kind, op) == ("op", "."):
                self.take()
                name = self.take()[1]
                if not isinstance(value, Mapping) or name not in value:
                    raise CelError(f"no field {name!r} in {self.text!r}")
                value = value[name]
            else:
                return value

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "str":
            body = text[1:-1]
            return json.loads(text) if text[0] == '"' else body
        if kind == "op" and text == "(":
            value = self.or_()
            self.take(")")
            return value
        if kind == "name":
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            if self.peek() == ("op", "("):
                if text not in FUNCTIONS:
                    raise CelError(f"unknown function {text}() in {self.text!r}")
                self.take()
                arg = self.or_()
                self.take(")")
                return FUNCTIONS[text](arg)
            if text not in self.env:
                raise CelError(f"unknown name {text!r} in {self.text!r}")
            return self.env[text]
        raise CelError(f"unexpected {text!r} in {self.text!r}")


def evaluate(expression: str, env: Mapping[str, Any]) -> Any:
    """Evaluate ``expression`` with the names in ``env`` (e.g. ``inputs``, ``string_value``)."""
    return _Parser(expression, env).parse()
