"""benchmarks/run.py's start-up summary and its installed (non-editable) kfp_lite.

No timing is asserted: the summary is checked on made-up results, and the wheel that
``--installed`` puts in a fresh venv is built (offline, with this environment's setuptools)
and its contents compared with the tree.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _startup(name: str, tool: str, cpu: float) -> run.Result:
    return run.Result("startup-cpu", name, 1, tool, (cpu, cpu, cpu), 0.0)


def test_the_summary_gives_editable_and_installed_start_up_against_bare_python_and_kfp() -> None:
    results = [
        _startup("python -c pass", "python", 0.020),
        _startup("kfp-lite compile one task", "kfp-lite", 0.065),
        _startup("installed python -c pass", "python", 0.010),
        _startup("installed kfp-lite compile one task", "kfp-lite", 0.050),
        _startup("kfp dsl compile one task", "kfp", 0.450),
    ]
    notes = run.table(results).splitlines()
    assert "kfp-lite compile one task (startup-cpu, editable): +45 ms over python -c pass" in notes
    assert "kfp-lite compile one task (startup-cpu, installed): +40 ms over python -c pass" in notes
    assert "kfp dsl compile one task (startup-cpu): 6.9x kfp-lite compile's time (editable)" in notes
    assert "kfp dsl compile one task (startup-cpu): 9.0x kfp-lite compile's time (installed)" in notes


def test_the_installed_wheel_holds_every_module_of_the_tree(tmp_path: Path) -> None:
    wheel = run.build_wheel(sys.executable, run.copy_package_sources(tmp_path / "src"),
                            tmp_path / "wheels")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for folder, package in (("kfp_lite", "kfp_lite"), ("compiler", "kfp_lite/compiler"),
                            ("ir_schema", "kfp_lite/ir_schema")):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".json", ".txt") and "__pycache__" not in path.parts:
                expected.add(f"{package}/{path.relative_to(ROOT / folder).as_posix()}")
    assert expected - names == set()
    assert not any("__pycache__" in name or name.startswith(("tests/", "benchmarks/"))
                   for name in names)
