"""Materialized values: the interface, the checks, the shipped wrapper, and runs of it.

Stand-in types from the standard library (``fractions.Fraction``, ``decimal.Decimal`` in the sample) play the part of third-party
ones, so the tests need neither pandas nor numpy.
"""

from __future__ import annotations

import fractions
import functools
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
from pathlib import Path
from typing import List, NamedTuple

import pytest
import yaml
from kfp_lite.compiler import compile_documents, compile_text

from kfp_lite import dsl, local
from kfp_lite.diagnostics import CompileError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "materialized_values_pipeline.py"


class Stamp:
    """A type no built-in materializer handles."""


class FractionText(dsl.Materializer):
    types = (fractions.Fraction,)

    def save(self, value, path):
        with open(path, "w") as handle:
            handle.write(str(value))

    def load(self, path):
        import fractions

        with open(path) as handle:
            return fractions.Fraction(handle.read())


def _codes(error: CompileError) -> list[str]:
    return [d.code for d in error.diagnostics]


# ---------------------------------------------------------------- interface


def test_types_with_a_materializer_become_artifacts_and_json_types_stay_parameters() -> None:
    @dsl.component
    def step(blob: bytes, folder: pathlib.Path, n: int, text: str) -> bytes:
        return blob

    spec = step.component_spec
    assert {name: (i.type.type_text, i.style) for name, i in spec.inputs.items()} == {
        "blob": ("system.Artifact@0.0.1", "materialized"),
        "folder": ("system.Artifact@0.0.1", "materialized"),
        "n": ("Integer", "value"),
        "text": ("String", "value"),
    }
    assert spec.outputs["Output"].materialized.materializer is dsl.BytesMaterializer
    assert spec.inputs["folder"].description == "kfp_lite materialized pathlib.Path with PathMaterializer"
    assert spec.diagnostics == []


def test_materialized_str_opts_in_and_custom_materializers_register_by_defining_them() -> None:
    @dsl.component
    def step(report: dsl.Materialized[str], amount: fractions.Fraction) -> dsl.Materialized[str]:
        return report

    spec = step.component_spec
    assert spec.inputs["report"].materialized.materializer is dsl.TextMaterializer
    assert spec.inputs["amount"].materialized.materializer is FractionText
    assert spec.outputs["Output"].type.type_text == "system.Artifact@0.0.1"


def test_dataframe_and_ndarray_are_datasets_by_name_without_importing_the_libraries() -> None:
    assert dsl.DataFrameMaterializer.artifact_type == "system.Dataset"
    assert dsl.DataFrameMaterializer.types == ("pandas.DataFrame",)
    assert dsl.NumpyMaterializer.types == ("numpy.ndarray",)
    from kfp_lite.dsl.materialized import handles

    fake = type("DataFrame", (), {"__module__": "pandas.core.frame"})
    assert handles(dsl.DataFrameMaterializer, fake)
    assert not handles(dsl.NumpyMaterializer, fake)


def test_pickle_is_explicit_and_warns() -> None:
    @dsl.component(output_materializers={"Output": dsl.PickleMaterializer})
    def step() -> dict:
        return {}

    spec = step.component_spec
    assert spec.outputs["Output"].materialized.materializer is dsl.PickleMaterializer
    assert [(d.code, d.severity) for d in spec.diagnostics] == [("KFL141", "warning")]

    @dsl.component
    def plain() -> dict:
        return {}

    assert plain.component_spec.outputs["Output"].style == "return"


def test_bad_materializers_are_reported() -> None:
    @dsl.component(input_materializers={"x": dict})
    def given_a_dict(x: Stamp) -> int:
        return 1

    assert [d.code for d in given_a_dict.component_spec.diagnostics] == ["KFL140"]

    @dsl.component
    def unknown(x: dsl.Materialized[Stamp]) -> int:
        return 1

    assert [d.code for d in unknown.component_spec.diagnostics] == ["KFL140"]

    class Local(dsl.Materializer):
        types = (Stamp,)
        implicit = False

    @dsl.component(input_materializers=Local)
    def local_one(x: Stamp) -> int:
        return 1

    problems = local_one.component_spec.diagnostics
    assert [d.code for d in problems] == ["KFL140"] and "inside a function" in problems[0].message


