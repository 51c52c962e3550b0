"""The pre-commit hooks of .pre-commit-hooks.yaml, run for real with ``pre-commit try-repo``
against a throwaway git repository holding a good and a bad pipeline and a compiled YAML.

pre-commit builds the hooks' environment (``language: python``) by pip-installing this
repository into a fresh virtualenv. The test keeps that offline: the test environment's
site-packages are on the hook environment's path (PYTHONPATH), so kfp-lite's dependencies and
setuptools are already there, and pip may not use an index (``PIP_NO_INDEX``): nothing is
downloaded. A user's pre-commit installs the same way from PyPI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("pre_commit")
if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is needed", allow_module_level=True)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

GOOD = """\
from kfp_lite import dsl


@dsl.component(base_image="python:3.11-slim")
def add(a: int, b: int = 1) -> int:
    return a + b


@dsl.pipeline
def adder(a: int = 1):
    add(a=a)
"""

BAD = """\
from kfp_lite import dsl


@dsl.component
def add(a: int) -> int:
    return a


@dsl.pipeline
def broken():
    add(a="one")
"""


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    site = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "",
           "PYTHONPATH": os.pathsep.join(site), "PIP_NO_BUILD_ISOLATION": "0",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    env.pop("PIP_REQUIRE_VIRTUALENV", None)
    return env


@pytest.fixture
def repo(tmp_path, environment):
    folder = tmp_path / "repo"
    (folder / "pipelines").mkdir(parents=True)
    (folder / "pipelines" / "good.py").write_text(GOOD)
    (folder / "pipelines" / "bad.py").write_text(BAD)
    (folder / "pipelines" / "util.py").write_text("def helper():\n    return 1\n")
    (folder / "pyproject.toml").write_text(textwrap.dedent("""\
        [tool.kfp-lite.compiled]
        "pipelines/good.py" = "pipelines/good.yaml"
        """))
    subprocess.run([sys.executable, "-m", "kfp_lite", "compile", "pipelines/good.py", "-o",
                    "pipelines/good.yaml"], cwd=folder, check=True, capture_output=True)
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "init"]):
        subprocess.run(command, cwd=folder, check=True, env=environment, capture_output=True)
    return folder


def _try(repo, environment, *args: str) -> subprocess.CompletedProcess:
    """Every hook of this repository, run by pre-commit in ``repo``."""
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", ROOT, *args],
                          cwd=repo, env=environment, capture_output=True, text=True, timeout=600)


def _section(output: str, hook_name: str) -> str:
    """The lines pre-commit prints for one hook: its status line up to the next hook's."""
    start = output.index(hook_name)
    rest = output[start:]
    following = [rest.find(n, 1) for n in ("kfp-lite check.", "kfp-lite compiled YAML") if rest.find(n, 1) > 0]
    return rest[:min(following)] if following else rest


def test_hooks_pass_a_good_pipeline_with_a_current_yaml(repo, environment):
    result = _try(repo, environment, "--files", "pipelines/good.py", "pipelines/util.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in _section(result.stdout, "kfp-lite check.")
    assert "Passed" in _section(result.stdout, "kfp-lite compiled YAML is up to date")


def test_hooks_fail_a_bad_pipeline_and_a_stale_yaml(repo, environment):
    (repo / "pipelines" / "good.py").write_text(GOOD.replace("a: int = 1", "a: int = 2"))
    result = _try(repo, environment, "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    check = _section(result.stdout, "kfp-lite check.")
    assert "Failed" in check and re.search(r"pipelines/bad.py:11:\d+: error\[KFL201\]", check)
    assert "good.py" not in check and "util.py" not in check
    compiled = _section(result.stdout, "kfp-lite compiled YAML is up to date")
    assert "Failed" in compiled and "pipelines/good.yaml is stale" in compiled
    assert "kfp-lite compile pipelines/good.py -o pipelines/good.yaml" in compiled
