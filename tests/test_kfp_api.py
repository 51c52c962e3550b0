"""The parts of kfp's authoring API real projects use beyond the basics: pipelines returning
several outputs, warnings that never fail a compile, old module paths."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Annotated, NamedTuple

import pytest
import yaml

from kfp_lite import compiler, dsl, local
from kfp_lite.diagnostics import CompileError


@dsl.component
def pair(n: int) -> NamedTuple("Pair", [("low", int), ("high", int)]):
    return (n, n + 1)


@dsl.component
def show(n: int) -> str:
    return str(n)


def _outputs_of(pipeline) -> dict:
    spec = compiler.compile_documents(pipeline).pipeline_spec
    return spec["root"]["dag"]["outputs"]["parameters"]


def test_a_pipeline_returns_a_tasks_whole_outputs() -> None:
    @dsl.pipeline
    def p(n: int = 1) -> NamedTuple("Out", [("low", int), ("high", int)]):
        return pair(n=n).outputs

    outputs = _outputs_of(p)
    assert sorted(outputs) == ["high", "low"]
    assert outputs["low"]["valueFromParameter"] == {"outputParameterKey": "low", "producerSubtask": "pair"}


class Out(NamedTuple):
    text: str
    high: int


def test_a_pipeline_returns_a_named_tuple_of_several_tasks_outputs() -> None:
    @dsl.pipeline
    def p(n: int = 1) -> Out:
        t = pair(n=n)
        return Out(text=show(n=t.outputs["low"]).output, high=t.outputs["high"])

    outputs = _outputs_of(p)
    assert outputs["text"]["valueFromParameter"]["producerSubtask"] == "show"
    assert outputs["high"]["valueFromParameter"]["producerSubtask"] == "pair"


def test_returning_outputs_the_annotation_does_not_declare_is_kfl310() -> None:
    @dsl.pipeline
    def p(n: int = 1) -> NamedTuple("Out", [("low", int)]):
        return pair(n=n).outputs

    with pytest.raises(CompileError) as err:
        compiler.compile_documents(p)
    assert [d.code for d in err.value.diagnostics if d.is_error] == ["KFL310"]
    assert "'high'" in str(err.value)


def test_a_deprecation_warning_never_fails_a_compile() -> None:
    @dsl.pipeline
    def on_exit(n: int = 1):
        with dsl.Condition(n == 1):
            show(n=n)

    @dsl.pipeline
    def p(n: int = 1):
        exit_task = on_exit(n=n)
        with dsl.ExitHandler(exit_task):
            t = show(n=n).set_gpu_limit(1)
            with dsl.Condition(t.output == "1"):
                show(n=n)

    result = compiler.compile_documents(p)
    # KFL703: the GPU task sets no CPU or memory limit (a best-practice warning)
    assert {d.code for d in result.diagnostics} == {"KFL603", "KFL703"}
    assert all(not d.is_error for d in result.diagnostics)


# --- embedded files, notebooks, task config passthroughs ------------------------------------

ASSETS = Path(__file__).parent / "cases" / "data" / "embedded_assets"
NOTEBOOK = Path(__file__).parent / "cases" / "data" / "notebooks" / "report.ipynb"


class Both(NamedTuple):
    labels: str
    config: str


def test_embedded_input_runs_locally_with_the_embedded_files(tmp_path: Path) -> None:
    @dsl.component(embedded_artifact_path=str(ASSETS))
    def read_labels(assets: dsl.EmbeddedInput[dsl.Dataset], prefix: str) -> str:
        import os

        with open(os.path.join(assets.path, "labels", "names.txt")) as f:
            return prefix + ",".join(line.strip() for line in f)

    @dsl.component(embedded_artifact_path=str(ASSETS / "config.json"))
    def read_config(config: dsl.EmbeddedInput[dsl.Dataset]) -> str:
        with open(config.path) as f:
            return f.read().strip()

    @dsl.pipeline
    def p(prefix: str = "labels: ") -> Both:
        return Both(labels=read_labels(prefix=prefix).output, config=read_config().output)

    spec = compiler.compile_documents(p).pipeline_spec
    assert "assets" not in spec["components"]["comp-read-labels"]["inputDefinitions"]["parameters"]
    result = local.run(spec, {}, pipeline_root=tmp_path, echo=lambda _line: None)
    assert result.outputs.parameters == {"labels": "labels: cat,dog", "config": '{"threshold": 0.5}'}


def test_embedded_archive_is_reproducible_and_holds_the_files(tmp_path: Path) -> None:
    from kfp_lite.compiler import embedded_files

    first = embedded_files.archive_bytes(str(ASSETS))
    assert first == embedded_files.archive_bytes(str(ASSETS))
    with tarfile.open(fileobj=io.BytesIO(first), mode="r:gz") as tar:
        names = tar.getnames()
        assert {m.mtime for m in tar.getmembers()} == {0}
    assert names == [".", "./config.json", "./labels", "./labels/names.txt"]


def test_notebook_component_embeds_the_notebook_and_its_packages() -> None:
    @dsl.notebook_component(notebook_path=str(NOTEBOOK))
    def run_report(rows: int):
        dsl.run_notebook(rows=rows)

    container = compiler.compile_documents(run_report).pipeline_spec["deploymentSpec"]["executors"][
        "exec-run-report"]["container"]
    command = "\n".join(container["command"])
    assert "'nbclient>=0.10,<1' 'ipykernel>=6,<7' 'jupyter_client>=7,<9'" in command
    assert "__KFP_NOTEBOOK_REL_PATH = 'report.ipynb'" in command
    assert "dsl.run_notebook = " in command


def test_run_notebook_outside_a_running_task_explains_itself() -> None:
    with pytest.raises(NotImplementedError, match="notebook_component"):
        dsl.run_notebook(rows=1)
    with pytest.raises(RuntimeError, match="while a task runs"):
        dsl.get_uri()


def _codes_of(component) -> list[str]:
    return [d.code for d in component.component_spec.diagnostics]


def test_embedded_input_without_files_is_kfl120() -> None:
    @dsl.component
    def needs(assets: dsl.EmbeddedInput[dsl.Dataset]):
        pass

    assert _codes_of(needs) == ["KFL120"]


def test_missing_embedded_path_and_bad_notebooks_are_kfl121(tmp_path: Path) -> None:
    @dsl.component(embedded_artifact_path=str(tmp_path / "missing"))
    def a(assets: dsl.EmbeddedInput[dsl.Dataset]):
        pass

    (tmp_path / "one.ipynb").write_text("{}")
    (tmp_path / "two.ipynb").write_text("{}")

    @dsl.notebook_component(notebook_path=str(tmp_path))
    def b():
        pass

    @dsl.notebook_component(notebook_path=str(ASSETS / "config.json"))
    def c():
        pass

    assert _codes_of(a) == ["KFL121"]
    assert _codes_of(b) == ["KFL121"] and "2 .ipynb files" in b.component_spec.diagnostics[0].message
    assert _codes_of(c) == ["KFL121"] and "not a notebook" in c.component_spec.diagnostics[0].message


def test_task_config_passthroughs_compile_and_guard_task_settings() -> None:
    @dsl.component(task_config_passthroughs=[dsl.TaskConfigField.ENV])
    def launch(name: str, config: dsl.TaskConfig):
        print(name, config)

    @dsl.pipeline
    def ok():
        launch(name="a").set_env_variable("A", "1")

    spec = compiler.compile_documents(ok).pipeline_spec
    assert spec["components"]["comp-launch"]["taskConfigPassthroughs"] == [{"field": "ENV"}]

    @dsl.pipeline
    def bad():
        launch(name="a").set_memory_limit("1G")

    with pytest.raises(CompileError) as err:
        compiler.compile_documents(bad)
    assert [d.code for d in err.value.diagnostics] == ["KFL122"]
    assert "RESOURCES" in err.value.diagnostics[0].hint


def test_annotated_with_kfps_markers_is_input_and_output() -> None:
    @dsl.component
    def copy(src: Annotated[dsl.Dataset, dsl.InputAnnotation],
             dst: Annotated[dsl.Model, dsl.OutputAnnotation]):
        pass

    spec = copy.component_spec
    assert spec.inputs["src"].type.schema_title == "system.Dataset"
    assert spec.outputs["dst"].type.schema_title == "system.Model"


def test_kubernetes_manifest_format_writes_pipeline_resources(tmp_path: Path) -> None:
    @dsl.pipeline(name="manifest-demo", description="Shows the manifest.")
    def p(n: int = 1):
        show(n=n)

    out = tmp_path / "m.yaml"
    options = compiler.KubernetesManifestOptions(namespace="ml", include_pipeline_manifest=True)
    compiler.Compiler().compile(p, str(out), kubernetes_manifest_options=options,
                                kubernetes_manifest_format=True)
    pipeline, version = yaml.safe_load_all(out.read_text())
    assert pipeline["kind"] == "Pipeline" and pipeline["metadata"] == {"name": "manifest-demo", "namespace": "ml"}
    assert pipeline["spec"] == {"displayName": "manifest-demo", "description": "Shows the manifest."}
    assert version["kind"] == "PipelineVersion"
    assert version["spec"]["pipelineName"] == "manifest-demo"
    assert version["spec"]["pipelineSpec"]["root"]["dag"]["tasks"]["show"]["taskInfo"] == {"name": "show"}
