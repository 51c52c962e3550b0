"""The embedded executor: run a lightweight component's command with only the standard library.

Each test builds the command with ``compiler.python_command.lightweight_container``, runs it in
a subprocess whose ``python3`` is ``python -I -S`` (no site-packages, no PYTHONPATH, a temporary
cwd, so neither kfp_lite nor kfp is importable) and checks every file the task wrote.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kfp_lite.compiler.python_command import LOADER, encoded_executor, lightweight_container

ROOT = Path(__file__).resolve().parents[1]
DATASET = {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}


@pytest.fixture()
def isolated_python(tmp_path: Path) -> dict[str, str]:
    shim = tmp_path / "shim"
    shim.mkdir()
    script = shim / "python3"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -I -S "$@"\n')
    script.chmod(0o755)
    return {"PATH": f"{shim}:/usr/bin:/bin"}


def run_component(
    source: str, name: str, executor_input: dict, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess:
    container = lightweight_container(
        function_source=source, function_name=name, base_image="python:3.11"
    )
    args = [a.replace("{{$}}", json.dumps(executor_input)) for a in container["args"]]
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        container["command"] + args, env=env, cwd=cwd, capture_output=True, text=True
    )


def artifact(name: str, uri: str, title: str = "system.Dataset", metadata: dict | None = None):
    return {
        "artifacts": [
            {
                "name": name,
                "type": {"schemaTitle": title, "schemaVersion": "0.0.1"},
                "uri": uri,
                "metadata": metadata or {},
            }
        ]
    }


EVERYTHING = """
def everything(
    n: int, x: float, s: str, flag: bool, cfg: dict, items: List[int],
    data: Input[Dataset], data_path: InputPath("Dataset"),
    count_path: OutputPath(int), text_path: OutputPath(str),
    model: Output[Model], metrics: Output[Metrics], copy_path: OutputPath("Dataset"),
    cls: dsl.Output[dsl.ClassificationMetrics],
    missing: Optional[int] = 7,
) -> NamedTuple("Outputs", [("total", float), ("summary", Dict[str, str]), ("ok", bool)]):
    from kfp_lite import dsl as d2
    from kfp_lite.dsl import Model as M
    assert type(n) is int and type(x) is float, (n, x)
    assert isinstance(model, M) and isinstance(data, d2.Dataset)
    with open(data.path) as f:
        text = f.read()
    with open(data_path) as f:
        assert f.read() == text
    with open(count_path, "w") as f:
        f.write(str(n * 2))
    with open(text_path, "w") as f:
        f.write(s.upper())
    with open(model.path, "w") as f:
        f.write("model:" + text)
    model.metadata["framework"] = "none"
    metrics.log_metric("loss", 0.25)
    cls.log_roc_curve(fpr=[0.0, 1.0], tpr=[0.0, 1.0], threshold=[1.0, 0.0])
    cls.log_confusion_matrix(["a", "b"], [[1, 0], [2, 3]])
    cls.log_confusion_matrix_cell("a", "b", 9)
    with open(copy_path, "w") as f:
        f.write(text[::-1])
    from collections import namedtuple
    Outputs = namedtuple("Outputs", ["total", "summary", "ok"])
    return Outputs(n + x, {"s": s, "cfg": json.dumps(cfg), "items": str(items), "missing": str(missing), "meta": json.dumps(data.metadata)}, flag)
