"""The composite GitHub Action (action.yml): its inputs, and its shell steps run here with bash
as the runner would run them (only actions/setup-python is left out)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SCHEMA = os.path.join(os.path.dirname(__file__), "data", "sarif-schema-2.1.0.json")

with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as _handle:
    ACTION = yaml.safe_load(_handle)

BAD = """\
from kfp_lite import dsl


@dsl.component
def add(a: int) -> int:
    return a


@dsl.pipeline
def broken():
    add(a="one")
"""


def _step(name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def _run(step: dict, cwd, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def test_action_is_composite_with_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "version", "python-version", "install", "args", "sarif-file",
                                     "working-directory"}
    assert all(not spec.get("required", False) for spec in ACTION["inputs"].values())
    with open(os.path.join(ROOT, "docs", "ci.md"), encoding="utf-8") as handle:
        docs = handle.read()
    assert all(f"| `{name}` |" in docs for name in ACTION["inputs"])


def test_inputs_reach_scripts_only_through_the_environment():
    """No ${{ inputs.* }} inside a script: an input cannot inject shell code."""
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", "")


def test_check_step_annotates_fails_and_writes_sarif(tmp_path):
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "bad.py").write_text(BAD)
    outputs = tmp_path / "github_output"
    env = {"PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
           "KFP_LITE_PATHS": "pipelines", "KFP_LITE_ARGS": "--exclude legacy",
           "KFP_LITE_SARIF": "kfp.sarif", "GITHUB_OUTPUT": str(outputs)}
    result = _run(_step("kfp-lite check"), tmp_path, env)
    assert result.returncode == 1, result.stderr
    assert re.match(r"::error file=pipelines/bad.py,line=11,col=\d+,title=KFL201::", result.stdout)
    assert outputs.read_text() == "sarif-file=kfp.sarif\n"
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(json.loads((tmp_path / "kfp.sarif").read_text()), json.load(handle))


@pytest.mark.parametrize("version,install,expected", [
    ("", "", ["-m pip install --disable-pip-version-check /action"]),
    ("0.1.0", "-r requirements.txt", ["-m pip install --disable-pip-version-check kfp-lite==0.1.0",
                                      "-m pip install --disable-pip-version-check -r requirements.txt"]),
])
def test_install_step_installs_the_chosen_kfp_lite(tmp_path, version, install, expected):
    stub = tmp_path / "bin"
    stub.mkdir()
    log = tmp_path / "log"
    (stub / "python").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    (stub / "python").chmod(0o755)
    env = {"PATH": f"{stub}{os.pathsep}{os.environ['PATH']}", "KFP_LITE_VERSION": version,
           "KFP_LITE_SOURCE": "/action", "KFP_LITE_INSTALL": install}
    result = _run(_step("Install kfp-lite"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == expected
