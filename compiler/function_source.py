"""A function's source as the checks read it: its lines, its syntax tree, its place in a file.

The checks of one lightweight component all read the same function: the check that its
source is readable, the lint of free names (:mod:`.lint`) and the best-practice warnings
(:mod:`.practices`); the lowering then ships the same text in the component's command
(:mod:`.executors`). ``inspect`` tokenizes the file each time it is asked, so a
:class:`SourceReader` reads and parses each function at most once, for one compile.
"""

from __future__ import annotations

import ast
import inspect
from typing import Callable, NamedTuple, Optional

from kfp_lite.diagnostics import SourceLocation


class FunctionSource(NamedTuple):
    """A function's syntax tree with the offsets that map it back to the file.

    (A NamedTuple, immutable like a frozen dataclass and several times cheaper to define when
    the module is imported, which every compile does.)
    """

    node: ast.AST  # the FunctionDef (or AsyncFunctionDef)
    file: str
    first_line: int
    indent: int

    def location(self, node: ast.AST) -> SourceLocation:
        return SourceLocation(self.file, self.first_line + node.lineno - 1,  # type: ignore[attr-defined]
                              node.col_offset + self.indent + 1)  # type: ignore[attr-defined]


_Lines = tuple[list[str], int, str]  # the lines, the first line's number, the file


def read_lines(func: Callable) -> Optional[_Lines]:
    """The function's lines (decorators included), or None when they cannot be read."""
    try:
        lines, first_line = inspect.getsourcelines(func)
        file = inspect.getsourcefile(func) or inspect.getfile(func)
    except (OSError, TypeError):
        return None
    return lines, first_line, file


def parse_lines(read: Optional[_Lines]) -> Optional[FunctionSource]:
    """The first function definition in the lines, or None when there is none or they do not parse."""
    if read is None:
        return None
    import textwrap

    lines, first_line, file = read
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return FunctionSource(node, file, first_line, indent)
    return None


def shipped_source(lines: list[str]) -> str:
    """The text kfp ships for a function: ``textwrap.dedent(inspect.getsource(func))`` (the
    same lines joined), from the ``def`` line on (decorators dropped)."""
    import itertools
    import textwrap

    source = textwrap.dedent("".join(lines))
    return "\n".join(itertools.dropwhile(lambda line: not line.startswith("def"), source.split("\n")))


class SourceReader:
    """Reads and parses each function once; made for one compile (its checks and its
    lowering) and dropped with it, so an edited file is read afresh by the next compile."""

    def __init__(self) -> None:
        # id(func) -> (func, result): the function is held so that its id stays its own
        self._lines: dict[int, tuple[Callable, Optional[_Lines]]] = {}
        self._parsed: dict[int, tuple[Callable, Optional[FunctionSource]]] = {}

    def lines(self, func: Callable) -> Optional[_Lines]:
        known = self._lines.get(id(func))
        if known is None:
            known = self._lines[id(func)] = (func, read_lines(func))
        return known[1]

    def parsed(self, func: Callable) -> Optional[FunctionSource]:
        known = self._parsed.get(id(func))
        if known is None:
            known = self._parsed[id(func)] = (func, parse_lines(self.lines(func)))
        return known[1]

    def shipped(self, func: Callable) -> str:
        """:func:`shipped_source` of the function; OSError when it has no readable source
        (as ``inspect.getsource``: the checks have refused such a component already)."""
        read = self.lines(func)
        if read is None:
            raise OSError(f"could not get source code of {func!r}")
        return shipped_source(read[0])


__all__ = ["FunctionSource", "SourceReader", "parse_lines", "read_lines", "shipped_source"]
