"""Values that enter a pipeline: ``-p`` text stays literal; NaN, infinity and integers a double
cannot hold are refused wherever they come from (defaults, ``-p``, config, API arguments)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kfp_lite import compiler, dsl
from kfp_lite.cli import cli
from kfp_lite.diagnostics import CompileError
from kfp_lite.ir_types import MAX_EXACT_INTEGER, number_problem

PIPELINE = '''
from kfp_lite import dsl

@dsl.component
def echo(text: str, n: int = 1, x: float = 1.0, values: list = []) -> str:
    print("GOT", text)
    return text

@dsl.pipeline(name="values")
def pipe(text: str = "x", n: int = 1, x: float = 1.0, values: list = []):
    echo(text=text, n=n, x=x, values=values)
'''


@pytest.fixture
def pipeline_file(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.py"
    path.write_text(PIPELINE)
    return path


def _cli(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


# -- -p values are literal text ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["{{$.pipeline_root}}", "{{$.inputs.parameters['text']}}",
                                  "{{$}}", "a {{$.pipeline_job_name}} b"])
def test_compile_keeps_placeholder_text_in_p_values(text: str, tmp_path: Path,
                                                    pipeline_file: Path) -> None:
    out = tmp_path / "out.yaml"
    result = _cli("compile", str(pipeline_file), "-o", str(out), "-p", f"text={text}")
    assert result.exit_code == 0, result.output
    spec = yaml.safe_load(out.read_text())
    assert spec["root"]["inputDefinitions"]["parameters"]["text"]["defaultValue"] == text


def test_run_passes_placeholder_text_in_p_values_unchanged(tmp_path: Path, pipeline_file: Path) -> None:
    root = tmp_path / "runs"
    text = "{{$.pipeline_root}}/{{$.pipeline_job_name}}"
    result = _cli("run", str(pipeline_file), "--pipeline-root", str(root), "-p", f"text={text}")
    assert result.exit_code == 0, result.output
    (output,) = root.glob("values-*/echo/executor_output.json")
    assert json.loads(output.read_text())["parameterValues"]["Output"] == text


def test_run_still_fills_placeholders_the_compiler_wrote(tmp_path: Path) -> None:
    source = tmp_path / "fstring.py"
    source.write_text(PIPELINE.replace("echo(text=text,", "echo(text=f'{dsl.PIPELINE_ROOT_PLACEHOLDER}/x',"))
    root = tmp_path / "runs"
    result = _cli("run", str(source), "--pipeline-root", str(root))
    assert result.exit_code == 0, result.output
    (output,) = root.glob("values-*/echo/executor_output.json")
    assert json.loads(output.read_text())["parameterValues"]["Output"] == f"{root.resolve()}/x"


# -- numbers a pipeline cannot hold -----------------------------------------------------------


@pytest.mark.parametrize("value, reason", [
    (math.nan, "is NaN"), (math.inf, "is infinity"), (-math.inf, "is -infinity"),
    (MAX_EXACT_INTEGER + 1, "beyond +/-2**53"), (-(10**400), "of 401 digits"),
    ([1.0, {"a": math.nan}], "is NaN"), ({"k": [10**20]}, "100000000000000000000"),
])
def test_number_problem(value: object, reason: str) -> None:
    problem = number_problem(value)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("value", [0, 1.5, MAX_EXACT_INTEGER, -MAX_EXACT_INTEGER, True, "nan",
                                   [1, [2.0, {"a": None}]]])
def test_numbers_a_pipeline_can_hold(value: object) -> None:
    assert number_problem(value) is None


def test_number_problem_survives_self_reference() -> None:
    loop: list = [1]
    loop.append(loop)
    assert number_problem(loop) is None


@pytest.mark.parametrize("option, reason", [
    ("x=.nan", "is NaN"), ("x=.inf", "is infinity"), ("x=1.0e+999", "is infinity"),
    ("n=9007199254740993", "beyond +/-2**53"), ("values=[1, .nan]", "is NaN"),
])
@pytest.mark.parametrize("command", ["compile", "run"])
def test_p_values_refuse_unstorable_numbers(command: str, option: str, reason: str,
                                            tmp_path: Path, pipeline_file: Path) -> None:
    extra = ["-o", str(tmp_path / "o.yaml")] if command == "compile" else [
        "--pipeline-root", str(tmp_path / "runs")]
    result = _cli(command, str(pipeline_file), *extra, "-p", option)
    assert result.exit_code == 2, result.output
    assert "KFL008" in result.output and reason in result.output
    assert "Traceback" not in result.output


def test_pipeline_parameters_json_refuses_nan(tmp_path: Path, pipeline_file: Path) -> None:
    result = _cli("compile", str(pipeline_file), "-o", str(tmp_path / "o.yaml"),
                  "--pipeline-parameters", '{"x": NaN}')
    assert result.exit_code == 2
    assert "KFL008" in result.output and "is NaN" in result.output


@pytest.mark.parametrize("line, reason", [
    ("  x: .nan", "is NaN"), ("  x: -.inf", "is -infinity"), ("  n: 18014398509481984", "beyond"),
])
def test_config_files_refuse_unstorable_numbers(line: str, reason: str, tmp_path: Path,
                                                pipeline_file: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(f"parameters:\n{line}\n")
    result = _cli("compile", str(pipeline_file), "-o", str(tmp_path / "o.yaml"), "--config", str(config))
    assert result.exit_code == 1, result.output
    assert "KFL504" in result.output and reason in result.output
    assert f"{config.name}:2:" in result.output


def test_defaults_in_code_refuse_unstorable_numbers() -> None:
    @dsl.component
    def comp(x: float = float("nan"), n: int = 2**60) -> float:
        return x

    @dsl.pipeline(name="p")
    def pipe(y: float = float("inf")):
        comp()

    with pytest.raises(CompileError) as caught:
        compiler.compile_documents(pipe)
    messages = sorted((d.code, d.message) for d in caught.value.diagnostics)
    assert [code for code, _ in messages] == ["KFL103", "KFL103", "KFL103"]
    assert any("'x'" in m and "is NaN" in m for _, m in messages)
    assert any("'n'" in m and "beyond +/-2**53" in m for _, m in messages)
    assert any("'y'" in m and "is infinity" in m for _, m in messages)


def test_constant_arguments_refuse_unstorable_numbers() -> None:
    @dsl.component
    def comp(x: float, values: list) -> float:
        return x

    @dsl.pipeline(name="p")
    def pipe():
        comp(x=float("-inf"), values=[1, 2**64])

    with pytest.raises(CompileError) as caught:
        compiler.compile_documents(pipe)
    found = sorted((d.code, d.message) for d in caught.value.diagnostics)
    assert [code for code, _ in found] == ["KFL208", "KFL208"]
    assert "input 'x' of task 'comp' got a constant that is -infinity" in found[1][1] + found[0][1]


def test_compiler_pipeline_parameters_refuse_unstorable_numbers(tmp_path: Path) -> None:
    @dsl.component
    def comp(n: int) -> int:
        return n

    @dsl.pipeline(name="p")
    def pipe(n: int = 1):
        comp(n=n)

    with pytest.raises(CompileError, match="KFL211.*beyond") as caught:
        compiler.Compiler().compile(pipe, str(tmp_path / "o.yaml"), pipeline_parameters={"n": 2**53 + 1})
    assert caught.value.diagnostics[0].code == "KFL211"
    assert not (tmp_path / "o.yaml").exists()
