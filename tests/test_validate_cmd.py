"""``kfp-lite validate``: output lines and exit codes."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from kfp_lite.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "ir_schema"


def _run(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


def test_valid_files_print_ok_and_exit_0() -> None:
    a, b = DATA / "features.yaml", DATA / "with_config.yaml"
    result = _run(str(a), str(b))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{a}: ok", f"{b}: ok"]


def test_invalid_file_prints_path_message_hint_and_exits_1(tmp_path: Path) -> None:
    doc = yaml.safe_load((DATA / "component_only.yaml").read_text())
    task = next(iter(doc["root"]["dag"]["tasks"]))
    doc["root"]["dag"]["tasks"][task]["componentRef"]["name"] = "comp-trian"
    spec = tmp_path / "bad.yaml"
    spec.write_text(yaml.safe_dump(doc))
    result = _run(str(spec))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{spec}: root.dag.tasks.{task}.componentRef.name: 'comp-trian' is not a component",
        "  hint: did you mean 'comp-train'?",
        f"{spec}: invalid (1 problem)",
    ]


def test_unreadable_files_exit_2_and_the_others_are_still_checked(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\n")
    good = DATA / "exit_handler.yaml"
    result = CliRunner().invoke(
        cli, ["validate", str(tmp_path / "missing.yaml"), str(binary), str(broken), str(good)]
    )
    assert result.exit_code == 2
    assert "missing.yaml: no such file" in result.output
    assert "b.yaml:1: a NUL byte at offset 0: this is a binary file, not YAML text" in result.output
    assert "broken.yaml:2:1: not valid YAML" in result.output
    assert f"{good}: ok" in result.output
    assert "Traceback" not in result.output


def test_not_a_spec_exits_1(tmp_path: Path) -> None:
    spec = tmp_path / "list.yaml"
    spec.write_text("- 1\n- 2\n")
    result = _run(str(spec))
    assert result.exit_code == 1
    assert "(document): expected a mapping (the PipelineSpec), got a list" in result.output


def test_quiet_hides_ok_lines() -> None:
    result = _run("-q", str(DATA / "features.yaml"))
    assert result.exit_code == 0 and result.output == ""


def test_help_shows_an_example() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "kfp-lite validate pipeline.yaml" in result.output


def test_no_arguments_is_a_usage_error() -> None:
    assert _run().exit_code == 2
