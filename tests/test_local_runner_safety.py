"""The local runner never touches anything outside its run folder, and the cache never hands
out content that changed: names from a spec are refused before anything is created or
deleted, output hashing does not follow symlinks to special files, and a task that changes
its input artifact does not change what the cache returns for its producer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from kfp_lite.ir_schema import validate
from kfp_lite.ir_schema.safe_names import name_problem, unsafe_names
from runner_specs import ARTIFACT, pipeline, producer_consumer, sh_component, task

from kfp_lite import local
from kfp_lite.cli import cli
from kfp_lite.local.cache import artifact_digest


def quiet(spec: dict, root: Path, **kw) -> local.RunResult:
    lines: list[str] = []
    result = local.run(spec, pipeline_root=root, echo=lines.append, **kw)
    result.lines = lines  # type: ignore[attr-defined]
    return result


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/tmp/x", "absolute"),
        ("../x", "separator"),
        ("..", "not a name"),
        ("a\\b", "separator"),
        ("a..b", "'..'"),
        ("a\0b", "NUL"),
        ("", "not a name"),
        ("C:x", "absolute"),
    ],
)
def test_name_rule_refuses_names_that_leave_their_folder(name: str, reason: str) -> None:
    assert reason in (name_problem(name) or "")


@pytest.mark.parametrize("name", ["train", "for-loop-2", "model.pkl", "a_b", "Ünïcode"])
def test_name_rule_accepts_plain_names(name: str) -> None:
    assert name_problem(name) is None


def escaping_output_spec(output_name: str) -> dict:
    write, write_exec = sh_component(
        "echo pwned > $0",
        args=[f"{{{{$.outputs.artifacts['{output_name}'].path}}}}"],
        outputs={"artifacts": {output_name: ARTIFACT}},
    )
    return pipeline("escape", {"write": task("write")}, {"write": write}, {"write": write_exec})


@pytest.mark.parametrize("kind", ["absolute", "dotdot"])
def test_output_name_leaving_the_task_folder_is_refused_before_anything_happens(
    tmp_path: Path, kind: str
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    root = tmp_path / "root"
    name = str(victim) if kind == "absolute" else "../../../victim"
    with pytest.raises(local.UnsafeSpec, match=r"outputDefinitions\.artifacts"):
        local.run(escaping_output_spec(name), pipeline_root=root, echo=lambda _l: None)
    assert victim.read_text() == "precious"
    assert not root.exists()


def test_output_name_from_a_component_file_is_refused(tmp_path: Path) -> None:
    """The way in that users hit: a compiled component YAML loaded with
    load_component_from_file keeps its output names as they are."""
    from kfp_lite.compiler import compile_documents

    from kfp_lite import components, dsl

    victim = tmp_path / "victim"
    victim.write_text("precious")
    name = "../../../victim"
    inner = escaping_output_spec(name)
    component = inner["components"]["comp-write"]
    component_ir = {
        **inner,
        "components": {"comp-writer": component},
        "root": {
            "dag": {
                "tasks": {"writer": {"componentRef": {"name": "comp-writer"}}},
                "outputs": {
                    "artifacts": {
                        name: {
                            "artifactSelectors": [
                                {"producerSubtask": "writer", "outputArtifactKey": name}
                            ]
                        }
                    }
                },
            },
            "outputDefinitions": component["outputDefinitions"],
        },
    }
    component_file = tmp_path / "component.yaml"
    component_file.write_text(yaml.safe_dump(component_ir))
    writer = components.load_component_from_file(str(component_file))

    @dsl.pipeline(name="uses-file")
    def uses_file():
        writer()

    spec = compile_documents(uses_file).pipeline_spec
    with pytest.raises(local.UnsafeSpec, match="victim"):
        local.run(spec, pipeline_root=tmp_path / "root", echo=lambda _l: None)
    assert victim.read_text() == "precious"
    assert not (tmp_path / "root").exists()


def test_task_and_pipeline_names_leaving_the_root_are_refused(tmp_path: Path) -> None:
    spec = producer_consumer("echo a > $0", "cat $0 > $1")
    spec["root"]["dag"]["tasks"]["../../outside"] = spec["root"]["dag"]["tasks"].pop("consume")
    spec["pipelineInfo"]["name"] = "../../elsewhere"
    root = tmp_path / "deep" / "root"
    with pytest.raises(local.UnsafeSpec) as caught:
        local.run(spec, pipeline_root=root, echo=lambda _l: None)
    assert "pipelineInfo.name" in str(caught.value)
    assert 'root.dag.tasks["../../outside"]' in str(caught.value)
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_cli_run_reports_unsafe_names_with_the_field(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(escaping_output_spec("/etc/x")))
    out = CliRunner().invoke(cli, ["run", str(spec_path), "--pipeline-root", str(tmp_path / "r")])
    assert out.exit_code == 2
    assert "KFL801" in out.output and "outputDefinitions.artifacts" in out.output
    assert "Traceback" not in out.output and not (tmp_path / "r").exists()


def test_validate_reports_unsafe_names_naming_the_field(tmp_path: Path) -> None:
    spec = producer_consumer("echo a > $0", "cat $0 > $1")
    spec["pipelineInfo"]["name"] = "a/b"
    paths = {p.path for p in validate(spec)}
    assert "pipelineInfo.name" in paths
    assert [u.field for u in unsafe_names(spec)] == ["pipelineInfo.name"]
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(escaping_output_spec("../up")))
    out = CliRunner().invoke(cli, ["validate", str(spec_path)])
    assert out.exit_code == 1, out.output
    assert 'components.comp-write.outputDefinitions.artifacts["../up"]' in out.output


def test_reserved_output_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(local.UnsafeSpec, match="task.log"):
        local.run(escaping_output_spec("task.log"), pipeline_root=tmp_path, echo=lambda _l: None)


# ---------------------------------------------------------------- symlinks and special files


def test_digest_does_not_follow_links_to_special_files(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "data").write_text("x")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "loop").symlink_to(folder)
    os.mkfifo(folder / "fifo")
    first = artifact_digest(str(folder))
    (folder / "zero").unlink()
    (folder / "zero").symlink_to("/dev/null")
    assert artifact_digest(str(folder)) != first  # the link's target text counts
    assert artifact_digest(str(folder / "fifo")).startswith("special:")


def test_a_link_to_dev_zero_in_an_output_folder_does_not_hang_the_run(tmp_path: Path) -> None:
    spec = producer_consumer(
        "mkdir -p $0 && echo hi > $0/data && ln -s /dev/zero $0/zero && mkfifo $0/fifo",
        "cat $0/data > $1",
    )
    for cache in (True, False):
        result = quiet(spec, tmp_path / "root", enable_cache=cache)
        assert result.succeeded, result.lines
        assert result.tasks["consume"].outputs["parameters"] == {"seen": "hi\n"}


# ---------------------------------------------------------------- the cache and changed inputs


def test_a_task_changing_its_input_does_not_change_the_cached_producer(tmp_path: Path) -> None:
    spec = producer_consumer("echo original > $0", "cat $0 > $1; echo tampered >> $0")
    first = quiet(spec, tmp_path)
    assert first.succeeded and first.tasks["consume"].outputs["parameters"] == {
        "seen": "original\n"
    }
    second = quiet(spec, tmp_path)
    assert second.succeeded, second.lines
    # the entry of 'produce' points at a file that 'consume' changed: not a hit any more
    assert second.tasks["produce"].state == "SUCCEEDED"
    assert "changed since it was stored" in second.tasks["produce"].cache_reason
    assert second.tasks["consume"].outputs["parameters"] == {"seen": "original\n"}
    produced = Path(second.tasks["produce"].outputs["artifacts"]["data"][0]["uri"])
    assert produced.read_text() == "original\n"  # consume was a hit: nothing changed it
    third_record = json.loads((Path(second.run_dir) / "run.json").read_text())
    assert {t["name"]: t["cached"] for t in third_record["tasks"]} == {
        "produce": False,
        "consume": True,
    }
