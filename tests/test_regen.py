"""Own-output goldens are never rewritten under CI: KFP_LITE_REGEN=1 with CI set stops the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import regen

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("environ", "refused"), [
    ({"KFP_LITE_REGEN": "1", "CI": "true"}, True),
    ({"KFP_LITE_REGEN": "yes", "CI": "1"}, True),
    ({"KFP_LITE_REGEN": "1"}, False),
    ({"KFP_LITE_REGEN": "1", "CI": ""}, False),
    ({"KFP_LITE_REGEN": "1", "CI": "false"}, False),
    ({"KFP_LITE_REGEN": "0", "CI": "true"}, False),
    ({"CI": "true"}, False),
])
def test_regenerating_is_refused_only_under_ci(environ: dict, refused: bool) -> None:
    assert (regen.refusal(environ) is not None) == refused


def test_only_the_value_1_asks_for_regeneration() -> None:
    assert regen.requested({"KFP_LITE_REGEN": "1"})
    assert not regen.requested({"KFP_LITE_REGEN": "0"})
    assert not regen.requested({})


def test_a_run_under_ci_with_regen_stops_before_any_test() -> None:
    env = {**os.environ, "KFP_LITE_REGEN": "1", "CI": "true"}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_regen.py::test_only_the_value_1_asks_for_regeneration"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == pytest.ExitCode.USAGE_ERROR
    assert "KFP_LITE_REGEN=1 rewrites golden files, which CI must never do" in out.stderr
    assert "passed" not in out.stdout
