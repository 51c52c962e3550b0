"""``kfp-lite check`` and the failure paths of ``kfp-lite compile``: formats, exit codes, no tracebacks."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from kfp_lite.cli import cli

GOOD = """\
from kfp_lite import dsl


@dsl.component
def op(x: int = 1) -> int:
    return x


@dsl.pipeline
def inner(n: int = 1) -> int:
    return op(x=n).output


@dsl.pipeline
def first():
    inner(n=2)


@dsl.pipeline
def second():
    op()
"""

BAD = """\
from kfp_lite import dsl


@dsl.component
def op(x: int = 1) -> int:
    return x


@dsl.component
def text() -> str:
    return ""


@dsl.pipeline
def broken():
    op(x=text().output)
    op(y=1)
"""


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(GOOD)
    bad = tmp_path / "bad.py"
    bad.write_text(BAD)
    return good, bad


def test_clean_file_exits_0_with_summary_on_stderr(files):
    result = _run("check", str(files[0]))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "1 file checked: no problems" in result.stderr


def test_errors_exit_1_sorted_text(files):
    result = _run("check", str(files[1]), str(files[0]))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  hint")]
    assert len(lines) == 2
    assert lines[0].startswith(f"{files[1]}:16:") and "error[KFL201]" in lines[0]
    assert lines[1].startswith(f"{files[1]}:17:") and "error[KFL203]" in lines[1]
    assert "2 files checked: 2 errors, 0 warnings" in result.stderr


def test_json_format_parses_back(files):
    result = _run("check", str(files[1]), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    entries = data["diagnostics"]
    assert [e["code"] for e in entries] == ["KFL201", "KFL203"]
    first = entries[0]
    assert set(first) == {"code", "severity", "message", "file", "line", "column", "task_path", "hint"}
    assert first["severity"] == "error" and first["line"] == 16 and first["column"] >= 1
    assert first["task_path"] == "broken/op" and "expects parameter of type int" in first["message"]
    assert result.stderr == ""


def test_json_format_of_a_clean_file(files):
    result = _run("check", str(files[0]), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"diagnostics": []}


def test_github_format(files):
    result = _run("check", str(files[1]), "--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"::error file={files[1]},line=16,col=")
    assert "title=KFL201::" in lines[0] and "(hint: " in lines[0]


def test_disable_type_check_turns_type_errors_into_warnings(files):
    result = _run("check", str(files[1]), "--disable-type-check")
    assert "warning[KFL201]" in result.stdout and "error[KFL203]" in result.stdout
    assert result.exit_code == 1  # the unknown argument is still an error


def test_nested_pipeline_is_checked_once_through_its_parent(tmp_path):
    path = tmp_path / "nested.py"
    path.write_text(GOOD.replace("return op(x=n).output", "return op(x=n, z=1).output"))
    result = _run("check", str(path), "--format", "json")
    codes = [e["code"] for e in json.loads(result.stdout)["diagnostics"]]
    assert codes == ["KFL203"]


def test_function_option_restricts_and_unknown_function_is_usage(files):
    result = _run("check", str(files[1]), "--function", "op")
    assert result.exit_code == 0
    result = _run("check", str(files[1]), "--function", "brokn")
    assert result.exit_code == 2
    assert "KFL006" in result.stdout and "did you mean 'broken'" in result.stdout


def test_lone_component_is_checked(tmp_path):
    path = tmp_path / "comp.py"
    path.write_text("from kfp_lite import dsl\n\n@dsl.component\ndef f(n: int = 'x') -> int:\n    return n\n")
    result = _run("check", str(path))
    assert result.exit_code == 1 and "KFL103" in result.stdout


def test_import_failure_is_2_and_other_files_still_checked(tmp_path, files):
    raising = tmp_path / "raising.py"
    raising.write_text("import os\n\n\ndef helper():\n    raise RuntimeError('no config')\n\n\nhelper()\n")
    result = _run("check", str(raising), str(files[1]))
    assert result.exit_code == 2
    assert f"{raising}:5:1: error[KFL003]" in result.stdout
    assert "RuntimeError: no config" in result.stdout
    assert "KFL201" in result.stdout  # the other file was checked too
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name, content, code", [
    ("missing.py", None, "KFL001"),
    ("syntax.py", "def f(:\n", "KFL002"),
    ("exits.py", "import sys\nsys.exit(3)\n", "KFL003"),
    ("empty.py", "x = 1\n", "KFL004"),
])
def test_bad_files_no_traceback(tmp_path, name, content, code):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    for args in (["check", str(path)], ["compile", str(path), "-o", str(tmp_path / "out.yaml")]):
        result = _run(*args)
        assert result.exit_code == 2, result.output
        assert code in result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize("extra, code, words", [
    ([], "KFL005", "first, second"),
    (["--function", "thrid"], "KFL006", "'thrid'"),
    (["--function", "first", "-p", "x"], "KFL008", "NAME=VALUE"),
    (["--function", "inner", "-p", "n=abc"], "KFL008", "-p n="),
    (["--function", "inner", "-p", "m=3"], "KFL008", "its parameters are: n"),
])
def test_compile_usage_errors_no_traceback(files, tmp_path, extra, code, words):
    result = _run("compile", str(files[0]), "-o", str(tmp_path / "out.yaml"), *extra)
    assert result.exit_code == 2, result.output
    assert code in result.output and words in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_compile_to_missing_directory(files, tmp_path):
    result = _run("compile", str(files[0]), "--function", "second", "-o", str(tmp_path / "no" / "out.yaml"))
    assert result.exit_code == 2
    assert "KFL007" in result.output and "Traceback" not in result.output


def test_failed_compile_leaves_existing_output_byte_identical(files, tmp_path):
    out = tmp_path / "out.yaml"
    original = b"# an earlier, good compile\nkeep: me\n"
    out.write_bytes(original)
    result = _run("compile", str(files[1]), "-o", str(out))
    assert result.exit_code == 1
    assert "KFL201" in result.output and "nothing was written" in result.output
    assert out.read_bytes() == original


def test_compile_import_error_shows_user_line(tmp_path):
    path = tmp_path / "user.py"
    path.write_text(textwrap.dedent("""\
        from kfp_lite import dsl
        import not_a_real_module_for_kfp_lite_tests
        """))
    result = _run("compile", str(path), "-o", str(tmp_path / "o.yaml"))
    assert result.exit_code == 2
    assert f"{path}:2:1: error[KFL003]" in result.output
    assert "install the module 'not_a_real_module_for_kfp_lite_tests'" in result.output
    assert "Traceback" not in result.output


def test_check_help_has_an_example():
    result = _run("check", "--help")
    assert result.exit_code == 0 and "kfp-lite check pipelines/*.py" in result.output
