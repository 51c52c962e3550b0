"""How PyYAML's pure-Python emitter writes one scalar in a block mapping or sequence.

kfp writes its documents with ``yaml.dump_all(docs, sort_keys=True)`` and PyYAML's default
settings: block style, indent 2, line width 80, ``allow_unicode`` off (every character outside
printable ASCII is escaped). The compiler must produce the same bytes without importing
PyYAML (the import alone costs several milliseconds of regular-expression compiles). This
module re-derives, from PyYAML 6's behaviour, what decides a scalar's text:

* **Type resolution.** A string may be written plain only if a YAML 1.1 reader would read it
  back as a string: not ``yes``/``off``/``null``/``~``, not a number (``1_000``, ``07`` in
  octal, ``1:30`` in base 60, ``.inf``; but ``0o7`` is a string), not a date, not ``<<`` or
  ``=``. :func:`reads_as_other_type` answers that the way PyYAML's implicit resolvers do.
* **Style.** Plain if allowed, else single-quoted, else double-quoted (:func:`style_of`).
  Characters outside printable ASCII (tab and carriage return included) force double
  quotes; a space next to a line break forbids single quotes; leading or trailing spaces,
  line breaks and the indicators (``- ``, ``: ``, `` #``, a leading ``'"{[&*!|>%@```...) forbid
  plain.
* **Folding.** A long value is broken where its column passes 80: plain and single-quoted
  text at a single space between words (the space becomes the line break), double-quoted
  text at a space or right after an escape, with a ``\\`` at the end of the line (and another
  before a space that starts the next line). Continuation lines are indented by the value's
  indent. Keys never fold.

Keys that cannot be simple keys (empty, multi-line, or longer than ``KEY_LIMIT``) have no
rendering here: the caller writes such documents with PyYAML itself.
"""

from __future__ import annotations

import re
from typing import Callable, List, Optional

__all__ = [
    "KEY_LIMIT",
    "WIDTH",
    "float_text",
    "key_text",
    "plain_at_any_column",
    "reads_as_other_type",
    "style_of",
    "value_text",
]

WIDTH = 80  # PyYAML's default best_width

# The longest simple key: PyYAML allows under 128 characters, counting the ``!!str`` tag it
# prepares for every string key even though it does not write it.
KEY_LIMIT = 122

PLAIN = ""
SINGLE = "'"
DOUBLE = '"'


def _has_special(text: str) -> bool:
    """Whether ``text`` has anything but line feeds and printable ASCII (then it is written
    double-quoted, with escapes)."""
    if not text.isascii():
        return True
    return not text.isprintable() and not text.replace("\n", " ").isprintable()


# A first character that makes a scalar an indicator whatever follows it.
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")

# Whole words YAML 1.1 reads as booleans, null, a merge key or a value key (PyYAML also
# reserves '!', '&' and '*', which are indicators anyway).
_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
    "null Null NULL ~ << = ! & *".split()
)

# Numbers and timestamps, as PyYAML's implicit resolvers for int, float and timestamp read
# them. Compiled on first use (``re`` keeps it): most documents never need it.
_NUMBER_PATTERN = r"""(?:
    [-+]? [0-9][0-9_]* \. [0-9_]* (?: [eE][-+][0-9]+ )?              # float 1.5, 1., 1_0.5e+3
  | \. [0-9][0-9_]* (?: [eE][-+][0-9]+ )?                           # float .5
  | [-+]? [0-9][0-9_]* (?: :[0-5]?[0-9] )+ \. [0-9_]*                 # float, base 60: 1:30.5
  | [-+]? \. (?: inf|Inf|INF ) | \. (?: nan|NaN|NAN )                # infinities, not a number
  | [-+]? 0b [01_]+                                                   # int, binary
  | [-+]? 0 [0-7_]+                                                   # int, octal
  | [-+]? (?: 0 | [1-9][0-9_]* )                                      # int, decimal
  | [-+]? 0x [0-9a-fA-F_]+                                            # int, hexadecimal
  | [-+]? [1-9][0-9_]* (?: :[0-5]?[0-9] )+                            # int, base 60
  | [0-9]{4} - [0-9]{2} - [0-9]{2}                                    # date
  | [0-9]{4} - [0-9]{1,2} - [0-9]{1,2} (?: [Tt] | [\ \t]+ )           # date and time
    [0-9]{1,2} : [0-9]{2} : [0-9]{2} (?: \.[0-9]* )?
    (?: [\ \t]* (?: Z | [-+][0-9]{1,2} (?: :[0-9]{2} )? ) )?
)\Z"""
_NUMBER_FIRST = frozenset("-+.0123456789")

