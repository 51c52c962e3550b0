"""The embedded executor: run a lightweight component's command with only the standard library.

Each test builds the command with ``python_command.lightweight_container(mode="embedded")`` and
runs it in a subprocess whose ``python3`` is ``python -I -S`` (no site-packages, no
PYTHONPATH, a temporary cwd, so neither kfp_lite nor kfp is importable) and checks every file
the task wrote. The interpreter is each of CPython 3.9 to 3.13 that pyenv has on this machine
(the images the embedded mode promises to run in), or the test's own Python.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kfp_lite.compiler import embedded_runtime
from kfp_lite.compiler.python_command import (
    EMBEDDED_LOADER,
    KFP_LOADER,
    PipSettings,
    embed_container,
    lightweight_container,
)

ROOT = Path(__file__).resolve().parents[1]
DATASET = {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}
PYENV = Path.home() / ".pyenv" / "versions"
VERSIONS = ("3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0")
INTERPRETERS = [str(PYENV / v / "bin" / "python") for v in VERSIONS
                if (PYENV / v / "bin" / "python").exists()] or [sys.executable]


@pytest.fixture(params=INTERPRETERS, ids=lambda p: p.split("/versions/")[-1].split("/")[0])
def isolated_python(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    shim = tmp_path / "shim"
    shim.mkdir()
    script = shim / "python3"
    script.write_text(f'#!/bin/sh\nexec {request.param} -I -S "$@"\n')
    script.chmod(0o755)
    return {"PATH": f"{shim}:/usr/bin:/bin"}


def run_component(
    source: str, name: str, executor_input: dict, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess:
    container = lightweight_container(
        function_source=source.lstrip("\n"), function_name=name, base_image="python:3.11",
        mode="embedded",
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


def test_kfp_command_is_kfps_and_embedded_drops_only_the_kfp_install() -> None:
    settings = PipSettings(packages_to_install=("pandas==2.0", "it's"),
                           pip_index_urls=("https://idx/simple", "https://extra/simple"))
    kfp = lightweight_container(function_source="def f() -> int:\n    return 1\n",
                                function_name="f", base_image="python:3.9", settings=settings)
    assert kfp["args"] == ["--executor_input", "{{$}}", "--function_to_execute", "f"]
    cmd = kfp["command"]
    assert cmd[:2] == ["sh", "-c"] and cmd[3:5] == ["sh", "-ec"] and cmd[5] == KFP_LOADER
    pip = cmd[2]
    assert "'pandas==2.0' \"it's\"  &&  python3 -m pip install" in pip
    assert "--index-url https://idx/simple --extra-index-url https://extra/simple" in pip
    assert "--trusted-host https://idx/simple --trusted-host https://extra/simple" in pip
    assert "'kfp==2.17.3' '--no-deps'" in pip
    assert cmd[6] == ("\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\n"
                      "from typing import *\n\ndef f() -> int:\n    return 1\n\n")

    embedded = embed_container(kfp)
    assert embedded is not None and embedded["args"] == kfp["args"]
    ecmd = embedded["command"]
    assert ecmd[:2] == ["sh", "-c"] and ecmd[3:6] == ["python3", "-c", EMBEDDED_LOADER]
    assert "'pandas==2.0'" in ecmd[2] and "kfp" not in ecmd[2]
    assert ecmd[6] == cmd[6]
    assert embedded_runtime.decode(ecmd[7]) == embedded_runtime.runtime_source(cmd[6])
    assert str(ROOT) not in json.dumps(embedded)
    assert embed_container(embedded) is None  # already embedded: not a kfp command

    no_pkgs = lightweight_container(function_source="def f():\n    pass\n", function_name="f",
                                    base_image="python:3.11", mode="embedded")
    assert no_pkgs["command"][:3] == ["python3", "-c", EMBEDDED_LOADER]
    only_kfp_off = lightweight_container(
        function_source="def f():\n    pass\n", function_name="f", base_image="python:3.11",
        settings=PipSettings(install_kfp_package=False, packages_to_install=("numpy",)),
        mode="embedded")
    assert "'numpy' &&" in only_kfp_off["command"][2]
    venv = lightweight_container(
        function_source="def f():\n    pass\n", function_name="f", base_image="python:3.11",
        settings=PipSettings(use_venv=True), mode="embedded")
    assert venv["command"][:3] == ["python3", "-c", EMBEDDED_LOADER]


def test_kfp_install_options_as_kfp_writes_them(tmp_path: Path) -> None:
    from kfp_lite.compiler.python_command import pip_step

    assert pip_step(PipSettings(install_kfp_package=False)) == []
    assert pip_step(PipSettings(), containerized=True) == []
    custom = pip_step(PipSettings(kfp_package_path="git+https://example.com/kfp.git"))[2]
    assert "'git+https://example.com/kfp.git' &&" in custom and "--no-deps" not in custom
    wheel = tmp_path / "kfp-2.17.3-py3-none-any.whl"
    wheel.write_text("")
    local = pip_step(PipSettings(kfp_package_path=str(wheel)))[2]
    assert f"'{wheel}' '--no-deps' &&" in local
    user_kfp = pip_step(PipSettings(packages_to_install=("kfp-kubernetes",)))[2]
    assert "kfp==" not in user_kfp  # a user package starting with kfp: no kfp install
    venv = pip_step(PipSettings(packages_to_install=("a",), use_venv=True))[2]
    assert "'a'  &&  \nexport PIP_DISABLE_PIP_VERSION_CHECK=1\ntmp=$(mktemp -d)" in venv


def test_runtime_file_is_the_executor_stripped() -> None:
    """executor_runtime.txt is current: regenerate with python -m kfp_lite.compiler.embedded_runtime."""
    shipped = embedded_runtime.RUNTIME_FILE.read_text()
    source = embedded_runtime.executor_source()
    expected = ast.dump(embedded_runtime.stripped_tree(source))
    assert ast.dump(ast.parse(shipped.replace("#<", "#").replace("#>", "#"))) == expected
    for name in embedded_runtime.sections():
        assert f"# [section {name}]" in source


def test_sections_ship_only_when_mentioned() -> None:
    plain = embedded_runtime.runtime_source("def f(a: int) -> int: ...")
    assert "class ClassificationMetrics" not in plain and "def get_uri" not in plain
    full = embedded_runtime.runtime_source("SlicedClassificationMetrics dsl.get_uri")
    assert "class ClassificationMetrics" in full and "class SlicedClassificationMetrics" in full
    assert "def get_uri" in full and "def _final_status" not in full
    compile(plain, "plain", "exec")
    compile(full, "full", "exec")


def test_executor_module_runs_as_a_program_without_kfp_lite(tmp_path: Path) -> None:
    program = tmp_path / "ephemeral_component.py"
    program.write_text("from kfp import dsl\n\ndef f(a: int) -> int:\n    return a + 1\n")
    out = tmp_path / "out.json"
    ei = {"inputs": {"parameterValues": {"a": 1}}, "outputs": {"outputFile": str(out)}}
    r = subprocess.run(
        [sys.executable, "-I", "-S", str(ROOT / "kfp_lite" / "executor.py"),
         "--component_module_path", str(program), "--executor_input", json.dumps(ei),
         "--function_to_execute", "f"],
        env={"PATH": os.environ.get("PATH", "")}, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text()) == {"parameterValues": {"Output": 2}}


def test_authoring_classes_are_the_executors() -> None:
    from kfp_lite import dsl, executor

    assert dsl.Dataset is executor.Dataset and dsl.Input is executor.Input
    assert dsl.Input[dsl.Dataset] == executor.Input[executor.Dataset]
    assert isinstance(executor.Model(uri="gs://b/m"), dsl.Artifact)
