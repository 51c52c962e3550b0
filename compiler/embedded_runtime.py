"""The executor as ``--executor embedded`` ships it: stripped, tailored, compressed.

Every embedded lightweight component carries its own copy of the runtime (a task must run on
its own), so its size is multiplied by the number of tasks. Three things keep it small:

* ``executor_runtime.txt`` beside this file is ``kfp_lite/executor.py`` without docstrings,
  comments, type annotations and ``__all__``, indented by one space (written by
  ``python -m kfp_lite.compiler.embedded_runtime``; a test checks it is current). It is
  checked in rather than made at compile time because ``ast.unparse`` differs between Python
  versions, and the compiled YAML must not.
* Optional sections (classification metrics, the exit handler's final status, ``get_uri``)
  go only into components whose source mentions them; a section whose name starts with
  ``_`` (authoring conveniences such as ``repr``) is never shipped.
* raw deflate at level 9, then base85 (denser than base64, and safe in YAML and in ``sh``).
"""

from __future__ import annotations

import ast
import base64
import builtins
import functools
import itertools
import keyword
import re
import string
import zlib
from pathlib import Path
from typing import Any, Iterator, Optional

RUNTIME_FILE = Path(__file__).with_name("executor_runtime.txt")
SECTION = re.compile(r"^# \[section (\w+)\]\n(.*?)^# \[end\]\n", re.MULTILINE | re.DOTALL)
MIN_SECTION = re.compile(r"^#<(\w+)\n(.*?)^#>\n", re.MULTILINE | re.DOTALL)


@functools.lru_cache(maxsize=1)
def _runtime_text() -> str:
    return RUNTIME_FILE.read_text(encoding="utf-8")


def sections() -> tuple[str, ...]:
    return tuple(match.group(1) for match in MIN_SECTION.finditer(_runtime_text()))


def runtime_source(program: str) -> str:
    """The runtime's minified source with the sections that ``program`` mentions."""
    return MIN_SECTION.sub(
        lambda m: m.group(2) if m.group(1) in program and not m.group(1).startswith("_") else "",
        _runtime_text())


@functools.lru_cache(maxsize=64)
def _encode(wanted: frozenset[str]) -> str:
    source = runtime_source(" ".join(wanted)).encode("utf-8")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9)  # raw deflate: no header, no checksum
    return base64.b85encode(deflate.compress(source) + deflate.flush()).decode("ascii")


def encoded_runtime(program: str) -> str:
    """The compressed runtime for a component whose source is ``program``."""
    return _encode(frozenset(name for name in sections()
                             if name in program and not name.startswith("_")))


def decode(encoded: str) -> str:
    """The inverse of :func:`encoded_runtime` (what the task's loader does)."""
    return zlib.decompress(base64.b85decode(encoded), -15).decode("utf-8")


# --- making executor_runtime.txt --------------------------------------------------------------


class _Strip(ast.NodeTransformer):
    """Remove what the runtime does not need: docstrings, annotations, ``__all__``, futures."""

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:] or [ast.Pass()]
        return body

    def visit_Module(self, node: ast.Module) -> ast.Module:
        node.body = [s for s in self._body(node.body) if not _dropped(s)]
        self.generic_visit(node)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        node.body = self._body(node.body)
        self.generic_visit(node)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.body = self._body(node.body)
        node.returns = None
        self.generic_visit(node)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.annotation = None
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.stmt:
        if node.value is None:
            return ast.Pass()
        return ast.copy_location(ast.Assign(targets=[node.target], value=node.value), node)


def _dropped(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
        return True
    return isinstance(statement, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets)


def _short_names(taken: set[str]) -> Iterator[str]:
    for length in (1, 2, 3):
        for letters in itertools.product(string.ascii_letters, repeat=length):
            name = "".join(letters)
            if name not in taken and not keyword.iskeyword(name):
                yield name


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.mapping.get(node.arg, node.arg)
        return node

    def _named(self, node: Any) -> Any:
        node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node

    visit_FunctionDef = visit_ClassDef = _named

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.ExceptHandler:
        if node.name:
            node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node


def _own_args(function: ast.FunctionDef) -> list[ast.arg]:
    a = function.args
    return [*a.posonlyargs, *a.args, *a.kwonlyargs, *([a.vararg] if a.vararg else []),
            *([a.kwarg] if a.kwarg else [])]


def _function_locals(function: ast.FunctionDef, private: bool) -> set[str]:
    """Names a function binds; its own parameters only when it is private (no keyword calls)."""
    own = set(map(id, _own_args(function))) if not private else set()
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.arg) and id(node) not in own:
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node is not function:
            names.add(node.name)
    return {n for n in names if n not in ("self", "cls", "_") and not n.startswith("__")}


def _rename(tree: ast.Module) -> None:
    """Shorten private module names and the names local to each function."""
    taken = set(re.findall(r"[A-Za-z_]\w*", ast.unparse(tree))) | set(dir(builtins))
    short = _short_names(taken)
    module_names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    module_names |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
                     if isinstance(t, ast.Name)}
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)] + [
        m for c in tree.body if isinstance(c, ast.ClassDef) for m in c.body
        if isinstance(m, ast.FunctionDef)]
    private = {id(f) for f in functions if _private(f.name)}
    mapping = {name: next(short) for name in sorted(module_names) if _private(name)}
    _Rename(mapping).visit(tree)
    keywords = {k.arg for node in ast.walk(tree) if isinstance(node, ast.Call)
                for k in node.keywords if k.arg}
    for function in functions:  # each function starts again from 'a': repeats compress well
        names = _function_locals(function, id(function) in private)
        names -= module_names | set(mapping.values()) | keywords
        fresh = _short_names(taken | set(mapping.values()))
        _Rename({name: next(fresh) for name in sorted(names)}).generic_visit(function)


def stripped_tree(source: str) -> ast.Module:
    """The executor's syntax tree as the runtime keeps it (what the sync test compares)."""
    tree = _Strip().visit(ast.parse(source))
    _rename(tree)
    return ast.fix_missing_locations(tree)


def _compact(code: str) -> str:
    lines = []
    for line in code.split("\n"):
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            lines.append(" " * (indent // 4) + line.lstrip(" "))
    return "\n".join(lines) + "\n"


def minified(source: str) -> str:
    """The whole runtime file: one-space indents, sections kept as ``#<NAME`` ... ``#>``."""
    spans = [(m.group(1), source.count("\n", 0, m.start()) + 1, source.count("\n", 0, m.end()))
             for m in SECTION.finditer(source)]
    out: list[str] = []
    current: Optional[str] = None
    for statement in stripped_tree(source).body:
        section = next((name for name, first, last in spans
                        if first <= statement.lineno <= last), None)
        if section != current:
            if current:
                out.append("#>\n")
            if section:
                out.append(f"#<{section}\n")
            current = section
        out.append(_compact(ast.unparse(statement)))
    if current:
        out.append("#>\n")
    return "".join(out)


def executor_source() -> str:
    """The text of ``kfp_lite/executor.py`` (read as data: the compiler never imports it)."""
    import importlib.util

    spec = importlib.util.find_spec("kfp_lite.executor")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).read_text(encoding="utf-8")


def main() -> int:
    RUNTIME_FILE.write_text(minified(executor_source()), encoding="utf-8")
    print(f"wrote {RUNTIME_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
