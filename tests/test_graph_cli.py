"""``kfp-lite graph`` from the command line: formats, output files and user mistakes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from kfp_lite.cli import cli

DATA = Path(__file__).parent / "data" / "graph"
EXPECTED = DATA / "expected"


def run(*args: str):
    return CliRunner().invoke(cli, ["graph", *args])


def test_yaml_to_mermaid_on_stdout():
    result = run(str(DATA / "loop.yaml"))
    assert result.exit_code == 0, result.output
    assert result.output == (EXPECTED / "loop.mmd").read_text()


def test_dot_format_and_output_file(tmp_path):
    out = tmp_path / "loop.txt"
    result = run(str(DATA / "loop.yaml"), "--format", "dot", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert out.read_text() == (EXPECTED / "loop.dot").read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["loop.txt"]  # no temporary left behind


def test_dot_extension_chooses_dot(tmp_path):
    out = tmp_path / "chain.gv"
    assert run(str(DATA / "chain.yaml"), "-o", str(out)).exit_code == 0
    assert out.read_text() == (EXPECTED / "chain.dot").read_text()


def test_missing_file():
    result = run("no/such/pipeline.yaml")
    assert result.exit_code == 2
    assert "error[KFL001]: no/such/pipeline.yaml: does not exist" in result.output
    assert "Traceback" not in result.output


def test_unreadable_yaml(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n")
    result = run(str(bad))
    assert result.exit_code == 2
    assert "error[KFL010]" in result.output and "cannot read YAML" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["just text\n", "a: 1\n", "", "- 1\n"])
def test_not_a_pipeline_spec(tmp_path, text):
    other = tmp_path / "other.yaml"
    other.write_text(text)
    result = run(str(other))
    assert result.exit_code == 2
    assert "not a KFP pipeline spec" in result.output
    assert "Traceback" not in result.output


def test_failure_leaves_existing_output_untouched(tmp_path):
    out = tmp_path / "graph.mmd"
    out.write_text("previous\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\n")
    assert run(str(bad), "-o", str(out)).exit_code == 2
    assert out.read_text() == "previous\n"


def test_unwritable_output(tmp_path):
    result = run(str(DATA / "chain.yaml"), "-o", str(tmp_path / "missing" / "g.mmd"))
    assert result.exit_code == 2
    assert "error[KFL007]" in result.output


def test_help_shows_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "kfp-lite graph" in result.output and "--format" in result.output


def test_python_module_that_fails_to_import(tmp_path):
    source = tmp_path / "broken.py"
    source.write_text("x = 1\nraise RuntimeError('boom')\n")
    result = run(str(source))
    assert result.exit_code == 2
    assert "error[KFL003]" in result.output and "broken.py:2" in result.output
    assert "Traceback" not in result.output


def test_python_module_with_syntax_error(tmp_path):
    source = tmp_path / "typo.py"
    source.write_text("def f(:\n")
    result = run(str(source))
    assert result.exit_code == 2
    assert "error[KFL002]" in result.output


needs_compiler = pytest.mark.skipif(
    importlib.util.find_spec("kfp_lite.compiler") is None, reason="the compiler is not there yet"
)


@needs_compiler
@pytest.mark.parametrize(
    "name, options",
    [
        ("chain", []),
        ("condition", []),
        ("exit_handler", []),
        ("loop", []),
        ("nested", ["--function", "outer"]),
    ],
)
def test_python_file_draws_like_kfps_spec(name, options):
    """kfp_lite compiles the same source to the same spec as kfp, so the drawing matches."""
    result = run(str(DATA / "sources" / f"{name}.py"), *options)
    assert result.exit_code == 0, result.output
    assert result.output == (EXPECTED / f"{name}.mmd").read_text()


@needs_compiler
def test_python_file_function_option(tmp_path):
    result = run(str(DATA / "sources" / "nested.py"), "--function", "inner")
    assert result.exit_code == 0, result.output
    assert "task_produce" in result.output and "pipeline: inner" not in result.output
    result = run(str(DATA / "sources" / "nested.py"), "--function", "nope")
    assert result.exit_code == 2 and "error[KFL006]" in result.output
