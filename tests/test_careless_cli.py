"""Careless input to the CLI and the APIs users call: a one-line reason and exit 1 or 2, never a
traceback, and nothing written when the command fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kfp_lite import compiler, dsl
from kfp_lite.cli import cli
from kfp_lite.client import Client, ClientError
from kfp_lite.diagnostics import CompileError


@dsl.component
def say(x: str):
    print(x)


@dsl.pipeline(name="careless")
def careless(n: int = 1):
    say(x="a")


PIPELINE = """\
from kfp_lite import dsl


@dsl.component
def say(x: str):
    print(x)


@dsl.pipeline(name="careless")
def careless(n: int = 1):
    say(x="a")
"""

BINARY = bytes(range(256)) * 2


def _invoke(args: list[str]):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture()
def pipeline_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.py"
    path.write_text(PIPELINE)
    return path


@pytest.mark.parametrize("args, exit_code, message", [
    (["compile", "p.py", "-o", "binary.yaml", "--check"], 1,
     "binary.yaml is stale: it is not UTF-8 text, so not a compiled pipeline"),
    (["check-compiled", "p.py=binary.yaml"], 1,
     "binary.yaml is stale: it is not UTF-8 text, so not a compiled pipeline"),
    (["check-compiled", "p.py=missing.yaml"], 1,
     "missing.yaml does not exist: nothing has been compiled there yet"),
])
def test_a_stale_check_of_an_odd_output_is_a_finding(pipeline_file: Path, args: list[str], exit_code: int,
                                                      message: str) -> None:
    (pipeline_file.parent / "binary.yaml").write_bytes(BINARY)
    result = _invoke(args)
    assert result.exit_code == exit_code, result.output
    assert message in result.output
    assert "--check" not in result.output.split(message)[1].splitlines()[0]
    assert (pipeline_file.parent / "binary.yaml").read_bytes() == BINARY  # a check writes nothing


@pytest.mark.parametrize("root", ["p.py/runs", "p.py"])
def test_run_into_an_unusable_pipeline_root_is_a_usage_error(pipeline_file: Path, root: str) -> None:
    result = _invoke(["run", "p.py", "--pipeline-root", root])
    assert result.exit_code == 2, result.output
    assert "KFL007" in result.output or "is a file" in result.output
    assert pipeline_file.read_text() == PIPELINE


@pytest.mark.parametrize("host, message", [
    ("http://", "the host 'http://' names no server"),
    ("http://:8080", "names no server"),
    ("https://kfp:abc", "is not a URL"),
    ("http://kfp:99999", "is not a URL"),
    ("http://[::1", "is not a URL"),
])
def test_submit_with_a_broken_host_says_so_before_any_request(pipeline_file: Path, host: str,
                                                              message: str) -> None:
    result = _invoke(["submit", "p.py", "--host", host])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "cannot reach" not in result.output


@pytest.mark.parametrize("host", ["http://", "https://kfp:abc", "http://[::1"])
def test_client_refuses_a_broken_host(host: str) -> None:
    with pytest.raises(ClientError, match="give e.g. http://localhost:8080"):
        Client(host=host)


def test_submit_shows_the_scheme_warning_as_a_line_not_a_python_warning(pipeline_file: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from kfp_lite.client import transport

    def refuse(self, request, what):  # no network in tests
        raise ClientError(f"cannot reach the Kubeflow Pipelines API at {what}: refused")

    monkeypatch.setattr(transport.Transport, "_send", refuse)
    result = _invoke(["submit", "p.py", "--host", "kfp.example"])
    assert result.exit_code == 2, result.output
    assert "warning: the host kfp.example has no http:// or https:// scheme; using https://" in result.output
    assert "UserWarning" not in result.output


@pytest.mark.parametrize("keywords, code, message", [
    ({"pipeline_name": 3}, "KFL030", "pipeline_name must be a string, got int 3"),
    ({"pipeline_display_name": ["x"]}, "KFL030", "pipeline_display_name must be a string, got list"),
    ({"pipeline_parameters": 3}, "KFL211", "pipeline_parameters must be a mapping"),
    ({"pipeline_parameters": ["n"]}, "KFL211", "pipeline_parameters must be a mapping"),
])
def test_compile_refuses_wrong_argument_types(tmp_path: Path, keywords: dict, code: str, message: str) -> None:
    out = tmp_path / "p.yaml"
    with pytest.raises(CompileError) as caught:
        compiler.Compiler().compile(careless, str(out), **keywords)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == code
    assert diagnostic.message.startswith(message)
    assert not out.exists()


@pytest.mark.parametrize("call, message", [
    (lambda c: c.create_run_from_pipeline_package(None), "the pipeline file must be a file path, got NoneType"),
    (lambda c: c.create_run_from_pipeline_package(3), "the pipeline file must be a file path, got int"),
    (lambda c: c.upload_pipeline(None), "pipeline_package_path must be a file path, got NoneType"),
    (lambda c: c.wait_for_run_completion("r", timeout="soon"),
     "timeout must be a number of seconds or a timedelta, got str"),
])
def test_client_methods_name_a_wrong_argument_type(call, message: str) -> None:
    client = Client(host="http://127.0.0.1:9")  # nothing is sent: each call fails first
    with pytest.raises(TypeError) as caught:
        call(client)
    assert str(caught.value) == message


@pytest.mark.parametrize("host", [3, ["http://kfp"]])
def test_client_host_must_be_a_string(host: object) -> None:
    with pytest.raises(TypeError, match=r"Client\(host=...\) must be a URL string"):
        Client(host=host)


def test_check_of_a_folder_without_pipeline_files_says_none_were_found(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "util.py").write_text("x = 1\n")
    result = _invoke(["check", "empty"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == (
        "0 files checked: no pipeline files found (a pipeline file imports kfp or kfp_lite)")


def test_compile_config_that_is_a_folder_says_so(pipeline_file: Path) -> None:
    (pipeline_file.parent / "conf").mkdir()
    result = _invoke(["compile", "p.py", "-o", "out.yaml", "--config", "conf"])
    assert result.exit_code == 2, result.output
    assert "error[KFL501]: conf is a directory, not a configuration file" in result.output
    assert not (pipeline_file.parent / "out.yaml").exists()


@pytest.mark.parametrize("command", [["run"], ["cache-key", "--task", "t"]])
@pytest.mark.parametrize("content", ["", "[1, 2]\n", "a: 1\n"])
def test_a_yaml_that_is_no_spec_is_named_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              command: list[str], content: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "odd.yaml").write_text(content)
    result = _invoke([command[0], "odd.yaml", *command[1:]])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == "error[KFL010]: odd.yaml: not a compiled pipeline spec (no 'root')"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd.yaml"]


@pytest.mark.parametrize("command", [["run"], ["graph"], ["submit", "--host", "http://127.0.0.1:9"]])
def test_a_device_is_not_a_regular_file_not_a_missing_one(command: list[str]) -> None:
    result = _invoke([command[0], "/dev/null", *command[1:]])
    assert result.exit_code == 2, result.output
    assert "error[KFL001]: /dev/null: is not a regular file" in result.output


def test_config_template_says_how_to_use_it_with_the_path_as_given(pipeline_file: Path) -> None:
    (pipeline_file.parent / "pipelines").mkdir()
    pipeline_file.rename(pipeline_file.parent / "pipelines" / "p.py")
    result = _invoke(["config-template", "pipelines/p.py"])
    assert result.exit_code == 0, result.output
    assert "## Use it with: kfp-lite compile pipelines/p.py -o pipeline.yaml --config run.yaml" in result.output


def _ends(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command run in a child with a time limit: reading a device or a pipe forever is
    the failure looked for, and it must not hang the suite."""
    return subprocess.run([sys.executable, "-m", "kfp_lite", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("command", [["compile", "-o", "out.yaml"], ["check"], ["config-template"]])
def test_a_device_given_as_the_pipeline_file_is_refused_not_read(tmp_path: Path, command: list[str]) -> None:
    result = _ends([command[0], "/dev/zero", *command[1:]], tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error[KFL001]: /dev/zero is not a regular file" in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_check_of_a_folder_skips_pipes_and_links_to_devices(tmp_path: Path) -> None:
    (tmp_path / "p.py").write_text(PIPELINE)
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    result = _ends(["check", "."], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file checked: no problems" in result.stdout + result.stderr
