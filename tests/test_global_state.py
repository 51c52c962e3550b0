"""No hidden process-wide state in the authoring layer and the compiler.

Caches live as long as one trace or compile (or as long as the object they describe); a
module-level table is written once, at import. The AST test finds module-level containers
that functions write into; the others check that compiled objects can be collected.
"""

from __future__ import annotations

import ast
import gc
import weakref
from pathlib import Path

from kfp_lite import compiler, dsl

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "kfp_lite" / "dsl", ROOT / "compiler"]

# module-level state that is written after import, with the reason it may be
ALLOWED = {
    # component -> its container; weak keys: the entry goes with the component
    ("compiler/executors.py", "_CONTAINERS"),
}

_MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem",
             "clear", "remove", "discard", "__setitem__"}
_CONTAINERS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)


def _module_containers(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
        value = getattr(node, "value", None)
        is_container = isinstance(value, _CONTAINERS) or (
            isinstance(value, ast.Call) and getattr(value.func, "attr", getattr(value.func, "id", ""))
            in ("dict", "list", "set", "defaultdict", "WeakKeyDictionary", "WeakValueDictionary"))
        if is_container:
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _written_in_functions(tree: ast.Module, names: set[str]) -> set[str]:
    written = set()
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Global):
                written.update(node.names)
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                        written.add(target.value.id)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in _MUTATORS and isinstance(node.func.value, ast.Name)):
                written.add(node.func.value.id)
    return written & names


def test_no_module_level_state_is_written_after_import() -> None:
    found = set()
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for name in _written_in_functions(tree, _module_containers(tree)):
                found.add((str(path.relative_to(ROOT)), name))
    assert found - ALLOWED == set(), "keep such state per trace or per compile"


def test_the_reader_finds_a_module_cache() -> None:
    tree = ast.parse("CACHE = {}\ndef f(k):\n    CACHE[k] = 1\nTABLE = {'a': 1}\ndef g():\n    return TABLE['a']\n")
    assert _written_in_functions(tree, _module_containers(tree)) == {"CACHE"}


def test_a_compiled_pipeline_and_its_components_can_be_collected() -> None:
    def make():
        @dsl.component
        def inc(x: int) -> int:
            return x + 1

        @dsl.pipeline
        def twice(x: int = 1):
            inc(x=inc(x=x).output)

        return inc, twice

    inc, twice = make()
    assert "inc" in compiler.compile_text(twice)
    refs = [weakref.ref(inc), weakref.ref(twice)]
    del inc, twice
    gc.collect()
    assert [r() for r in refs] == [None, None]
