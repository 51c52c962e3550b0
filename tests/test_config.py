"""Run configuration files: loading, every strictness rule, applying, -p, template, schema."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from kfp_lite.compiler import Compiler, compile_text

from kfp_lite.cli import cli
from kfp_lite.config import ConfigError, RunConfig, load_config
from kfp_lite.diagnostics import CompileError

ROOT = Path(__file__).resolve().parent.parent
PIPELINE_FILE = ROOT / "tests" / "data" / "config" / "train_pipeline.py"


def _module():
    spec = importlib.util.spec_from_file_location("config_train_pipeline", PIPELINE_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODULE = _module()
PIPELINE = MODULE.train_pipeline


def write(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def load_errors(path: Path) -> list:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.diagnostics


def apply_errors(tmp_path: Path, text: str) -> list:
    config = load_config(write(tmp_path, text))
    with pytest.raises(CompileError) as info:
        compile_text(PIPELINE, config=config)
    return [d for d in info.value.diagnostics if d.code.startswith("KFL5")]


def compiled(tmp_path: Path, text: str, **kwargs) -> dict:
    config = load_config(write(tmp_path, text))
    return yaml.safe_load(compile_text(PIPELINE, config=config, **kwargs))


def one(diagnostics: list, code: str):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, diagnostics
    return found[0]


# --- loading ------------------------------------------------------------------------------

def test_a_valid_file_loads_into_plain_data(tmp_path):
    config = load_config(write(tmp_path, """
        parameters:
          rows: 7
        enable_cache: false
        steps:
          train:
            parameters: {epochs: 23}
            retry: {max_retries: 3, backoff_duration: 60s}
            cpu_limit: 2
    """))
    assert isinstance(config, RunConfig)
    assert config.parameters == {"rows": 7}
    assert config.enable_cache is False
    assert config.steps["train"]["retry"] == {"max_retries": 3, "backoff_duration": "60s"}
    assert config.where(("steps", "train", "cpu_limit")).line == 8


def test_an_empty_file_configures_nothing(tmp_path):
    config = load_config(write(tmp_path, "# nothing yet\n"))
    assert config.parameters == {} and config.steps == {} and config.enable_cache is None


def test_missing_file(tmp_path):
    (diagnostic,) = load_errors(tmp_path / "nope.yaml")
    assert diagnostic.code == "KFL501"
    assert "not found" in diagnostic.message and "nope.yaml" in diagnostic.message


def test_malformed_yaml_gives_its_line(tmp_path):
    path = write(tmp_path, """
        steps:
          train:
            enable_cache: false
            parameters: [1, 2
        parameters: {}
    """)
    (diagnostic,) = load_errors(path)
    assert diagnostic.code == "KFL501"
    assert diagnostic.location.file == str(path)
    assert diagnostic.location.line == 5
    assert "not valid YAML" in diagnostic.message


def test_a_file_that_is_not_a_mapping(tmp_path):
    (diagnostic,) = load_errors(write(tmp_path, "- parameters\n- steps\n"))
    assert diagnostic.code == "KFL501"
    assert "must be a mapping" in diagnostic.message


def test_unknown_keys_at_every_level_with_did_you_mean_all_at_once(tmp_path):
    path = write(tmp_path, """
        paramters:
          rows: 7
        steps:
          train:
            enable_cach: false
            retry: {max_retrie: 3}
            gpu: 1
    """)
    found = {d.message: d for d in load_errors(path)}
    assert set(found) == {
        "paramters: unknown key 'paramters'",
        "steps.train.enable_cach: unknown key 'enable_cach'",
        "steps.train.retry.max_retrie: unknown key 'max_retrie'",
        "steps.train.retry.max_retries: 'max_retries' is required here",
        "steps.train.gpu: unknown key 'gpu'",
    }
    assert found["paramters: unknown key 'paramters'"].hint == "did you mean 'parameters'?"
    assert found["paramters: unknown key 'paramters'"].location.line == 1
    assert found["steps.train.enable_cach: unknown key 'enable_cach'"].hint == "did you mean 'enable_cache'?"
    assert found["steps.train.enable_cach: unknown key 'enable_cach'"].location.line == 5
    assert found["steps.train.retry.max_retrie: unknown key 'max_retrie'"].hint == "did you mean 'max_retries'?"
    assert "cpu_limit" in found["steps.train.gpu: unknown key 'gpu'"].hint  # lists the keys
    assert {d.code for d in found.values()} == {"KFL502", "KFL504"}
    assert all(d.location.file == str(path) for d in found.values())


def test_wrong_value_types_name_their_path_and_line(tmp_path):
    path = write(tmp_path, """
        enable_cache: "no"
        parameters: [rows]
        steps:
          train:
            cpu_limit: [2]
            memory_limit: 5Gb
            env: {PORT: 8080}
            retry: {max_retries: -1, backoff_duration: soon}
            display_name: 12
          load: ~
    """)
    found = {d.message: d.location.line for d in load_errors(path)}
    assert found == {
        "enable_cache: expected true or false, got 'no'": 1,
        "parameters: expected a mapping, got a list of 1 item": 2,
        "steps.train.cpu_limit: expected a string or a whole number or a number, got a list of 1 item": 5,
        "steps.train.memory_limit: '5Gb' is not a memory amount; write e.g. 512Mi, 4G or 1Ti": 6,
        "steps.train.env.PORT: expected a string, got 8080": 7,
        "steps.train.retry.max_retries: expected a number >= 0, got -1": 8,
        "steps.train.retry.backoff_duration: 'soon' is not a duration; write e.g. 30s, 5m, 1h or a "
        "number of seconds": 8,
        "steps.train.display_name: expected a string, got 12": 9,
        "steps.load: expected a mapping, got null": 10,
    }


def test_a_key_given_twice_is_an_error(tmp_path):
    (diagnostic,) = load_errors(write(tmp_path, """
        steps:
          train: {enable_cache: false}
          train: {enable_cache: true}
    """))
    assert diagnostic.message == "steps.train: the key 'train' is given twice (first at line 2)"
    assert diagnostic.location.line == 3


def test_the_error_text_starts_with_file_and_line(tmp_path):
    path = write(tmp_path, "steps:\n  train:\n    enable_cach: false\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert f"{path}:3:5: error[KFL502]: steps.train.enable_cach: unknown key" in str(info.value)


# --- applying: names, parameters, conflicts ---------------------------------------------------

def test_unknown_task_name_with_did_you_mean(tmp_path):
    diagnostic = one(apply_errors(tmp_path, """
        steps:
          load: {enable_cache: false}

          trian:
            enable_cache: false
    """), "KFL503")
    assert diagnostic.message == "steps.trian: no task 'trian' in pipeline 'train-pipeline'; did you mean 'train'?"
    assert diagnostic.location.line == 4
    assert "scoring/train" in diagnostic.hint  # the names a file can use are listed


def test_a_group_path_is_not_a_task_name_but_suggests_the_task(tmp_path):
    diagnostic = one(apply_errors(tmp_path, "steps:\n  for-loop-2/train-2: {enable_cache: false}\n"),
                     "KFL503")
    assert diagnostic.message.endswith("did you mean 'train-2'?")


def test_a_plain_task_has_no_inner_tasks(tmp_path):
    diagnostic = one(apply_errors(tmp_path, "steps:\n  load/x: {enable_cache: false}\n"), "KFL503")
    assert "'load' is not a nested pipeline" in diagnostic.message


def test_conflict_between_file_and_code_shows_both(tmp_path):
    diagnostic = one(apply_errors(tmp_path, """
        steps:
          train:
            parameters:
              epochs: 24
    """), "KFL505")
    assert diagnostic.message == "steps.train.parameters.epochs: config=24 | code=23"
    assert diagnostic.location.line == 4
    assert diagnostic.task_path == "train-pipeline/train"
    assert "remove steps.train.parameters.epochs from" in diagnostic.hint
    assert "drop epochs=23 from the call at" in diagnostic.hint and "train_pipeline.py:29" in diagnostic.hint


def test_equal_values_in_file_and_code_are_fine(tmp_path):
    plain = yaml.safe_load(compile_text(PIPELINE))
    configured = compiled(tmp_path, "steps:\n  train:\n    parameters: {epochs: 23}\n  report-3:\n"
                                    "    parameters: {label: nested}\n")
    assert configured == plain


def test_equal_looking_values_of_another_type_conflict(tmp_path):
    diagnostic = one(apply_errors(tmp_path, "steps:\n  report-3:\n    parameters: {label: 1}\n"), "KFL504")
    assert "annotation is str" in diagnostic.message


def test_arguments_wired_in_code_cannot_be_set(tmp_path):
    found = apply_errors(tmp_path, """
        steps:
          train:
            parameters: {data: text}
          train-2:
            parameters: {epochs: 4, data: b}
          report:
            parameters: {label: x}
    """)
    messages = {d.message: d for d in found}
    assert all(d.code == "KFL506" for d in found) and len(found) == 4
    output = messages["steps.train.parameters.data: 'data' of task 'train' takes the output 'Output' "
                      "of task 'load' in the code, so the configuration cannot set it"]
    assert output.location.line == 3
    loop = messages["steps.train-2.parameters.epochs: 'epochs' of task 'train-2' takes the item of a "
                    "dsl.ParallelFor loop in the code, so the configuration cannot set it"]
    assert loop.location.line == 5
    parameter = messages["steps.train-2.parameters.data: 'data' of task 'train-2' takes the pipeline "
                         "parameter 'name' in the code, so the configuration cannot set it"]
    assert "under parameters: instead" in parameter.hint
    assert "f-string" in messages["steps.report.parameters.label: 'label' of task 'report' takes a value "
                                  "built from pipeline values (an f-string) in the code, so the "
                                  "configuration cannot set it"].message


def test_unknown_parameters_and_outputs(tmp_path):
    found = {d.message: d for d in apply_errors(tmp_path, """
        parameters:
          row: 3
        steps:
          train:
            parameters: {epoch: 3, Output: 1}
    """)}
    assert found["parameters.row: pipeline 'train-pipeline' has no parameter 'row'"].hint == "did you mean 'rows'?"
    assert found["parameters.row: pipeline 'train-pipeline' has no parameter 'row'"].code == "KFL507"
    assert found["steps.train.parameters.epoch: task 'train' has no input 'epoch'"].hint == "did you mean 'epochs'?"
    assert found["steps.train.parameters.Output: 'Output' is an output of task 'train', not an input"].code == "KFL506"


def test_values_are_type_checked_against_the_annotations(tmp_path):
    found = {d.message for d in apply_errors(tmp_path, """
        parameters:
          rows: many
          rate: ~
        steps:
          load:
            parameters: {rows: 2.5}
    """)}
    assert found == {
        "parameters.rows: the value is 'many' of type str, but the annotation is int",
        "parameters.rate: null is not a value",
        "steps.load.parameters.rows: the value is 2.5 of type float, but the annotation is int",
    }


def test_every_problem_of_file_and_pipeline_at_once(tmp_path):
    found = apply_errors(tmp_path, """
        parameters: {row: 1}
        steps:
          trian: {enable_cache: false}
          train:
            parameters: {epochs: 24}
          scoring:
            cpu_limit: 2
    """)
    assert sorted(d.code for d in found) == ["KFL503", "KFL505", "KFL506", "KFL507"]
    assert [d.location.line for d in sorted(found, key=lambda d: d.location.line)] == [1, 3, 5, 7]


# --- applying: what compiles ---------------------------------------------------------------------

def _tasks(spec: dict, component: str = "root") -> dict:
    node = spec["root"] if component == "root" else spec["components"][component]
    return node["dag"]["tasks"]


def test_parameters_become_compiled_defaults(tmp_path):
    spec = compiled(tmp_path, "parameters: {rows: 7, name: b, rate: 1}\n")
    parameters = spec["root"]["inputDefinitions"]["parameters"]
    assert parameters["rows"]["defaultValue"] == 7
    assert parameters["name"]["defaultValue"] == "b"
    assert parameters["rate"]["defaultValue"] == 1.0


def test_command_line_parameters_win_over_the_file(tmp_path):
    spec = compiled(tmp_path, "parameters: {rows: 7, name: b}\n", pipeline_parameters={"rows": 9})
    parameters = spec["root"]["inputDefinitions"]["parameters"]
    assert parameters["rows"]["defaultValue"] == 9
    assert parameters["name"]["defaultValue"] == "b"


def test_a_step_inside_a_loop_is_named_alone(tmp_path):
    spec = compiled(tmp_path, "steps:\n  train-2:\n    parameters: {lr: 0.25}\n    enable_cache: false\n")
    looped = _tasks(spec, "comp-for-loop-2")["train-2"]
    assert looped["inputs"]["parameters"]["lr"] == {"runtimeValue": {"constant": 0.25}}
    assert looped["cachingOptions"] == {}
    assert _tasks(spec)["train"]["cachingOptions"] == {"enableCache": True}


def test_a_step_inside_a_nested_pipeline_is_outer_slash_inner(tmp_path):
    before = compile_text(PIPELINE)
    spec = compiled(tmp_path, """
        steps:
          scoring/train:
            parameters: {lr: 1}
            enable_cache: false
            memory_limit: 1Gi
          scoring:
            display_name: Scoring
    """)
    inner = _tasks(spec, "comp-scoring")["train"]
    assert inner["inputs"]["parameters"]["lr"] == {"runtimeValue": {"constant": 1.0}}
    assert inner["cachingOptions"] == {}
    assert _tasks(spec)["scoring"]["taskInfo"] == {"name": "Scoring"}
    executor = spec["deploymentSpec"]["executors"][inner["componentRef"]["name"].replace("comp-", "exec-")]
    assert executor["container"]["resources"]["resourceMemoryLimit"] == "1Gi"
    # neither the pipeline nor the nested pipeline object was changed
    assert compile_text(PIPELINE) == before
    assert compile_text(MODULE.scoring) == compile_text(_module().scoring)


def test_settings_compile_exactly_as_the_task_methods(tmp_path):
    spec_text = compile_text(PIPELINE, config=load_config(write(tmp_path, """
        steps:
          load:
            enable_cache: false
            retry: {max_retries: 3, backoff_duration: 60s, backoff_factor: 1.5, backoff_max_duration: 10m}
            display_name: Load rows
            cpu_request: 500m
            cpu_limit: 2
            memory_request: 512Mi
            memory_limit: 2Gi
            accelerator_type: nvidia.com/gpu
            accelerator_limit: 2
            env: {STAGE: prod, MODE: fast}
    """)))
    by_hand = _module().train_pipeline.with_options()
    task = by_hand.trace().builder.tasks["load"]
    (task.set_caching_options(False).set_retry(3, "60s", 1.5, "10m").set_display_name("Load rows")
     .set_cpu_request("500m").set_cpu_limit("2").set_memory_request("512Mi").set_memory_limit("2Gi")
     .set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(2)
     .set_env_variable("STAGE", "prod").set_env_variable("MODE", "fast"))
    assert spec_text == compile_text(by_hand)


def test_run_level_enable_cache_and_a_step_override(tmp_path):
    spec = compiled(tmp_path, "enable_cache: false\nsteps:\n  report: {enable_cache: true}\n")
    assert _tasks(spec)["load"]["cachingOptions"] == {}
    assert _tasks(spec)["report"]["cachingOptions"] == {"enableCache": True}
    assert _tasks(spec, "comp-scoring")["train"]["cachingOptions"] == {}


def test_container_settings_on_a_nested_pipeline_task_are_errors(tmp_path):
    diagnostic = one(apply_errors(tmp_path, "steps:\n  scoring: {env: {A: b}}\n"), "KFL506")
    assert diagnostic.message == "steps.scoring.env: 'env' cannot be set on task 'scoring', which is a nested pipeline"


def test_with_options_config_path_and_enable_cache_through_the_compiler(tmp_path):
    config = write(tmp_path, "parameters: {rows: 8}\nsteps:\n  train: {display_name: Fit}\n")
    out = tmp_path / "out.yaml"
    configured = PIPELINE.with_options(config_path=str(config), enable_cache=False)
    Compiler().compile(configured, str(out))
    spec = yaml.safe_load(out.read_text())
    assert spec["root"]["inputDefinitions"]["parameters"]["rows"]["defaultValue"] == 8
    assert _tasks(spec)["train"]["taskInfo"] == {"name": "Fit"}
    caching = [t["cachingOptions"] for c in ["root", "comp-for-loop-2", "comp-scoring"]
               for t in _tasks(spec, c).values() if "cachingOptions" in t]
    assert len(caching) == 8 and all(c == {} for c in caching)
    plain = yaml.safe_load(compile_text(PIPELINE))
    assert _tasks(plain)["train"]["cachingOptions"] == {"enableCache": True}


def test_a_bad_config_path_through_the_compiler_raises_config_error(tmp_path):
    with pytest.raises(ConfigError):
        Compiler().compile(PIPELINE.with_options(config_path=str(tmp_path / "missing.yaml")),
                           str(tmp_path / "out.yaml"))
    assert not (tmp_path / "out.yaml").exists()


# --- command line ----------------------------------------------------------------------------

def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_config_and_p_wins(tmp_path):
    config = write(tmp_path, "parameters: {rows: 7, name: b}\n")
    out = tmp_path / "out.yaml"
    result = run("compile", str(PIPELINE_FILE), "-o", str(out), "--function", "train_pipeline",
                 "--config", str(config), "-p", "rows=9")
    assert result.exit_code == 0, result.output
    parameters = yaml.safe_load(out.read_text())["root"]["inputDefinitions"]["parameters"]
    assert (parameters["rows"]["defaultValue"], parameters["name"]["defaultValue"]) == (9, "b")


def test_cli_reports_every_error_and_writes_nothing(tmp_path):
    config = write(tmp_path, "steps:\n  trian: {enable_cache: false}\n  train:\n    parameters: {epochs: 24}\n")
    out = tmp_path / "out.yaml"
    out.write_text("old\n")
    result = run("compile", str(PIPELINE_FILE), "-o", str(out), "--function", "train_pipeline",
                 "--config", str(config))
    assert result.exit_code == 1
    assert "run.yaml:2:3: error[KFL503]: steps.trian: no task 'trian'" in result.output
    assert "run.yaml:4:18: error[KFL505]: steps.train.parameters.epochs: config=24 | code=23" in result.output
    assert "Traceback" not in result.output
    assert out.read_text() == "old\n"


def test_cli_invalid_file_writes_nothing(tmp_path):
    config = write(tmp_path, "steps: [\n")
    out = tmp_path / "out.yaml"
    result = run("compile", str(PIPELINE_FILE), "-o", str(out), "--function", "train_pipeline",
                 "--config", str(config))
    assert result.exit_code == 1
    assert "error[KFL501]" in result.output
    assert not out.exists()


def _uncomment(template: str) -> str:
    lines = [line[2:] for line in template.splitlines()
             if line.startswith("# ") and not line.startswith("##")]
    return "\n".join(lines) + "\n"


def test_config_template_round_trip(tmp_path):
    result = run("config-template", str(PIPELINE_FILE), "--function", "train_pipeline")
    assert result.exit_code == 0, result.output
    template = result.output
    for expected in ("#   rows: 5  # int, default in code", "#   train-2:  # in for-loop-2",
                     "#   scoring/train:", "#       epochs: 23  # int, set in code",
                     "#       lr: 0.1  # float, component default",
                     "takes the output 'Output' of task 'load'; not settable"):
        assert expected in template
    as_is = load_config(write(tmp_path, template, "as_is.yaml"))
    assert compile_text(PIPELINE, config=as_is) == compile_text(PIPELINE)
    uncommented = load_config(write(tmp_path, _uncomment(template), "all.yaml"))
    assert set(uncommented.steps) == {"load", "train", "report", "train-2", "report-2", "scoring",
                                      "report-3", "scoring/train"}
    compile_text(PIPELINE, config=uncommented)  # every line set: still no error


def test_config_template_help_and_usage_errors(tmp_path):
    result = run("config-template", "--help")
    assert result.exit_code == 0 and "kfp-lite config-template" in result.output
    result = run("config-template", str(tmp_path / "missing.py"))
    assert result.exit_code == 2 and "Traceback" not in result.output


# --- schema and import cost ------------------------------------------------------------------------

def test_checked_in_schema_is_current():
    from kfp_lite.config.schema import SCHEMA_PATH, render

    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), \
        "run_config.schema.json is stale; run: python -m kfp_lite.config.schema"


def test_schema_accepts_a_config_and_rejects_unknown_keys():
    import jsonschema

    from kfp_lite.config.schema import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = {"parameters": {"rows": 1}, "steps": {"train": {"retry": {"max_retries": 2}, "cpu_limit": 2}}}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({"steps": {"train": {"enable_cach": False}}}))


def test_plain_compile_never_imports_pydantic():
    code = textwrap.dedent(f"""
        import sys
        import kfp_lite.dsl
        assert 'pydantic' not in sys.modules
        import importlib.util
        spec = importlib.util.spec_from_file_location('m', {str(PIPELINE_FILE)!r})
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
        from kfp_lite.compiler import compile_text
        compile_text(m.train_pipeline)
        compile_text(m.train_pipeline.with_options(enable_cache=False))
        print(sorted(k for k in sys.modules if k.split('.')[0] in ('pydantic', 'jsonschema')))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


SAMPLES = sorted((ROOT / "samples").glob("*_pipeline.py"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_template_uncommented_compiles(sample, tmp_path):
    from kfp_lite.cli._loading import find_target, load_module
    from kfp_lite.config.template import render_template

    target = find_target(load_module(str(sample)), None, str(sample)).obj
    try:
        plain = compile_text(target)
    except CompileError:
        pytest.skip(f"{sample.name} does not compile without a configuration either")
    template = render_template(target, sample.name)
    config = load_config(write(tmp_path, _uncomment(template)))
    text = compile_text(target, config=config)
    if sample.stem == "task_settings_pipeline":  # no component defaults: nothing changes at all
        assert text == plain