# ---------------------------------------------------------------- checks


@dsl.component
def make_bytes() -> bytes:
    return b"x"


@dsl.component
def take_int(n: int) -> int:
    return n


@dsl.component
def take_fraction(d: fractions.Fraction) -> str:
    return str(d)


def test_materialized_output_into_a_parameter_is_a_type_mismatch_naming_the_python_type() -> None:
    @dsl.pipeline
    def p():
        take_int(n=make_bytes().output)

    with pytest.raises(CompileError) as caught:
        compile_text(p)
    (found,) = caught.value.diagnostics
    assert found.code == "KFL201"
    assert "a bytes stored by BytesMaterializer" in found.message
    assert found.hint.startswith("annotate 'n: bytes'")
    assert found.location is not None and found.location.line > 0


def test_materialized_output_into_another_python_type_is_kfl220() -> None:
    @dsl.pipeline
    def p():
        take_fraction(d=make_bytes().output)

    with pytest.raises(CompileError) as caught:
        compile_text(p)
    (found,) = caught.value.diagnostics
    assert (found.code, found.expected, found.got) == ("KFL220", "fractions.Fraction", "bytes")


# ---------------------------------------------------------------- the shipped program


def test_strip_annotations_keeps_everything_else() -> None:
    from kfp_lite.compiler.materialized_source import strip_annotations

    source = ("def f(a: pd.DataFrame, b: int = 3, *, c: 'Dict[str, int]' = None) -> \\\n"
              "        NamedTuple('O', [('x', np.ndarray)]):\n    return a  # é\n")
    assert strip_annotations(source) == "def f(a, b = 3, *, c = None):\n    return a  # é\n"


