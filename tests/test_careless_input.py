"""Mistakes that used to pass in silence: unknown keywords, JSON output that drops platform
settings, a file without a pipeline, a str value ordered against a number in a condition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kfp_lite import compiler, dsl, kubernetes
from kfp_lite.cli import cli
from kfp_lite.diagnostics import CompileError
from kfp_lite.dsl.keywords import UnknownKeywordError


@dsl.component
def emit_text() -> str:
    return "3"


@dsl.component
def show(x: str):
    print(x)


@dsl.pipeline(name="plain")
def plain(n: int = 1):
    show(x="a")


# -- unknown keywords -------------------------------------------------------------------------


def test_compile_refuses_an_unknown_keyword_with_did_you_mean(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    with pytest.raises(UnknownKeywordError) as caught:
        compiler.Compiler().compile(plain, str(out), pipline_name="other")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "KFL012"
    assert diagnostic.message == "Compiler().compile() got an unknown keyword argument 'pipline_name'"
    assert diagnostic.hint == "did you mean 'pipeline_name'?"
    assert diagnostic.location is not None and diagnostic.location.file == __file__
    assert isinstance(caught.value, TypeError)  # as Python (and kfp) raise it
    assert not out.exists()


def test_with_options_refuses_an_unknown_keyword() -> None:
    with pytest.raises(UnknownKeywordError, match="'enable_cahce'.*did you mean 'enable_cache'"):
        plain.with_options(enable_cahce=False)


def test_with_options_still_takes_its_keywords(tmp_path: Path) -> None:
    configured = plain.with_options(enable_cache=False)
    spec = compiler.compile_documents(configured).pipeline_spec
    (task,) = spec["root"]["dag"]["tasks"].values()
    assert task["cachingOptions"] == {}
    assert plain.options.get("enable_cache") is None


def test_an_unknown_keyword_at_import_is_a_placed_cli_error(tmp_path: Path) -> None:
    source = tmp_path / "p.py"
    source.write_text(
        "from kfp_lite import dsl\n\n@dsl.component\ndef c(): pass\n\n"
        "@dsl.pipeline(name='p')\ndef p():\n    c()\n\n"
        "q = p.with_options(enable_cahce=False)\n")
    result = CliRunner().invoke(cli, ["compile", str(source), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 2
    assert "p.py:10:" in result.output and "error[KFL012]" in result.output
    assert "did you mean 'enable_cache'?" in result.output
    assert "Traceback" not in result.output


# -- .json output ------------------------------------------------------------------------------


@dsl.pipeline(name="with-secret")
def with_secret():
    task = show(x="a")
    kubernetes.use_secret_as_env(task, secret_name="s", secret_key_to_env={"k": "K"})


def test_json_output_refuses_platform_settings_as_kfp_does(tmp_path: Path) -> None:
    # kfp 2.17.3: ValueError "Platform-specific features are only supported when serializing
    # to YAML", after opening (and emptying) the output file; kfp_lite leaves it untouched
    out = tmp_path / "p.json"
    out.write_text("before")
    with pytest.raises(CompileError, match="kubernetes settings.*cannot hold") as caught:
        compiler.Compiler().compile(with_secret, str(out))
    assert caught.value.diagnostics[0].code == "KFL007"
    assert out.read_text() == "before"


def test_cli_json_output_refuses_platform_settings(tmp_path: Path) -> None:
    source = tmp_path / "p.py"
    source.write_text(
        "from kfp_lite import dsl, kubernetes\n\n@dsl.component\ndef c(): pass\n\n"
        "@dsl.pipeline(name='p')\ndef p():\n    t = c()\n"
        "    kubernetes.use_secret_as_env(t, secret_name='s', secret_key_to_env={'k': 'K'})\n")
    out = tmp_path / "o.json"
    result = CliRunner().invoke(cli, ["compile", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "KFL007" in result.output and "write .yaml instead" in result.output
    assert not out.exists()


def test_json_output_without_platform_settings_is_the_spec(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    compiler.Compiler().compile(plain, str(out))
    assert json.loads(out.read_text()) == compiler.compile_documents(plain).pipeline_spec


# -- a file without a pipeline ---------------------------------------------------------------


def test_compiling_a_lone_component_says_so(tmp_path: Path) -> None:
    source = tmp_path / "lone.py"
    source.write_text("from kfp_lite import dsl\n\n\n@dsl.component\ndef add(a: int) -> int:\n    return a\n")
    out = tmp_path / "o.yaml"
    result = CliRunner().invoke(cli, ["compile", str(source), "-o", str(out)])
    assert result.exit_code == 0
    assert "lone.py:5:1: warning[KFL013]: " in result.output
    assert "defines no @dsl.pipeline; compiled the component 'add' alone" in result.output
    assert out.exists()
    named = CliRunner().invoke(cli, ["compile", str(source), "-o", str(out), "--function", "add"])
    assert named.exit_code == 0 and "KFL013" not in named.output


# -- a str value ordered against a number ------------------------------------------------------


def _condition_errors(condition: str) -> list:
    namespace = {"dsl": dsl, "emit_text": emit_text, "show": show}
    exec(  # noqa: S102 - builds the pipeline around the condition under test
        "@dsl.pipeline(name='c')\n"
        "def pipe(text: str = 'a', number: int = 1, items: list = [1]):\n"
        "    t = emit_text()\n"
        f"    with dsl.If({condition}):\n"
        "        show(x='y')\n", namespace)
    try:
        compiler.compile_documents(namespace["pipe"])
    except CompileError as exc:
        return exc.errors
    return []


@pytest.mark.parametrize("condition, operator, hint", [
    ("t.output < 5", "<", "annotate the output of 'emit-text' as int or float"),
    ("5 <= t.output", ">=", "annotate the output of 'emit-text' as int or float"),
    ("text > 1.5", ">", "declare the pipeline parameter 'text' as int or float"),
    ("t.output >= 0", ">=", "quote the constant if text order is meant: '0'"),
])
def test_ordering_a_str_against_a_number_is_an_error(condition: str, operator: str, hint: str) -> None:
    (error,) = _condition_errors(condition)
    assert error.code == "KFL302"
    assert "against the number" in error.message and f"with '{operator}'" in error.message
    assert "compare them as text" in error.message
    assert hint in error.hint
    assert error.location is not None and error.location.line == 4


@pytest.mark.parametrize("condition", ["t.output == 5", "t.output != 5", "t.output < '5'",
                                       "number < 5", "text == 'a'"])
def test_comparisons_that_mean_what_they_say_stay_allowed(condition: str) -> None:
    assert _condition_errors(condition) == []
