"""ir_schema: the schema is current, real documents validate, broken ones say where."""

from __future__ import annotations

import copy
import functools
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from kfp_lite.ir_schema.problem import join_path

from kfp_lite import ir_schema

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ir_schema"
KNOWN_KFP_BUGS = {"kfp_bug_nested_loop_outer_param.yaml", "kfp_bug_kubernetes_dict_item_field.yaml"}


def _documents() -> list[Path]:
    files = sorted((ROOT / "tests" / "golden").rglob("*.yaml")) + sorted(DATA.glob("*.yaml"))
    return [f for f in files if f.name not in KNOWN_KFP_BUGS]


@functools.cache
def _load(name: str = "features.yaml") -> Any:
    """The parsed first document (shared: callers that change it take a deep copy)."""
    return ir_schema.load_spec_file(DATA / name)[0]


# ---------------------------------------------------------------------------------------------
# the schema file


def test_checked_in_schema_is_current() -> None:
    from kfp_lite.ir_schema.generate import SCHEMA_PATH, render

    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "pipeline_spec.schema.json is stale; run: python -m kfp_lite.ir_schema.generate"
    )


def test_generate_check_mode_reports_current_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kfp_lite.ir_schema.generate", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(ir_schema.load_schema())


def test_importing_the_package_loads_neither_pydantic_nor_jsonschema() -> None:
    code = (
        "import sys, ir_schema; "
        "print(any(m.split('.')[0] in ('pydantic', 'jsonschema', 'yaml') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


# ---------------------------------------------------------------------------------------------
# real documents


@pytest.mark.parametrize("path", _documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_documents_validate_and_fit_the_models(path: Path) -> None:
    from kfp_lite.ir_schema.models import PipelineSpec, PlatformSpec

    documents = ir_schema.load_spec_file(path)
    assert ir_schema.validate_documents(documents) == []
    PipelineSpec.model_validate(documents[0])
    if len(documents) > 1:
        PlatformSpec.model_validate(documents[1])


def test_reference_sdk_dangling_input_is_reported() -> None:
    """kfp 2.17.3 forgets to declare an outer pipeline parameter used by a nested loop."""
    docs = ir_schema.load_spec_file(DATA / "kfp_bug_nested_loop_outer_param.yaml")
    problems = ir_schema.validate_documents(docs)
    assert [p.path for p in problems] == [
        "components.comp-for-loop-1.dag.tasks.for-loop-2.inputs.parameters"
        ".pipelinechannel--items.componentInputParameter"
    ]


def test_platform_spec_is_checked_against_executors() -> None:
    spec, platform = ir_schema.load_spec_file(DATA / "with_config.yaml")
    platform = copy.deepcopy(platform)
    platform["platforms"]["kubernetes"]["deploymentSpec"] = {"executors": {"exec-eco": {}}}
    problems = ir_schema.validate_documents([spec, platform])
    assert [(p.document, p.path) for p in problems] == [
        (2, "platforms.kubernetes.deploymentSpec.executors.exec-eco")
    ]
    assert problems[0].hint == "did you mean 'exec-echo'?"


def test_platform_spec_unknown_key() -> None:
    spec, platform = ir_schema.load_spec_file(DATA / "with_config.yaml")
    platform = copy.deepcopy(platform)
    platform["platforms"]["kubernetes"]["pipelineConfig"]["workspce"] = {}
    problems = ir_schema.validate_documents([spec, platform])
    assert [(p.document, p.path) for p in problems] == [
        (2, "platforms.kubernetes.pipelineConfig.workspce")
    ]


def test_reference_sdk_kubernetes_dict_item_field_is_reported() -> None:
    """kfp-kubernetes 2.17.3 reads a dict loop item's field from an input that exists nowhere."""
    docs = ir_schema.load_spec_file(DATA / "kfp_bug_kubernetes_dict_item_field.yaml")
    problems = ir_schema.validate_documents(docs)
    assert [(p.document, p.path) for p in problems] == [
        (2, "platforms.kubernetes.deploymentSpec.executors.exec-echo.secretAsEnv[0]"
            ".secretNameParameter.componentInputParameter")
    ]


def _kubernetes_problems(change: Callable[[Any], None]) -> list[tuple[int, str, str]]:
    spec, platform = ir_schema.load_spec_file(DATA / "kubernetes_features.yaml")
    platform = copy.deepcopy(platform)
    change(platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"])
    return [(p.document, p.path, str(p)) for p in ir_schema.validate_documents([spec, platform])]


KUBERNETES_MUTATIONS = [
    ("unknown-setting", lambda e: e["exec-echo"].update(secretAsEnvs=[]),
     "exec-echo.secretAsEnvs", "secretAsEnvs"),
    ("timeout-not-a-number", lambda e: e["exec-echo"].update(activeDeadlineSeconds="soon"),
     "exec-echo.activeDeadlineSeconds", "soon"),
    ("weight-with-fraction", lambda e: e["exec-echo"]["nodeAffinity"][0].update(weight=1.5),
     "exec-echo.nodeAffinity[0].weight", "1.5"),
    ("two-pvc-references", lambda e: e["exec-echo"]["pvcMount"][0].update(constant="x"),
     "exec-echo.pvcMount[0]", "only one"),
    ("optional-not-a-bool", lambda e: e["exec-echo"]["secretAsEnv"][0].update(optional="yes"),
     "exec-echo.secretAsEnv[0].optional", "yes"),
    ("input-unknown",
     lambda e: e["exec-echo"]["configMapAsVolume"][0]["configMapNameParameter"].update(
         componentInputParameter="secrte"),
     "exec-echo.configMapAsVolume[0].configMapNameParameter.componentInputParameter",
     "did you mean 'secret'"),
    ("producer-not-a-sibling",
     lambda e: e["exec-echo-3"]["pvcMount"][0].update(
         {"pvcNameParameter": {"taskOutputParameter": {"producerTask": "echo", "outputParameterKey": "Output"}}}),
     "exec-echo-3.pvcMount[0].pvcNameParameter.taskOutputParameter.producerTask", "not a task of the DAG"),
    ("producer-output-unknown",
     lambda e: e["exec-echo-2"]["secretAsEnv"][0]["secretNameParameter"]["taskOutputParameter"].update(
         outputParameterKey="Out"),
     "exec-echo-2.secretAsEnv[0].secretNameParameter.taskOutputParameter.outputParameterKey",
     "did you mean 'Output'"),
]


@pytest.mark.parametrize(("change", "path", "words"), [m[1:] for m in KUBERNETES_MUTATIONS],
                         ids=[m[0] for m in KUBERNETES_MUTATIONS])
def test_kubernetes_settings_are_checked(change: Callable[[Any], None], path: str, words: str) -> None:
    full = "platforms.kubernetes.deploymentSpec.executors." + path
    problems = _kubernetes_problems(change)
    matching = [p for p in problems if p[1] == full and p[0] == 2]
    assert matching, f"no problem at {full!r}; got {problems}"
    assert any(words in p[2] for p in matching), matching


def test_other_platforms_stay_free_form() -> None:
    spec, platform = ir_schema.load_spec_file(DATA / "kubernetes_features.yaml")
    platform = copy.deepcopy(platform)
    platform["platforms"]["vertex"] = {"deploymentSpec": {"executors": {"exec-echo": {"anything": [1]}}}}
    assert ir_schema.validate_documents([spec, platform]) == []


# ---------------------------------------------------------------------------------------------
# mutations: start from a valid document, break one thing, expect the path


def _get(doc: Any, dotted: str) -> Any:
    for part in dotted.split("/"):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def _set(dotted: str, value: Any) -> Callable[[Any], None]:
    parent, _, key = dotted.rpartition("/")

    def apply(doc: Any) -> None:
        target = _get(doc, parent) if parent else doc
        target[int(key) if isinstance(target, list) else key] = value

    return apply


def _delete(dotted: str) -> Callable[[Any], None]:
    parent, _, key = dotted.rpartition("/")

    def apply(doc: Any) -> None:
        target = _get(doc, parent) if parent else doc
        del target[int(key) if isinstance(target, list) else key]

    return apply


def _rename(dotted: str, new: str) -> Callable[[Any], None]:
    parent, _, key = dotted.rpartition("/")

    def apply(doc: Any) -> None:
        target = _get(doc, parent) if parent else doc
        target[new] = target.pop(key)

    return apply


T = "root/dag/tasks"
P = "root.dag.tasks"
C = "components"

# (id, mutation, expected path, a word the message must contain)
MUTATIONS: list[tuple[str, Callable[[Any], None], str, str]] = [
    (
        "component-ref-typo",
        _set(f"{T}/train/componentRef/name", "comp-trian"),
        f"{P}.train.componentRef.name",
        "'comp-trian' is not a component",
    ),
    (
        "executor-label-typo",
        _set(f"{C}/comp-echo/executorLabel", "exec-ecoh"),
        "components.comp-echo.executorLabel",
        "not an executor",
    ),
    (
        "producer-task-unknown",
        _set(f"{T}/evaluate/inputs/artifacts/model/taskOutputArtifact/producerTask", "trian"),
        f"{P}.evaluate.inputs.artifacts.model.taskOutputArtifact.producerTask",
        "not a task of this DAG",
    ),
    (
        "producer-output-unknown",
        _set(f"{T}/evaluate/inputs/artifacts/model/taskOutputArtifact/outputArtifactKey", "mdl"),
        f"{P}.evaluate.inputs.artifacts.model.taskOutputArtifact.outputArtifactKey",
        "not an output artifact of task 'train'",
    ),
    (
        "parameter-producer-output-unknown",
        _set(
            f"{T}/condition-branches-1/inputs/parameters/pipelinechannel--evaluate-acc/"
            "taskOutputParameter/outputParameterKey",
            "accuracy",
        ),
        f"{P}.condition-branches-1.inputs.parameters.pipelinechannel--evaluate-acc"
        ".taskOutputParameter.outputParameterKey",
        "not an output parameter",
    ),
    (
        "parameter-producer-not-sibling",
        _set(
            f"{T}/condition-branches-1/inputs/parameters/pipelinechannel--evaluate-acc/"
            "taskOutputParameter/producerTask",
            "echo",
        ),
        f"{P}.condition-branches-1.inputs.parameters.pipelinechannel--evaluate-acc"
        ".taskOutputParameter.producerTask",
        "not a task of this DAG",
    ),
    (
        "component-input-parameter-unknown",
        _set(f"{T}/make-data/inputs/parameters/n/componentInputParameter", "m"),
        f"{P}.make-data.inputs.parameters.n.componentInputParameter",
        "not an input parameter of the enclosing component",
    ),
    (
        "component-input-artifact-unknown",
        _set(f"{T}/inner-pipe/inputs/artifacts/data/componentInputArtifact", "dss"),
        f"{P}.inner-pipe.inputs.artifacts.data.componentInputArtifact",
        "not an input artifact",
    ),
    (
        "nested-component-input-unknown",
        _set(
            f"{C}/comp-condition-3/dag/tasks/echo-2/inputs/parameters/msg/componentInputParameter",
            "pipelinechannel--nme",
        ),
        "components.comp-condition-3.dag.tasks.echo-2.inputs.parameters.msg"
        ".componentInputParameter",
        "did you mean",
    ),
    (
        "dependent-task-unknown",
        _set(f"{T}/train/dependentTasks/0", "importr"),
        f"{P}.train.dependentTasks[0]",
        "not a task of this DAG",
    ),
    (
        "dependent-task-self",
        _set(f"{T}/train/dependentTasks/0", "train"),
        f"{P}.train.dependentTasks[0]",
        "depends on itself",
    ),
    (
        "dependency-cycle",
        _set(f"{T}/make-data/dependentTasks", ["evaluate"]),
        f"{P}.evaluate",
        "cycle",
    ),
    (
        "parameter-type-enum",
        _set(f"{C}/comp-echo/inputDefinitions/parameters/msg/parameterType", "STRNG"),
        "components.comp-echo.inputDefinitions.parameters.msg.parameterType",
        "not a valid parameterType",
    ),
    (
        "output-parameter-type-enum",
        _set(f"{C}/comp-echo/outputDefinitions/parameters/Output/parameterType", "str"),
        "components.comp-echo.outputDefinitions.parameters.Output.parameterType",
        "not a valid parameterType",
    ),
    (
        "artifact-schema-title-malformed",
        _set(f"{C}/comp-train/inputDefinitions/artifacts/data/artifactType/schemaTitle", "Dataset"),
        "components.comp-train.inputDefinitions.artifacts.data.artifactType.schemaTitle",
        "well-formed artifact schema title",
    ),
    (
        "schema-version",
        _set("schemaVersion", "2.0.0"),
        "schemaVersion",
        "expected '2.1.0'",
    ),
    (
        "unknown-top-level-key",
        _set("pipelineInf", {"name": "x"}),
        "pipelineInf",
        "unknown key",
    ),
    (
        "missing-root",
        _delete("root"),
        "",
        "missing required key 'root'",
    ),
    (
        "missing-pipeline-name",
        _delete("pipelineInfo/name"),
        "pipelineInfo",
        "missing required key 'name'",
    ),
    (
        "unknown-task-key",
        _rename(f"{T}/train/componentRef", "componentRf"),
        f"{P}.train.componentRf",
        "unknown key 'componentRf'",
    ),
    (
        "task-input-needs-a-source",
        _set(f"{T}/make-data/inputs/parameters/n", {}),
        f"{P}.make-data.inputs.parameters.n",
        "needs one of",
    ),
    (
        "task-input-two-sources",
        _set(
            f"{T}/make-data/inputs/parameters/n/runtimeValue",
            {"constant": 3},
        ),
        f"{P}.make-data.inputs.parameters.n",
        "alternatives",
    ),
    (
        "component-dag-and-executor",
        _set(f"{C}/comp-condition-2/executorLabel", "exec-echo"),
        "components.comp-condition-2",
        "alternatives",
    ),
    (
        "executor-container-and-importer",
        _set("deploymentSpec/executors/exec-importer/container", {"image": "x"}),
        "deploymentSpec.executors.exec-importer",
        "alternatives",
    ),
    (
        "container-image-missing",
        _delete("deploymentSpec/executors/exec-echo/container/image"),
        "deploymentSpec.executors.exec-echo.container",
        "missing required key 'image'",
    ),
    (
        "container-command-not-list",
        _set("deploymentSpec/executors/exec-shell/container/command", "sh -c"),
        "deploymentSpec.executors.exec-shell.container.command",
        "expected a list",
    ),
    (
        "container-arg-not-string",
        _set("deploymentSpec/executors/exec-shell/container/args/0", 7),
        "deploymentSpec.executors.exec-shell.container.args[0]",
        "expected a string",
    ),
    (
        "accelerator-count-not-integer",
        _set(
            "deploymentSpec/executors/exec-make-data/container/resources/accelerator/count",
            "one",
        ),
        "deploymentSpec.executors.exec-make-data.container.resources.accelerator.count",
        "expected an integer or a string of digits",
    ),
    (
        "env-var-unknown-key",
        _set("deploymentSpec/executors/exec-make-data/container/env/0/valu", "1"),
        "deploymentSpec.executors.exec-make-data.container.env[0].valu",
        "did you mean 'value'",
    ),
    (
        "retry-duration-format",
        _set(f"{T}/make-data/retryPolicy/backoffDuration", "30 seconds"),
        f"{P}.make-data.retryPolicy.backoffDuration",
        "not a duration",
    ),
    (
        "retry-count-type",
        _set(f"{T}/make-data/retryPolicy/maxRetryCount", "3"),
        f"{P}.make-data.retryPolicy.maxRetryCount",
        "expected an integer",
    ),
    (
        "caching-flag-type",
        _set(f"{T}/train/cachingOptions/enableCache", "yes"),
        f"{P}.train.cachingOptions.enableCache",
        "expected true or false",
    ),
    (
        "trigger-strategy-enum",
        _set(f"{T}/train/triggerPolicy", {"strategy": "ALL_DONE"}),
        f"{P}.train.triggerPolicy.strategy",
        "not a valid strategy",
    ),
    (
        "iterator-input-unknown",
        _set(f"{T}/for-loop-10/parameterIterator/items/inputParameter", "pipelinechannel--x"),
        f"{P}.for-loop-10.parameterIterator.items.inputParameter",
        "not an input parameter of this task",
    ),
    (
        "iterator-item-input-unknown",
        _set(f"{T}/for-loop-9/parameterIterator/itemInput", "pipelinechannel--loop-item"),
        f"{P}.for-loop-9.parameterIterator.itemInput",
        "not an input parameter of component 'comp-for-loop-9'",
    ),
    (
        "two-iterators",
        _set(
            f"{T}/for-loop-9/artifactIterator",
            {"itemInput": "a", "items": {"inputArtifact": "b"}},
        ),
        f"{P}.for-loop-9",
        "alternatives",
    ),
    (
        "parallelism-type",
        _set(f"{T}/for-loop-9/iteratorPolicy/parallelismLimit", 2.5),
        f"{P}.for-loop-9.iteratorPolicy.parallelismLimit",
        "expected an integer",
    ),
    (
        "dag-output-subtask-unknown",
        _set("root/dag/outputs/parameters/acc/valueFromParameter/producerSubtask", "evaluat"),
        "root.dag.outputs.parameters.acc.valueFromParameter.producerSubtask",
        "did you mean 'evaluate'",
    ),
    (
        "dag-output-key-unknown",
        _set("root/dag/outputs/parameters/acc/valueFromParameter/outputParameterKey", "ac"),
        "root.dag.outputs.parameters.acc.valueFromParameter.outputParameterKey",
        "not an output parameter of task 'evaluate'",
    ),
    (
        "dag-output-artifact-selector",
        _set("root/dag/outputs/artifacts/m/artifactSelectors/0/outputArtifactKey", "Out"),
        "root.dag.outputs.artifacts.m.artifactSelectors[0].outputArtifactKey",
        "not an output artifact",
    ),
    (
        "dag-oneof-selector",
        _set(
            f"{C}/comp-condition-branches-5/dag/outputs/parameters/"
            "pipelinechannel--condition-branches-5-oneof-1/valueFromOneof/parameterSelectors/1/"
            "producerSubtask",
            "condition-8",
        ),
        "components.comp-condition-branches-5.dag.outputs.parameters"
        ".pipelinechannel--condition-branches-5-oneof-1.valueFromOneof.parameterSelectors[1]"
        ".producerSubtask",
        "not a task of this DAG",
    ),
    (
        "dag-output-not-declared",
        _rename("root/dag/outputs/parameters/acc", "accuracy"),
        "root.dag.outputs.parameters.accuracy",
        "not an output parameter of this component",
    ),
    (
        "required-input-not-given",
        _delete(f"{T}/make-data/inputs/parameters/n"),
        f"{P}.make-data.inputs.parameters",
        "required input parameter 'n'",
    ),
    (
        "default-value-wrong-type",
        _set("root/inputDefinitions/parameters/n/defaultValue", "five"),
        "root.inputDefinitions.parameters.n.defaultValue",
        "does not fit parameter type NUMBER_INTEGER",
    ),
    (
        "constant-wrong-type",
        _set(f"{T}/importer/inputs/parameters/uri/runtimeValue/constant", 3),
        f"{P}.importer.inputs.parameters.uri.runtimeValue.constant",
        "does not fit parameter type STRING",
    ),
    (
        "final-status-producer-unknown",
        _set(f"{T}/train/inputs/parameters/lr", {"taskFinalStatus": {"producerTask": "nope"}}),
        f"{P}.train.inputs.parameters.lr.taskFinalStatus.producerTask",
        "not a task of this DAG",
    ),
    (
        "consumes-own-output",
        _set(f"{T}/evaluate/inputs/artifacts/model/taskOutputArtifact/producerTask", "evaluate"),
        f"{P}.evaluate.inputs.artifacts.model.taskOutputArtifact.producerTask",
        "its own output",
    ),
    (
        "component-uses-itself",
        _set(f"{C}/comp-condition-2/dag/tasks/echo/componentRef/name", "comp-condition-2"),
        "components.comp-condition-2",
        "contain themselves",
    ),
    (
        "importer-unknown-key",
        _set("deploymentSpec/executors/exec-importer/importer/reimprt", True),
        "deploymentSpec.executors.exec-importer.importer.reimprt",
        "did you mean 'reimport'",
    ),
    (
        "non-string-key",
        lambda doc: _get(doc, f"{T}/train/inputs/parameters").update(
            {5: {"componentInputParameter": "n"}}
        ),
        f"{P}.train.inputs.parameters.5",
        "keys must be strings",
    ),
    (
        "date-in-free-json",
        _set(
            "root/inputDefinitions/parameters/name/defaultValue",
            __import__("datetime").date(2024, 1, 1),
        ),
        "root.inputDefinitions.parameters.name.defaultValue",
        "a date cannot be written in JSON",
    ),
]


def test_there_are_at_least_30_mutations() -> None:
    assert len(MUTATIONS) >= 30


@pytest.mark.parametrize(
    ("mutate", "path", "words"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_mutated_document_is_rejected_at_the_right_path(
    mutate: Callable[[Any], None], path: str, words: str
) -> None:
    doc = copy.deepcopy(_load())
    mutate(doc)
    problems = ir_schema.validate(doc)
    assert problems, "the mutation was not noticed"
    matching = [p for p in problems if p.path == path]
    assert matching, f"no problem at {path!r}; got {[str(p) for p in problems]}"
    assert any(words in str(p) for p in matching), [str(p) for p in matching]


def test_did_you_mean_in_the_documented_format() -> None:
    doc = copy.deepcopy(_load("component_only.yaml"))
    task = next(iter(doc["root"]["dag"]["tasks"].values()))
    task["componentRef"]["name"] = "comp-trian"
    (problem,) = ir_schema.validate(doc)
    task_name = next(iter(doc["root"]["dag"]["tasks"]))
    assert str(problem) == (
        f"root.dag.tasks.{task_name}.componentRef.name: 'comp-trian' is not a component "
        "(did you mean 'comp-train'?)"
    )


def test_problem_is_a_frozen_record() -> None:
    problem = ir_schema.Problem("a.b", "broken", "fix it")
    with pytest.raises(AttributeError):
        problem.path = "c"  # type: ignore[misc]
    assert (problem.path, problem.message, problem.hint, problem.document) == (
        "a.b",
        "broken",
        "fix it",
        1,
    )


def test_paths_quote_unusual_keys() -> None:
    assert join_path(["a", "b.c", 0, "d e"]) == 'a["b.c"][0]["d e"]'


# ---------------------------------------------------------------------------------------------
# garbage in, problems out


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "no document"),
        ("- 1\n- 2\n", "got a list"),
        ("just a string\n", "got a string"),
        ("42\n", "got a value of type integer"),
        ("~\n", "got nothing"),
        ("a: 1\n---\nb: 2\n---\nc: 3\n", "3 YAML documents"),
        ("{}\n", "missing required key"),
    ],
)
def test_garbage_documents_give_problems(text: str, words: str) -> None:
    problems = ir_schema.validate_documents(ir_schema.load_spec_text(text))
    assert problems
    assert any(words in str(p) for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary", b"\xff\xfe\xfa", b"a: [1, 2\n", b"key: value\n  bad indent: x\n"],
)
def test_unreadable_input_raises_spec_file_error(data: bytes) -> None:
    with pytest.raises(ir_schema.SpecFileError):
        ir_schema.load_spec_text(data, "x.yaml")


def test_missing_file_raises_spec_file_error(tmp_path: Path) -> None:
    with pytest.raises(ir_schema.SpecFileError, match="no such file"):
        ir_schema.load_spec_file(tmp_path / "nope.yaml")
    with pytest.raises(ir_schema.SpecFileError, match="directory"):
        ir_schema.load_spec_file(tmp_path)


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        "text",
        3.5,
        b"bytes",
        {"root": []},
        {"root": {"dag": {"tasks": []}}},
        {"root": {"dag": {"tasks": {"a": None, "b": {"componentRef": 5}}}}},
        {"components": {"c": {"dag": {"tasks": {"t": {"dependentTasks": "t"}}}}}},
        {"root": {"dag": {"outputs": {"parameters": {"x": {"valueFromOneof": 1}}}}}},
        {1: {2: {3: 4}}},
        {"components": {"c": {"dag": {"tasks": {1: {"dependentTasks": [1, None]}}}}}},
        {"pipelineInfo": {"name": float("nan")}, "root": set()},
    ],
)
def test_validate_never_raises(value: Any) -> None:
    problems = ir_schema.validate(value)
    assert problems and all(isinstance(p, ir_schema.Problem) for p in problems)


def test_deeply_nested_free_json_is_handled() -> None:
    doc = copy.deepcopy(_load())
    deep: Any = "leaf"
    for _ in range(5000):
        deep = [deep]
    doc["root"]["inputDefinitions"]["parameters"]["items"]["defaultValue"] = deep
    assert ir_schema.validate(doc) == []


def _chain(n: int) -> dict[str, Any]:
    """A valid spec with ``n`` tasks in a chain, each with its own component and executor."""
    components: dict[str, Any] = {}
    executors: dict[str, Any] = {}
    tasks: dict[str, Any] = {}
    for i in range(n):
        components[f"comp-t{i}"] = {
            "executorLabel": f"exec-t{i}",
            "inputDefinitions": {"parameters": {"x": {"parameterType": "STRING"}}},
            "outputDefinitions": {"parameters": {"Output": {"parameterType": "STRING"}}},
        }
        executors[f"exec-t{i}"] = {"container": {"image": "python:3.11", "args": ["a"]}}
        source = (
            {"taskOutputParameter": {"producerTask": f"t{i - 1}", "outputParameterKey": "Output"}}
            if i
            else {"runtimeValue": {"constant": "start"}}
        )
        tasks[f"t{i}"] = {
            "componentRef": {"name": f"comp-t{i}"},
            "dependentTasks": [f"t{i - 1}"] if i else [],
            "inputs": {"parameters": {"x": source}},
            "taskInfo": {"name": f"t{i}"},
            "cachingOptions": {"enableCache": True},
        }
    return {
        "components": components,
        "deploymentSpec": {"executors": executors},
        "pipelineInfo": {"name": "chain"},
        "root": {"dag": {"tasks": tasks}},
        "schemaVersion": "2.1.0",
        "sdkVersion": "kfp-lite",
    }


def test_huge_document_validates_and_reports_all_errors() -> None:
    doc = _chain(1000)
    assert ir_schema.validate(doc) == []
    for i in range(0, 1000, 100):
        doc["root"]["dag"]["tasks"][f"t{i}"]["componentRef"]["name"] = f"comp-x{i}"
    problems = ir_schema.validate(doc)
    assert len(problems) == 10
    assert problems[0].path == "root.dag.tasks.t0.componentRef.name"