@functools.lru_cache(maxsize=1)
def _load_sample():
    spec = importlib.util.spec_from_file_location("_materialized_sample", SAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # inspect reads the materializer's source through it
    spec.loader.exec_module(module)
    return module


def test_the_sample_compiles_to_valid_plain_kfp_ir() -> None:
    from kfp_lite import ir_schema

    result = compile_documents(_load_sample().materialized_values)
    document = yaml.safe_load(compile_text(_load_sample().materialized_values))
    assert ir_schema.validate(document) == []
    bundle = document["components"]["comp-bundle"]
    assert bundle["inputDefinitions"]["artifacts"]["chunks"] == {
        "artifactType": {"schemaTitle": "system.Artifact", "schemaVersion": "0.0.1"},
        "description": "kfp_lite materialized bytes with BytesMaterializer",
        "isArtifactList": True,
    }
    assert set(bundle["outputDefinitions"]["artifacts"]) == {"folder"}
    assert set(bundle["outputDefinitions"]["parameters"]) == {"count"}
    assert not any(d.is_error for d in result.diagnostics)


def _program(document: dict, name: str) -> tuple[str, str]:
    container = document["deploymentSpec"]["executors"][f"exec-{name}"]["container"]
    source = next(part for part in container["command"] if "def " in part and "kfp_lite_save" in part)
    return source, container["args"][-1]


def test_the_wrapper_is_what_the_executor_calls() -> None:
    document = yaml.safe_load(compile_text(_load_sample().materialized_values))
    source, function = _program(document, "bundle")
    assert function == "bundle_materialized"
    assert "def bundle(chunks):" in source  # annotations stripped: pathlib need not exist there
    assert ("def bundle_materialized(chunks: Input[List[Artifact]], folder: Output[Artifact])"
            " -> NamedTuple('Outputs', [('count', int)]):") in source
    assert "class BytesMaterializer(Materializer):" in source and "class PathMaterializer" in source
    decimal_source, _ = _program(document, "average-size")
    assert "types = " not in decimal_source.split("class DecimalMaterializer")[1].split("def ")[0]


# ---------------------------------------------------------------- running


def _run(spec: dict, root: Path, args: dict) -> local.RunResult:
    return local.run(spec, args, pipeline_root=root, retry_backoff_scale=0, echo=lambda line: None)


def test_the_sample_runs_locally_with_fan_out_and_the_cache(tmp_path: Path) -> None:
    spec = yaml.safe_load(compile_text(_load_sample().materialized_values))
    first = _run(spec, tmp_path, {"repeat": 3})
    assert first.succeeded, first.lines if hasattr(first, "lines") else first
    assert first.outputs.parameters == {"Output": "average part size: 13.000 bytes"}
    again = _run(spec, tmp_path, {"repeat": 3})
    assert {record.state for record in again.tasks.values() if "iteration" not in record.path} >= {"CACHED"}
    assert all(r.state in ("CACHED", "SUCCEEDED") for r in again.tasks.values())
    assert again.tasks["bundle"].state == "CACHED"
    # a new repeat changes the chunks' contents: everything downstream of them runs again
    other = _run(spec, tmp_path, {"repeat": 4})
    assert other.tasks["bundle"].state == "SUCCEEDED"
    assert other.outputs.parameters == {"Output": "average part size: 17.333 bytes"}


def test_outputs_record_their_materializer_in_the_artifact_metadata(tmp_path: Path) -> None:
    spec = yaml.safe_load(compile_text(_load_sample().materialized_values))
    result = _run(spec, tmp_path, {"repeat": 1})
    assert result.succeeded
    outputs = [json.loads(p.read_text()) for p in tmp_path.rglob("executor_output.json")
               if p.parent.name == "bundle"]
    (written,) = outputs
    (folder,) = written["artifacts"]["folder"]["artifacts"]
    assert folder["metadata"] == {"materializer": "PathMaterializer", "python_type": "pathlib.PosixPath",
                                  "path_kind": "folder"}


KFP_PYTHON = os.environ.get("KFP_REFERENCE_PYTHON", "/work/kfp-venv/bin/python")


@pytest.mark.skipif(not os.path.exists(KFP_PYTHON), reason="the reference kfp SDK is not installed")
def test_kfp_executor_main_runs_the_wrapper(tmp_path: Path) -> None:
    """kfp 2.17.3's own executor calls the generated wrapper with plain artifacts."""
    document = yaml.safe_load(compile_text(_load_sample().materialized_values))
    source, function = _program(document, "chunk")
    module = tmp_path / "component.py"
    module.write_text(source.replace("from kfp_lite import dsl", "from kfp import dsl")
                      .replace("from kfp_lite.dsl import *", "from kfp.dsl import *"))
    out = tmp_path / "out"
    executor_input = {
        "inputs": {"parameterValues": {"word": "ab", "repeat": 2}},
        "outputs": {"artifacts": {"Output": {"artifacts": [{
            "name": "Output", "type": {"schemaTitle": "system.Artifact"},
            "uri": str(out / "Output"), "metadata": {}}]}},
            "outputFile": str(out / "executor_output.json")},
    }
    ran = subprocess.run([KFP_PYTHON, "-m", "kfp.dsl.executor_main", "--component_module_path",
                          str(module), "--executor_input", json.dumps(executor_input),
                          "--function_to_execute", function], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert (out / "Output").read_bytes() == b"abab"
    written = json.loads((out / "executor_output.json").read_text())
    assert written["artifacts"]["Output"]["artifacts"][0]["metadata"] == {
        "materializer": "BytesMaterializer", "python_type": "builtins.bytes"}


def test_list_of_materialized_outputs_is_a_list_input() -> None:
    @dsl.component
    def join(parts: List[bytes]) -> NamedTuple("O", [("size", int)]):
        return (sum(len(p) for p in parts),)

    assert join.component_spec.inputs["parts"].type.is_list


def test_the_embedded_executor_runs_the_wrapper_too(tmp_path: Path) -> None:
    spec = compile_documents(_load_sample().materialized_values, executor="embedded").pipeline_spec
    commands = [e["container"]["command"] for e in spec["deploymentSpec"]["executors"].values()]
    assert all(command[:2] == ["python3", "-c"] for command in commands)
    result = _run(spec, tmp_path, {"repeat": 2})
    assert result.succeeded
    assert result.outputs.parameters == {"Output": "average part size: 8.667 bytes"}


# ---------------------------------------------------------------- the built-in materializers


class _Frame:
    """Stands in for a DataFrame: records which writer was used."""

    def to_csv(self, path, index):
        Path(path).write_text("a,b\n1,2\n")

    def to_parquet(self, path):
        Path(path).write_bytes(b"PAR1")


def test_dataframe_format_is_chosen_when_writing_and_recorded(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import fails: CSV
    assert dsl.DataFrameMaterializer().save(_Frame(), str(tmp_path / "csv")) == {"format": "csv"}
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["data.csv"]
    monkeypatch.setitem(sys.modules, "pyarrow", type(sys)("pyarrow"))
    assert dsl.DataFrameMaterializer().save(_Frame(), str(tmp_path / "pq")) == {"format": "parquet"}
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == ["data.parquet"]


@pytest.mark.parametrize(("materializer", "value"), [
    (dsl.BytesMaterializer, b"\x00\xffdata"),
    (dsl.TextMaterializer, "ünïcode\n" * 3),
    (dsl.PickleMaterializer, {"a": [1, 2.5, None]}),
])
def test_round_trips(materializer: type, value: object, tmp_path: Path) -> None:
    path = str(tmp_path / "value")
    materializer().save(value, path)
    assert materializer().load(path) == value


def test_path_materializer_copies_files_and_folders(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "inner").mkdir(parents=True)
    (source / "inner" / "x.txt").write_text("x")
    folder = dsl.PathMaterializer()
    assert folder.save(source, str(tmp_path / "out")) == {"path_kind": "folder"}
    assert (folder.load(str(tmp_path / "out")) / "inner" / "x.txt").read_text() == "x"
    assert folder.save(source / "inner" / "x.txt", str(tmp_path / "file")) == {"path_kind": "file"}
    assert folder.load(str(tmp_path / "file")).read_text() == "x"


def test_numpy_and_pandas_round_trip_when_installed(tmp_path: Path) -> None:
    numpy = pytest.importorskip("numpy")
    array = numpy.arange(6).reshape(2, 3)
    dsl.NumpyMaterializer().save(array, str(tmp_path / "a"))
    assert (dsl.NumpyMaterializer().load(str(tmp_path / "a")) == array).all()
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    dsl.DataFrameMaterializer().save(frame, str(tmp_path / "f"))
    assert dsl.DataFrameMaterializer().load(str(tmp_path / "f")).equals(frame)


def test_the_documented_example_compiles_to_valid_ir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/materializers.md's CSV -> DataFrame -> train -> Model example (pandas stood in for)."""
    from kfp_lite import ir_schema

    if importlib.util.find_spec("pandas") is None:
        fake = type(sys)("pandas")
        fake.DataFrame = type("DataFrame", (), {"__module__": "pandas.core.frame"})
        monkeypatch.setitem(sys.modules, "pandas", fake)
    text = (ROOT / "docs" / "materializers.md").read_text()
    example = text.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {"__name__": "_docs_example"}
    module = tmp_path / "docs_example.py"
    module.write_text(example)
    exec(compile(example, str(module), "exec"), namespace)  # noqa: S102 - our own docs
    document = yaml.safe_load(compile_text(namespace["csv_to_model"]))
    assert ir_schema.validate(document) == []
    train = document["components"]["comp-train"]
    assert train["inputDefinitions"]["artifacts"]["data"]["artifactType"]["schemaTitle"] == "system.Dataset"
    assert set(train["outputDefinitions"]["artifacts"]) == {"model"}
    assert document["components"]["comp-load-csv"]["outputDefinitions"]["artifacts"]["Output"][
        "description"] == "kfp_lite materialized pandas.DataFrame with DataFrameMaterializer"


class _Dumped:
    """A type whose materializer wrongly relies on a module-level import."""


class JsonDumped(dsl.Materializer):
    types = (_Dumped,)

    def save(self, value, path):
        with open(path, "w") as handle:
            json.dump({}, handle)  # the module's json: not in the container

    def load(self, path):
        return _Dumped()


def test_module_level_names_in_materializer_methods_warn() -> None:
    from kfp_lite.compiler.checks import check_component

    @dsl.component
    def step() -> _Dumped:
        return None

    warnings = [d for d in check_component(step) if d.code == "KFL601"]
    assert [w.message.split(" uses ")[0] for w in warnings] == [
        "materializer method JsonDumped.save", "materializer method JsonDumped.load"]
    assert "'json'" in warnings[0].message and "'_Dumped'" in warnings[1].message
