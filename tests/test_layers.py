"""The package's layers: every import of ours goes in an allowed direction, with no cycles.

Every module's imports are read with ``ast`` (function-level lazy imports and
``TYPE_CHECKING`` imports included) and checked against ``ALLOWED``, the table that
docs/architecture.md shows. A new package or top-level module must be added to both.
The authoring layer reaches the compiler and the local runner only through
``kfp_lite.services``; the last tests check that those registrations work.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from kfp_lite import dsl, services

ROOT = Path(__file__).resolve().parent.parent

# folder of the repository -> the import package it installs as
FOLDERS = {"kfp_lite": "kfp_lite", "compiler": "kfp_lite.compiler", "ir_schema": "kfp_lite.ir_schema"}

# The facade: the root package may import anything (lazily), and any module may read its
# __version__; it is left out of the table.
FACADE = "kfp_lite"

# unit (a subpackage or a top-level module of kfp_lite) -> the units it may import
_BASE = {"diagnostics", "codes", "ir_types", "safe_yaml", "collector"}
ALLOWED: dict[str, set[str]] = {
    # leaves: the standard library only (the executor also runs alone inside task containers)
    "diagnostics": set(),
    "ir_types": set(),
    "collector": set(),  # pausing the garbage collector around allocation-heavy work
    "safe_yaml": {"collector"},  # the one YAML reader (PyYAML only), docs/security.md
    "services": set(),
    "executor": set(),
    "materializers": set(),  # shipped into task containers with a component's source
    "toml_table": set(),
    "codes": {"diagnostics"},
    # the checker's settings ([tool.kfp-lite]) and its SARIF output
    "settings": {"codes", "diagnostics", "toml_table"},
    "sarif": {"codes", "diagnostics"},
    # the IR's schema and reference checks: standalone but for the vocabulary
    "ir_schema": {"ir_types", "safe_yaml"},
    # author: the artifact classes are the executor's; the compiler and the local runner are
    # reached only through what they register in services
    "dsl": _BASE | {"services", "executor", "materializers"},
    "component_yaml": _BASE | {"dsl"},
    "components": _BASE | {"dsl", "component_yaml"},
    # kfp-kubernetes' functions: task settings written to the platform document
    "kubernetes": _BASE | {"dsl"},
    # run configuration: resolved against the traced pipeline (pydantic models, its schema)
    "config": _BASE | {"dsl", "ir_schema"},
    # check, plan, build, emit
    "compiler": _BASE | {"dsl", "config", "materializers"},
    # readers of compiled specs (through ir_schema's standard-library spec walker)
    "graph": _BASE | {"ir_schema"},
    "local": _BASE | {"services", "executor", "dsl", "compiler", "ir_schema"},
    "client": _BASE | {"compiler", "ir_schema"},
    # kfp's old spellings: kfp_lite.v2 re-exports; kfp_lite.version reads the facade's version
    "v2": {"dsl", "compiler", "components"},
    "version": set(),
    # the command line sits on top of everything
    "cli": set(),  # filled below
    "__main__": {"cli"},
}
ALLOWED["cli"] = set(ALLOWED) - {"cli", "__main__"}


def _module_name(path: Path) -> tuple[str, bool]:
    """(dotted module name, is a package __init__) of a file of ours."""
    for folder, package in FOLDERS.items():
        base = ROOT / folder
        if path.is_relative_to(base):
            parts = list(path.relative_to(base).with_suffix("").parts)
            is_init = parts[-1] == "__init__"
            if is_init:
                parts = parts[:-1]
            return ".".join([package, *parts]), is_init
    raise ValueError(path)


def _our_files() -> Iterator[Path]:
    seen: set[Path] = set()
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path not in seen:
                seen.add(path)
                yield path


def _is_module(name: str) -> bool:
    """Whether ``kfp_lite.x.y`` names a module or package of ours (not a name inside one)."""
    parts = name.split(".")[1:]
    if not parts:
        return True
    if parts[0] in ("compiler", "ir_schema"):
        base, rest = ROOT / parts[0], parts[1:]
    else:
        base, rest = ROOT / "kfp_lite", parts
    target = base.joinpath(*rest) if rest else base
    return target.is_dir() or target.with_suffix(".py").is_file()


def imports_of(path: Path) -> Iterator[tuple[str, int]]:
    """(imported module of ours, line) for every import in the file, at any depth."""
    module, is_init = _module_name(path)
    package = module if is_init else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "kfp_lite":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kfp_lite":
                continue
            for alias in node.names:  # 'from kfp_lite import codes' imports the module codes
                candidate = f"{target}.{alias.name}"
                yield (candidate if _is_module(candidate) else target), node.lineno


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACADE


def _edges() -> list[tuple[str, str, str, int]]:
    """(importing unit, imported unit, file, line) for every import between units."""
    found = []
    for path in _our_files():
        module, _ = _module_name(path)
        source = unit_of(module)
        for target, line in imports_of(path):
            imported = unit_of(target)
            if imported != source:
                found.append((source, imported, str(path.relative_to(ROOT)), line))
    return found


EDGES = _edges()


def test_the_import_reader_sees_lazy_relative_and_from_package_imports() -> None:
    edges = {(s, t, f) for s, t, f, _ in EDGES}
    assert ("cli", "compiler", "kfp_lite/cli/compile_run.py") in edges  # inside a function
    assert ("compiler", "dsl", "compiler/lower.py") in edges
    assert ("dsl", "codes", "kfp_lite/dsl/components.py") in edges  # from kfp_lite import codes
    assert ("ir_schema", "ir_types", "ir_schema/references.py") in edges


def test_every_unit_is_in_the_table() -> None:
    units = {unit_of(_module_name(p)[0]) for p in _our_files()} - {FACADE}
    missing = units - set(ALLOWED)
    assert not missing, f"add {sorted(missing)} to ALLOWED here and to docs/architecture.md"


def test_imports_go_only_in_allowed_directions() -> None:
    wrong = [f"{file}:{line}: {source} imports {target}"
             for source, target, file, line in EDGES
             if target != FACADE and source in ALLOWED and target not in ALLOWED[source]]
    assert wrong == [], "imports against the layering (see docs/architecture.md):\n" + "\n".join(wrong)


def test_the_facade_is_imported_only_for_its_version() -> None:
    uses = [f"{file}:{line}" for source, target, file, line in EDGES if target == FACADE]
    for place in uses:
        file, line = place.rsplit(":", 1)
        text = (ROOT / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert "__version__" in text, f"{place} imports from the package root: {text.strip()}"


def test_no_cycle_between_units() -> None:
    graph: dict[str, set[str]] = {}
    for source, target, _, _ in EDGES:
        if FACADE not in (source, target):
            graph.setdefault(source, set()).add(target)
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(unit: str, path: list[str]) -> None:
        state[unit] = 1
        for nxt in sorted(graph.get(unit, ())):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [unit, nxt] if nxt in path else [unit, nxt]
                pytest.fail("import cycle between packages: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, path + [unit])
        state[unit] = 2

    for unit in sorted(graph):
        if unit not in state:
            visit(unit, [])


def test_importing_dsl_loads_neither_compiler_nor_local_runner() -> None:
    code = ("import sys; from kfp_lite import dsl; "
            "print(sorted(m for m in sys.modules if m.startswith(('kfp_lite.compiler', 'kfp_lite.local', "
            "'kfp_lite.config', 'kfp_lite.cli'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# --- the services dsl calls instead of importing upward ----------------------------------


@dsl.component
def double(x: int) -> int:
    return 2 * x


def test_a_call_outside_a_pipeline_goes_to_the_registered_local_call(monkeypatch) -> None:
    monkeypatch.setattr(services, "_REGISTERED", dict(services._REGISTERED))
    calls = []
    services.register(services.LOCAL_CALL, lambda *call: calls.append(call) or "ran")
    assert double(x=3) == "ran"
    assert calls == [(double, (), {"x": 3})]


def test_without_local_init_the_error_says_to_call_it(monkeypatch) -> None:
    monkeypatch.setattr(services, "_REGISTERED", dict(services._REGISTERED))
    services.register(services.LOCAL_CALL, None)
    with pytest.raises(RuntimeError, match=r"outside a @dsl.pipeline.*local\.init\("):
        double(x=3)


def test_local_init_registers_the_local_call(monkeypatch, tmp_path: Path) -> None:
    from kfp_lite import local
    from kfp_lite.local import session

    monkeypatch.setattr(services, "_REGISTERED", dict(services._REGISTERED))
    local.init(runner=local.SubprocessRunner(), pipeline_root=str(tmp_path))
    registered = services.lookup(services.LOCAL_CALL)
    assert isinstance(registered, session.RunNow)
    assert session.current() == registered.config
    assert registered.config.pipeline_root == str(tmp_path)


def test_output_component_file_goes_to_the_registered_writer(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(services, "_REGISTERED", dict(services._REGISTERED))
    written = []
    services.register(services.COMPONENT_WRITER, lambda component, path: written.append((component, path)))

    @dsl.component(output_component_file=str(tmp_path / "c.yaml"))
    def triple(x: int) -> int:
        return 3 * x

    assert written == [(triple, str(tmp_path / "c.yaml"))]
    assert not (tmp_path / "c.yaml").exists()


def test_the_package_registers_the_compilers_writer(tmp_path: Path) -> None:
    out = tmp_path / "c.yaml"

    @dsl.component(output_component_file=str(out))
    def triple(x: int) -> int:
        return 3 * x

    from kfp_lite import compiler

    assert out.read_text() == compiler.compile_text(triple)


def test_unknown_services_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown service"):
        services.register("compile", print)


def test_the_architecture_doc_lists_every_unit_of_the_table() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Layers: what each package may import", 1)[1].split("\n## ", 1)[0]
    documented: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            documented.update(part.strip("` ") for part in first_cell.split(",") if "`" in part)
    assert documented == set(ALLOWED) - {"__main__"}
