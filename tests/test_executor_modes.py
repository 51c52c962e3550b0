"""The two executor modes: choosing one (API, CLI, run configuration), the size warning,
and the local runner running kfp's lightweight commands offline."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from kfp_lite.compiler import compile_documents
from kfp_lite.compiler.python_command import EMBEDDED_LOADER, KFP_LOADER
from kfp_lite.compiler.size import size_diagnostics

from kfp_lite import compiler, dsl, local
from kfp_lite.cli import cli
from kfp_lite.diagnostics import CompileError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "training_pipeline.py"


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.pipeline
def adder(a: int = 1, b: int = 2) -> int:
    return add(a=a, b=add(a=a, b=b).output).output


def _commands(spec: dict) -> list[list[str]]:
    return [e["container"]["command"] for e in spec["deploymentSpec"]["executors"].values()]


def test_default_is_kfp_and_embedded_is_opt_in() -> None:
    default = compile_documents(adder).pipeline_spec
    assert all(KFP_LOADER in c and "'kfp==2.17.3'" in c[2] for c in _commands(default))
    embedded = compile_documents(adder, executor="embedded").pipeline_spec
    assert all(c[:3] == ["python3", "-c", EMBEDDED_LOADER] for c in _commands(embedded))
    assert default["root"] == embedded["root"] and default["components"] == embedded["components"]


def test_unknown_mode_is_kfl605() -> None:
    with pytest.raises(CompileError) as info:
        compile_documents(adder, executor="offline")
    assert [d.code for d in info.value.diagnostics] == ["KFL605"]


def test_cli_and_config_choose_the_mode(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "p.yaml"
    result = runner.invoke(cli, ["compile", str(SAMPLE), "-o", str(out), "--executor", "embedded"])
    assert result.exit_code == 0, result.output
    assert "kfp.dsl.executor_main" not in out.read_text()
    config = tmp_path / "run.yaml"
    config.write_text("executor: embedded\n")
    out2 = tmp_path / "q.yaml"
    result = runner.invoke(cli, ["compile", str(SAMPLE), "-o", str(out2), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert out2.read_text() == out.read_text()
    # the command line wins over the file
    out3 = tmp_path / "r.yaml"
    result = runner.invoke(cli, ["compile", str(SAMPLE), "-o", str(out3), "--config", str(config),
                                 "--executor", "kfp"])
    assert result.exit_code == 0, result.output
    assert "kfp.dsl.executor_main" in out3.read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text("executor: offline\n")
    result = runner.invoke(cli, ["compile", str(SAMPLE), "-o", str(out3), "--config", str(bad)])
    assert result.exit_code == 1 and "executor" in result.output


def test_compiler_api_takes_the_mode(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    compiler.Compiler().compile(adder, str(out), executor="embedded")
    assert all(c[:3] == ["python3", "-c", EMBEDDED_LOADER]
               for c in _commands(yaml.safe_load(out.read_text())))


def test_size_warning_names_size_and_largest_parts() -> None:
    result = compile_documents(adder, executor="embedded")
    text = result.render()
    assert size_diagnostics(text, result.pipeline_spec) == []
    (warning,) = size_diagnostics(text, result.pipeline_spec, limit=1000)
    assert warning.code == "KFL604" and warning.severity == "warning"
    assert "2 lightweight components with the embedded executor" in warning.message
    assert "exec-add" in warning.message and "--executor kfp" in (warning.hint or "")
    (kfp_warning,) = size_diagnostics(compile_documents(adder).render(),
                                      compile_documents(adder).pipeline_spec, limit=1000)
    assert "2 lightweight components (" in kfp_warning.message
    assert "--executor kfp" not in (kfp_warning.hint or "")


def test_size_counts_utf8_bytes() -> None:
    # a header may carry non-ASCII text (a description); the limit is on bytes
    assert size_diagnostics("e" * 600, {}, limit=1000) == []
    (warning,) = size_diagnostics("é" * 600, {}, limit=1000)
    assert warning.got == "1200 bytes"


def test_large_document_warns_from_cli_and_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kfp_lite.compiler import size

    monkeypatch.setattr(size, "LIMIT", 1000)
    result = CliRunner().invoke(cli, ["compile", str(SAMPLE), "-o", str(tmp_path / "p.yaml")])
    assert result.exit_code == 0 and "warning[KFL604]" in result.output
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compiler.Compiler().compile(adder, str(tmp_path / "q.yaml"))
    assert any("KFL604" in str(w.message) for w in caught)


def test_runner_runs_kfp_commands_offline_and_says_so_once(tmp_path: Path) -> None:
    spec = compile_documents(adder).pipeline_spec  # kfp's command: would pip-install kfp
    lines: list[str] = []
    result = local.run(spec, {}, pipeline_root=tmp_path, echo=lines.append)
    assert result.succeeded, lines
    assert result.outputs.parameters == {"Output": 4}
    notes = [line for line in lines if "kfp_lite's own executor" in line]
    assert len(notes) == 1
    embedded = compile_documents(adder, executor="embedded").pipeline_spec
    lines.clear()
    result = local.run(embedded, {}, pipeline_root=tmp_path / "e", echo=lines.append)
    assert result.succeeded and result.outputs.parameters == {"Output": 4}
    assert not [line for line in lines if "kfp_lite's own executor" in line]
