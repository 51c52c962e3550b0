"""The whole output of the check pass, pinned: every diagnostic with its code, severity,
message, place, task path, hint, expected and got, in the order the pass reports them.

Each scenario file in tests/cases/check_pass/ holds pipelines that trip many checks at once;
the pass runs on every pipeline of a file, with type checking on and off, and the list must
equal the golden in tests/golden/check_pass/. The checks are rewritten for speed from time to
time; these goldens say that nothing a user sees changed. Regenerate with ``KFP_LITE_REGEN=1``
and review the diff.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from kfp_lite.compiler.checks import check_component, check_pipeline
from regen import requested

from kfp_lite.diagnostics import Diagnostic
from kfp_lite.dsl.components import BaseComponent, GraphComponent

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases" / "check_pass").glob("*.py"))
GOLDEN = HERE / "golden" / "check_pass"


def _load(path: Path):
    name = f"_check_pass_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # inspect reads component sources through it
    spec.loader.exec_module(module)
    return module


def _record(diagnostic: Diagnostic) -> dict:
    location = diagnostic.location
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "place": f"{os.path.basename(location.file)}:{location.line}:{location.column}" if location else None,
        "task_path": diagnostic.task_path,
        "hint": diagnostic.hint,
        "expected": diagnostic.expected,
        "got": diagnostic.got,
    }


def _run(path: Path) -> dict:
    module = _load(path)
    result: dict = {}
    for name, value in vars(module).items():
        if isinstance(value, GraphComponent):
            for type_check in (True, False):
                found = check_pipeline(value, type_check)
                result[f"{name} type_check={type_check}"] = [_record(d) for d in found]
        elif isinstance(value, BaseComponent):
            result[f"component {name}"] = [_record(d) for d in check_component(value)]
    return result


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_check_pass_output_is_unchanged(path: Path) -> None:
    found = _run(path)
    golden = GOLDEN / f"{path.stem}.json"
    text = json.dumps(found, indent=1, ensure_ascii=False) + "\n"
    if requested():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert found == expected


def test_the_pass_is_the_same_when_run_again() -> None:
    """A second pass over the same traced pipeline reports the same list (nothing is consumed)."""
    path = HERE / "cases" / "check_pass" / "arguments.py"
    assert _run(path) == _run(path)