# Version-like text (digits and at least two dots) is never a number or a date: skipping the
# pattern for it keeps a small compile ("2.1.0", "0.0.1") from compiling the pattern at all.
_DOTTED = frozenset("0123456789.")


def reads_as_other_type(text: str) -> bool:
    """True when a YAML 1.1 reader (PyYAML's resolver) reads plain ``text`` as anything but
    a string: a bool, null, int, float, timestamp, merge or value key.

    Only called for single-line text (PyYAML never writes a multi-line string plain).
    """
    if text in _WORDS:
        return True
    if not text:
        return True  # the empty plain scalar is null
    if text[0] not in _NUMBER_FIRST:
        return False
    if text.count(".") > 1 and _DOTTED.issuperset(text):
        return False
    return re.match(_NUMBER_PATTERN, text, re.VERBOSE) is not None


def _plain_allowed(text: str) -> bool:
    """Whether non-empty single-line printable-ASCII ``text`` may be written plain."""
    first = text[0]
    if first == " " or text[-1] == " " or first in _LEADING_INDICATORS:
        return False
    if first in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    if text.startswith(("---", "...")) or text[-1] == ":" or ": " in text or " #" in text:
        return False
    return not reads_as_other_type(text)


def style_of(text: str) -> str:
    """The quoting PyYAML picks for a string: ``""`` plain, ``"'"`` or ``'"'``."""
    if not text:
        return SINGLE
    if _has_special(text) or " \n" in text or "\n " in text:
        return DOUBLE
    if "\n" not in text and _plain_allowed(text):
        return PLAIN
    return SINGLE


def key_text(text: str) -> Optional[str]:
    """``text`` as a simple mapping key (without the ``:``), or None when PyYAML would write
    it as a complex ``? key`` (empty, a line break, or longer than ``KEY_LIMIT``)."""
    if plain_at_any_column(text) and len(text) <= KEY_LIMIT:
        return text
    if not text or len(text) > KEY_LIMIT or "\n" in text or "\x85" in text:
        return None
    if "\u2028" in text or "\u2029" in text:
        return None
    style = style_of(text)
    if style == PLAIN:
        return text
    if style == SINGLE:
        return "'" + text.replace("'", "''") + "'"
    return '"' + "".join(map(_escaped, text)) + '"'


# A sufficient test for the most common strings (names, identifiers, paths): the text is
# written plain and unchanged wherever it stands. A letter, '_' or '/' first (nothing
# starting so reads as a number), then printable ASCII without spaces (nothing to fold) or
# ':' (no indicator). Short words that might be a bool or null (``yes``, ``Off``, ``null``)
# are left to the exact test: naming them all here would cost every match. A compiled
# pattern's own ``match``, so that the emitter's loop pays no Python call for it. (A simple
# key must also be at most ``KEY_LIMIT`` characters long.)
plain_at_any_column: Callable[[str], object] = re.compile(
    r"(?![YyNnTtFfOo][A-Za-z]{1,4}\Z)[A-Za-z_/][!-9;-~]*\Z"
).match


def value_text(text: str, column: int, indent: int) -> str:
    """The rendering of string ``text`` as a value whose indicator (``:`` or ``-``) ends at
    ``column``, including the separating space; continuation lines are indented by
    ``indent`` spaces."""
    style = style_of(text)
    if style == PLAIN:
        if " " not in text:
            return " " + text
        return _plain(text, column + 1, indent)
    if style == SINGLE:
        if " " not in text and "\n" not in text:  # nowhere to fold or break
            return " '" + text.replace("'", "''") + "'"
        return _single_quoted(text, column + 2, indent)
    return _double_quoted(text, column + 2, indent)


