"""`--config` of compile, run and check: the same strict file, every problem at once."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kfp_lite.cli import cli
from kfp_lite.config import ConfigError, load_config

PIPELINE = """
from kfp_lite import dsl

@dsl.component
def inc(x: int) -> int:
    return x + 1

@dsl.pipeline(name="chain")
def chain(n: int = 0) -> int:
    first = inc(x=n)
    second = inc(x=first.output)
    return second.output
"""

#: a typo (enable_cachee) and, elsewhere, problems only the pipeline can show
TYPO = """\
parameters:
  n: 5
  nn: 3
steps:
  inc:
    enable_cachee: false
  nosuch:
    enable_cache: true
"""

GOOD = """\
parameters:
  n: 5
steps:
  inc-2:
    enable_cache: false
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "chain.py").write_text(PIPELINE)
    (tmp_path / "typo.yaml").write_text(TYPO)
    (tmp_path / "good.yaml").write_text(GOOD)
    return tmp_path


def _invoke(folder: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(cwd)


def _codes_and_lines(text: str) -> list[tuple[str, str]]:
    return re.findall(r"typo\.yaml:(\d+):\d+: error\[(KFL\d+)\]", text)


EXPECTED = [("3", "KFL507"), ("6", "KFL502"), ("7", "KFL503")]


def test_a_typo_no_longer_hides_the_other_problems() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config_text(TYPO)
    error = caught.value
    assert [d.code for d in error.diagnostics] == ["KFL502"]
    assert error.partial is not None
    assert error.partial.steps == {"inc": {}, "nosuch": {"enable_cache": True}}


def load_config_text(text: str):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(text)
    return load_config(handle.name)


@pytest.mark.parametrize(
    "command",
    [
        ("compile", "chain.py", "-o", "out.yaml", "--config", "typo.yaml"),
        ("check", "chain.py", "--config", "typo.yaml"),
        ("run", "chain.py", "--config", "typo.yaml", "--pipeline-root", "runs"),
    ],
)
def test_every_command_reports_every_problem_of_the_file(files: Path, command) -> None:
    result = _invoke(files, *command)
    assert result.exit_code == (2 if command[0] == "run" else 1), result.output
    assert _codes_and_lines(result.stderr + result.stdout) == EXPECTED
    assert not (files / "out.yaml").exists()
    assert not (files / "runs").exists()


def test_run_applies_the_configuration(files: Path) -> None:
    result = _invoke(files, "run", "chain.py", "--config", "good.yaml", "--pipeline-root", "runs",
                     "--quiet")
    assert result.exit_code == 0, result.output
    outputs = sorted((files / "runs").glob("chain-*/inc-2/Output"))
    assert [p.read_text() for p in outputs] == ["7"]  # n=5 from the file, two increments


def test_check_with_a_good_configuration_is_clean(files: Path) -> None:
    result = _invoke(files, "check", "chain.py", "--config", "good.yaml")
    assert result.exit_code == 0, result.output


def test_run_of_a_compiled_spec_refuses_a_configuration(files: Path) -> None:
    compiled = _invoke(files, "compile", "chain.py", "-o", "chain.yaml")
    assert compiled.exit_code == 0, compiled.output
    result = _invoke(files, "run", "chain.yaml", "--config", "good.yaml")
    assert result.exit_code == 2
    assert "error[KFL850]" in result.stderr
    assert "chain.yaml is a compiled spec" in result.stderr


@pytest.mark.parametrize("command", ["run", "check"])
def test_a_missing_configuration_file_is_one_diagnostic(files: Path, command: str) -> None:
    result = _invoke(files, command, "chain.py", "--config", "nope.yaml")
    assert result.exit_code in (1, 2)
    assert "error[KFL501]: no such configuration file: nope.yaml" in result.stdout + result.stderr