"""


def test_every_input_and_output_kind(tmp_path: Path, isolated_python: dict[str, str]) -> None:
    inp = tmp_path / "in" / "data"
    inp.parent.mkdir()
    inp.write_text("hello")
    out = tmp_path / "task"
    executor_input = {
        "inputs": {
            "parameterValues": {
                "n": 3.0,  # protobuf numbers arrive as doubles
                "x": 1,
                "s": "abc",
                "flag": True,
                "cfg": {"k": [1, 2]},
                "items": [1, 2],
            },
            "artifacts": {
                "data": artifact("data", str(inp), metadata={"rows": 5}),
                "data_path": artifact("data_path", str(inp)),
            },
        },
        "outputs": {
            "parameters": {
                n: {"outputFile": str(out / n)}
                for n in ("count_path", "text_path", "total", "summary", "ok")
            },
            "artifacts": {
                "model": artifact("model", str(out / "model"), "system.Model"),
                "metrics": artifact("metrics", str(out / "metrics"), "system.Metrics"),
                "copy_path": artifact("copy_path", str(out / "copy_path")),
                "cls": artifact("cls", str(out / "cls"), "system.ClassificationMetrics"),
            },
            "outputFile": str(out / "executor_output.json"),
        },
    }
    source = "import json\n" + EVERYTHING
    result = run_component(source, "everything", executor_input, isolated_python, tmp_path / "cwd")
    assert result.returncode == 0, result.stderr

    output = json.loads((out / "executor_output.json").read_text())
    assert set(output) == {"parameterValues", "artifacts"}
    values = output["parameterValues"]
    assert values["total"] == 4.0
    assert values["ok"] is True
    assert values["summary"] == {
        "s": "abc",
        "cfg": '{"k": [1, 2]}',
        "items": "[1, 2]",
        "missing": "7",
        "meta": '{"rows": 5}',
    }
    assert (out / "count_path").read_text() == "6"
    assert (out / "text_path").read_text() == "ABC"
    assert (out / "total").read_text() == "4.0"
    assert json.loads((out / "summary").read_text())["s"] == "abc"
    assert (out / "ok").read_text() == "true"
    assert (out / "model").read_text() == "model:hello"
    assert (out / "copy_path").read_text() == "olleh"

    arts = output["artifacts"]
    assert arts["model"]["artifacts"] == [
        {"name": "model", "uri": str(out / "model"), "metadata": {"framework": "none"}}
    ]
    assert arts["metrics"]["artifacts"][0]["metadata"] == {"loss": 0.25}
    cls = arts["cls"]["artifacts"][0]["metadata"]
    assert cls["confidenceMetrics"][0] == {
        "confidenceThreshold": 1.0,
        "recall": 0.0,
        "falsePositiveRate": 0.0,
    }
    assert cls["confusionMatrix"] == {
        "annotationSpecs": [{"displayName": "a"}, {"displayName": "b"}],
        "rows": [{"row": [1, 9]}, {"row": [2, 3]}],
    }
    assert set(arts) == {"model", "metrics", "copy_path", "cls"}


def test_single_return_and_remote_uri_mapping(tmp_path: Path, isolated_python: dict) -> None:
    source = """
def double(a: int) -> int:
    return a * 2
"""
    out = tmp_path / "task"
    ei = {
        "inputs": {"parameterValues": {"a": 21}},
        "outputs": {
            "parameters": {"Output": {"outputFile": str(out / "Output")}},
            "outputFile": str(out / "executor_output.json"),
        },
    }
    result = run_component(source, "double", ei, isolated_python, tmp_path / "cwd")
    assert result.returncode == 0, result.stderr
    assert json.loads((out / "executor_output.json").read_text()) == {
        "parameterValues": {"Output": 42}
    }


def test_artifact_return_and_payload_return(tmp_path: Path, isolated_python: dict) -> None:
    source = """
def make(kind: str) -> Model:
    if kind == "object":
        m = Model(uri=os.environ["ALT_URI"], metadata={"made": True})
        with open(m.path, "w") as f:
            f.write("obj")
        return m
    return "payload-" + kind
"""
    for kind in ("object", "text"):
        out = tmp_path / kind
        alt = tmp_path / f"alt-{kind}"
        ei = {
            "inputs": {"parameterValues": {"kind": kind}},
            "outputs": {
                "artifacts": {"Output": artifact("Output", str(out / "Output"), "system.Model")},
                "outputFile": str(out / "executor_output.json"),
            },
        }
        env = {**isolated_python, "ALT_URI": str(alt)}
        result = run_component("import os\n" + source, "make", ei, env, tmp_path / "cwd")
        assert result.returncode == 0, result.stderr
        arts = json.loads((out / "executor_output.json").read_text())["artifacts"]
        entry = arts["Output"]["artifacts"][0]
        if kind == "object":
            assert entry == {"name": "Output", "uri": str(alt), "metadata": {"made": True}}
            assert alt.read_text() == "obj"
        else:
            assert entry["uri"] == str(out / "Output")
            assert (out / "Output").read_text() == "payload-text"


def test_list_of_artifacts_and_final_status(tmp_path: Path, isolated_python: dict) -> None:
    source = """
def gather(parts: Input[List[Dataset]], status: PipelineTaskFinalStatus) -> str:
    texts = []
    for p in parts:
        with open(p.path) as f:
            texts.append(f.read())
    return ",".join(texts) + "|" + status.state + "|" + str(status.error_message) + "|" + status.pipeline_task_name
"""
    paths = []
    for i in range(3):
        p = tmp_path / f"p{i}"
        p.write_text(str(i))
        paths.append(p)
    out = tmp_path / "task"
    runtimes = [artifact(f"p{i}", str(p))["artifacts"][0] for i, p in enumerate(paths)]
    ei = {
        "inputs": {
            "parameterValues": {
                "status": {
                    "state": "FAILED",
                    "pipelineTaskName": "exit-handler-1",
                    "error": {"code": 1, "message": "boom"},
                }
            },
            "artifacts": {"parts": {"artifacts": runtimes}},
        },
        "outputs": {"outputFile": str(out / "executor_output.json")},
    }
    result = run_component(source, "gather", ei, isolated_python, tmp_path / "cwd")
    assert result.returncode == 0, result.stderr
    output = json.loads((out / "executor_output.json").read_text())
    assert output["parameterValues"]["Output"] == "0,1,2|FAILED|boom|exit-handler-1"


def test_wrong_return_type_fails_the_task(tmp_path: Path, isolated_python: dict) -> None:
    source = """