def float_text(value: float) -> str:
    """A float as PyYAML's representer spells it (``.nan``, ``-.inf``, ``1.0e+20``)."""
    if value != value:
        return ".nan"
    if value in (_INF, -_INF):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:  # 1e+20 is no YAML float; 1.0e+20 is
        text = text.replace("e", ".0e", 1)
    return text


_INF = float("inf")

# -- the three writers ----------------------------------------------------------------------
# Each takes the column after its opening (the space, and the quote if any) and returns the
# text from the separating space on.

# The writers' patterns are compiled on first use (``re`` keeps them): a small compile may
# never need them.
_SPACES = r" +"


def _plain(text: str, column: int, indent: int) -> str:
    """Plain text: words stay whole; a single space after which the line is past WIDTH
    becomes a line break."""
    out: List[str] = [" "]
    start = 0  # first character not yet written
    for run in re.finditer(_SPACES, text):
        begin, end = run.span()
        column += begin - start
        if end - begin == 1 and column > WIDTH:
            out.append(text[start:begin])
            out.append("\n" + " " * indent)
            column = indent
            start = end
        else:
            column += end - begin
            out.append(text[start:end])
            start = end
    out.append(text[start:])
    return "".join(out)


_SINGLE_PIECES = r"( +)|(\n+)|[^ \n]+"


def _single_quoted(text: str, column: int, indent: int) -> str:
    """Single quotes (a quote doubled): a single space inside the text after which the
    line is past WIDTH becomes a line break; a run of n line feeds is written as n + 1 (YAML
    folds one away) followed by the indent."""
    out: List[str] = [" '"]
    last = len(text)
    for piece in re.finditer(_SINGLE_PIECES, text):
        spaces, breaks = piece.group(1), piece.group(2)
        if spaces is not None:
            begin, end = piece.span()
            if len(spaces) == 1 and column > WIDTH and begin != 0 and end != last:
                out.append("\n" + " " * indent)
                column = indent
            else:
                out.append(spaces)
                column += len(spaces)
        elif breaks is not None:
            out.append("\n" * (len(breaks) + 1) + " " * indent)
            column = indent
        else:
            word = piece.group().replace("'", "''")
            out.append(word)
            column += len(word)
    out.append("'")
    return "".join(out)


_ESCAPES = {
    "\0": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v",
    "\x0c": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N",
    "\xa0": "\\_", "\u2028": "\\L", "\u2029": "\\P",
}


def _escaped(char: str) -> str:
    """One character inside double quotes (``allow_unicode`` off: all of non-ASCII escaped)."""
    if "\x20" <= char <= "\x7e" and char != '"' and char != "\\":
        return char
    short = _ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


# The places where double-quoted text can change: a space, or a character to escape.
_DOUBLE_EVENTS = r"[^!#-\[\]-~]"


def _double_quoted(text: str, column: int, indent: int) -> str:
    """Double quotes with escapes. Between the first and the last character, the line is
    broken before a space, or after an escape, when the text up to there would end past
    WIDTH: the line ends with ``\\`` and the next starts at ``indent``, with a ``\\`` first
    when it starts with a space (so the space is not taken for indentation)."""
    out: List[str] = [' "']
    last = len(text) - 1
    start = 0  # first character not yet written
    for position in _break_candidates(text):
        char = text[position]
        if char != " " and not ("!" <= char <= "~" and char != '"' and char != "\\"):
            column += position - start
            out.append(text[start:position])
            escape = _escaped(char)
            out.append(escape)
            column += len(escape)
            start = position + 1
        if 0 < position < last and column + (position - start) > WIDTH:
            if start < position:
                out.append(text[start:position])
                start = position
            out.append("\\\n" + " " * indent)
            column = indent
            if text[start] == " ":
                out.append("\\")
                column += 1
    out.append(text[start:])
    out.append('"')
    return "".join(out)


def _break_candidates(text: str) -> List[int]:
    """Positions, in order, where double-quoted text may change: each space and each
    character to escape, and the character right after an escape."""
    positions: List[int] = []
    after_escape = -1
    for event in re.finditer(_DOUBLE_EVENTS, text):
        position = event.start()
        if after_escape != -1 and after_escape != position:
            positions.append(after_escape)
        positions.append(position)
        after_escape = position + 1 if text[position] != " " else -1
    if after_escape != -1 and after_escape < len(text):
        positions.append(after_escape)
    return positions