def bad() -> int:
    return "nope"
"""
    out = tmp_path / "task"
    ei = {"inputs": {}, "outputs": {"outputFile": str(out / "executor_output.json")}}
    result = run_component(source, "bad", ei, isolated_python, tmp_path / "cwd")
    assert result.returncode != 0
    assert "expected int" in result.stderr
    assert not (out / "executor_output.json").exists()


def test_remote_uris_map_to_mounts() -> None:
    sys.path.insert(0, str(ROOT))
    from kfp_lite import executor

    assert executor.Artifact(uri="gs://b/x").path == "/gcs/b/x"
    assert executor.Artifact(uri="s3://b/x").path == "/s3/b/x"
    assert executor.Artifact(uri="minio://b/x").path == "/minio/b/x"
    assert executor.Artifact(uri="/local/x").path == "/local/x"
    a = executor.Dataset(uri="gs://b/x")
    a.path = "/s3/other"
    assert a.uri == "s3://other"


def test_executor_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "kfp_lite" / "executor.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import in the executor"
            imported.add((node.module or "").split(".")[0])
    outside = {name for name in imported if not _in_standard_library(name)}
    assert not outside, outside


def _in_standard_library(name: str) -> bool:
    if hasattr(sys, "stdlib_module_names"):  # Python 3.10+
        return name in sys.stdlib_module_names or name == "__future__"
    import importlib.util
    import sysconfig

    spec = importlib.util.find_spec(name)
    if spec is None:
        return False
    if spec.origin in (None, "built-in", "frozen"):
        return True
    return spec.origin.startswith(sysconfig.get_paths()["stdlib"]) and "site-packages" not in spec.origin


def test_command_shape_is_deterministic_and_kfp_compatible() -> None:
    a = lightweight_container(
        function_source="def f() -> int:\n    return 1\n",
        function_name="f",
        base_image="python:3.9",
        packages_to_install=["pandas==2.0", "it's"],
        pip_index_urls=["https://idx/simple", "https://extra/simple"],
    )
    b = lightweight_container(
        function_source="def f() -> int:\n    return 1\n",
        function_name="f",
        base_image="python:3.9",
        packages_to_install=["pandas==2.0", "it's"],
        pip_index_urls=["https://idx/simple", "https://extra/simple"],
    )
    assert a == b
    assert a["args"] == ["--executor_input", "{{$}}", "--function_to_execute", "f"]
    cmd = a["command"]
    assert cmd[:2] == ["sh", "-c"] and cmd[3:6] == ["sh", "-ec", LOADER]
    pip = cmd[2]
    assert "'pandas==2.0'" in pip and "'it'\"'\"'s'" in pip
    assert "--index-url 'https://idx/simple' --extra-index-url 'https://extra/simple'" in pip
    assert "--trusted-host 'https://idx/simple'" in pip
    assert "kfp" not in pip
    # kfp's SubprocessRunner: marker text present, user source right after the loader
    assert any("kfp.dsl.executor_main" in part for part in cmd)
    assert '"$program_path/ephemeral_component.py"' in LOADER and '"$@"' in LOADER
    assert cmd[6].endswith("def f() -> int:\n    return 1\n")
    assert cmd[7] == encoded_executor() and "python3" not in cmd[7]
    assert str(ROOT) not in json.dumps(a)
    no_pkgs = lightweight_container(
        function_source="def f():\n    pass\n", function_name="f", base_image="python:3.11"
    )
    assert no_pkgs["command"][:3] == ["sh", "-ec", LOADER]


def test_extra_imports_are_in_the_preamble(tmp_path: Path, isolated_python: dict) -> None:
    source = "def f() -> str:\n    return Fraction(1, 3).__class__.__name__\n"
    c = lightweight_container(
        function_source=source,
        function_name="f",
        base_image="python:3.11",
        extra_imports=["from fractions import Fraction"],
    )
    assert "from fractions import Fraction\n" in c["command"][-2]
    out = tmp_path / "o"
    ei = {"inputs": {}, "outputs": {"outputFile": str(out / "executor_output.json")}}
    args = [a.replace("{{$}}", json.dumps(ei)) for a in c["args"]]
    (tmp_path / "cwd").mkdir()
    r = subprocess.run(
        c["command"] + args,
        env=isolated_python,
        cwd=tmp_path / "cwd",
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads((out / "executor_output.json").read_text())["parameterValues"] == {
        "Output": "Fraction"
    }


def test_executor_file_is_plain_python_without_kfp_lite_on_path() -> None:
    env = {"PATH": os.environ.get("PATH", "")}
    r = subprocess.run(
        [sys.executable, "-I", "-S", str(ROOT / "kfp_lite" / "executor.py"), "--help"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "--executor_input" in r.stdout
