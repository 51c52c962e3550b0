"""The local runner on compiled specs: control flow, caching, retries, a killed run, the CLI.

Specs come from the kfp 2.17.3 goldens of the conformance corpus and from tests/data/local
(compiled with the reference kfp by tests/tools/make_local_specs.py); their lightweight
commands are swapped for kfp_lite's so that they run offline (tests/local_specs.py).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from local_specs import golden, runnable

from kfp_lite import local
from kfp_lite.cli import cli
from kfp_lite.local.cache import CACHE_FILE
from kfp_lite.local.cel import CelError, evaluate
from kfp_lite.local.placeholders import expand_arguments

ROOT = Path(__file__).resolve().parents[1]
LOCAL_DATA = ROOT / "tests" / "data" / "local"


def local_spec(name: str) -> dict:
    return runnable(yaml.safe_load((LOCAL_DATA / f"{name}.yaml").read_text()))


def run(spec: dict, root: Path, args: dict | None = None, **kw) -> local.RunResult:
    lines: list[str] = []
    result = local.run(
        spec, args or {}, pipeline_root=root, retry_backoff_scale=0, echo=lines.append, **kw
    )
    result.lines = lines  # type: ignore[attr-defined]
    return result


def states(result: local.RunResult) -> dict[str, str]:
    return {path: record.state for path, record in result.tasks.items()}


# ---------------------------------------------------------------- control flow


@pytest.mark.parametrize(
    ("case", "outputs"),
    [
        ("cf_collected_pipeline_output", {"scores": [0.1, 0.2, 0.3]}),
        ("cf_oneof_pipeline_output", {"accuracy": 0.91}),
        ("cf_nested_pipeline_three_levels", {"Output": 11}),
        ("pipeline_output_namedtuple", {"doubled": 8}),
    ],
)
def test_pipeline_outputs(case: str, outputs: dict, tmp_path: Path) -> None:
    result = run(golden(case), tmp_path)
    assert result.succeeded, result.lines
    assert result.outputs.parameters == outputs


EXPECTED_RUNS = json.loads((LOCAL_DATA / "expected_runs.json").read_text())


@pytest.mark.parametrize("case", sorted(EXPECTED_RUNS))
def test_control_flow_cases_give_the_expected_outputs(case: str, tmp_path: Path) -> None:
    """Every task's state and every container task's output parameters (values checked by
    hand when the file was written: loop items, branch choices, f-strings, path params)."""
    result = run(golden(case), tmp_path, max_workers=2)
    assert result.succeeded, "\n".join(result.lines)
    outputs = {
        path: record.outputs["parameters"]
        for path, record in result.tasks.items()
        if record.kind == "container" and record.outputs.get("parameters")
    }
    assert states(result) == EXPECTED_RUNS[case]["states"]
    assert outputs == EXPECTED_RUNS[case]["task_outputs"]


def test_nested_collected_is_flattened(tmp_path: Path) -> None:
    result = run(golden("cf_collected_nested_loops"), tmp_path)
    assert result.succeeded
    log = (Path(result.run_dir) / "summarize" / "task.log").read_text()
    names = sorted(eval(log.split("]")[0] + "]"))  # prints "['emea-1', ...] 6"
    assert names == sorted(f"{r}-{m}" for r in ("emea", "apac") for m in (1, 2, 3))
    assert log.strip().endswith("6")


def test_if_elif_else_runs_exactly_one_branch(tmp_path: Path) -> None:
    spec = golden("cf_if_else_str_param")
    result = run(spec, tmp_path)
    assert result.succeeded
    assert states(result) == {
        "condition-branches-1": "SUCCEEDED",
        "condition-branches-1/condition-2": "SKIPPED",
        "condition-branches-1/condition-3": "SUCCEEDED",
        "condition-branches-1/condition-3/skip-deployment": "SUCCEEDED",
    }


@pytest.mark.parametrize(
    ("rate", "guarded", "status"),
    [(1.0, "FAILED", "FAILED"), (0.0, "SUCCEEDED", "SUCCEEDED")],
)
def test_exit_handler_gets_the_final_status(
    tmp_path: Path, rate: float, guarded: str, status: str
) -> None:
    """``fail_sometimes`` fails when random() < rate: 1.0 always fails, 0.0 never does."""
    result = run(golden("cf_exit_handler_final_status"), tmp_path, {"rate": rate})
    assert states(result) == {
        "exit-handler-1": guarded,
        "exit-handler-1/fail-sometimes": guarded,
        "notify": "SUCCEEDED",
    }
    assert result.succeeded == (guarded == "SUCCEEDED")
    assert result.exit_code == (0 if result.succeeded else 1)
    log = (Path(result.run_dir) / "notify" / "task.log").read_text().split()
    assert log[:2] == ["#ml-alerts", status]
    assert log[2] == result.run_name
    error = " ".join(log[3:])
    assert error == ("task 'fail-sometimes' failed: exited with code 1" if rate else "None")


def test_ignore_upstream_failure_runs_cleanup_and_run_fails(tmp_path: Path) -> None:
    result = run(golden("task_ignore_upstream_failure"), tmp_path)
    assert not result.succeeded and result.exit_code == 1
    assert states(result) == {"might-fail": "FAILED", "cleanup": "SUCCEEDED"}
    assert (
        "cleaning up after unknown" in (Path(result.run_dir) / "cleanup" / "task.log").read_text()
    )
    assert any("failed on purpose" in line for line in result.lines)  # log tail shown


def test_unsupported_settings_warn(tmp_path: Path) -> None:
    result = run(golden("task_accelerator"), tmp_path)
    assert any(line.startswith("warning[KFL602]:") and "accelerator" in line for line in result.lines)


def test_run_folder_layout(tmp_path: Path) -> None:
    result = run(golden("cf_loop_int_list"), tmp_path)
    run_dir = Path(result.run_dir)
    assert run_dir.parent == tmp_path.resolve()
    assert run_dir.name.startswith(
        yaml.safe_load(json.dumps(golden("cf_loop_int_list")))["pipelineInfo"]["name"]
    )
    outputs = list(run_dir.glob("for-loop-*/iteration-*/*/executor_output.json"))
    assert len(outputs) >= 2


# ---------------------------------------------------------------- caching


def entry_count(root: Path) -> int:
    with sqlite3.connect(root / CACHE_FILE) as conn:
        return conn.execute("SELECT COUNT(*) FROM cache_entries").fetchone()[0]


def test_cache_hits_and_misses(tmp_path: Path) -> None:
    spec = local_spec("cache_pipeline")
    first = run(spec, tmp_path, {"text": "abc"})
    assert first.succeeded and first.outputs.parameters == {"Output": "abc!"}
    assert states(first) == {
        "produce": "SUCCEEDED",
        "consume": "SUCCEEDED",
        "uncached": "SUCCEEDED",
    }

    same = run(spec, tmp_path, {"text": "abc"})
    assert states(same) == {"produce": "CACHED", "consume": "CACHED", "uncached": "SUCCEEDED"}
    assert same.outputs.parameters == {"Output": "abc!"}

    # a changed parameter re-runs produce; its output has the same content -> consume hits
    upper = run(spec, tmp_path, {"text": "ABC"})
    assert states(upper)["produce"] == "SUCCEEDED"
    assert states(upper)["consume"] == "CACHED"

    # different upstream content -> the downstream re-runs
    other = run(spec, tmp_path, {"text": "abd"})
    assert states(other)["produce"] == "SUCCEEDED" and states(other)["consume"] == "SUCCEEDED"
    assert other.outputs.parameters == {"Output": "abd!"}

    # a changed parameter of consume only
    suffix = run(spec, tmp_path, {"text": "abd", "suffix": "?"})
    assert states(suffix)["produce"] == "CACHED" and states(suffix)["consume"] == "SUCCEEDED"

    # --no-cache runs everything
    fresh = run(spec, tmp_path, {"text": "abc"}, enable_cache=False)
    assert set(states(fresh).values()) == {"SUCCEEDED"}


def test_cache_miss_when_cached_artifact_was_deleted(tmp_path: Path) -> None:
    spec = local_spec("cache_pipeline")
    first = run(spec, tmp_path, {"text": "q"})
    (Path(first.run_dir) / "produce" / "data").unlink()
    again = run(spec, tmp_path, {"text": "q"})
    assert states(again)["produce"] == "SUCCEEDED"


def test_cache_key_command_matches_the_runner(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(local_spec("cache_pipeline")))
    root = tmp_path / "root"
    cli_runner = CliRunner()
    before = cli_runner.invoke(
        cli, ["cache-key", str(spec_path), "--task", "consume", "--pipeline-root", str(root)]
    )
    assert before.exit_code == 1 and "missing     data" in before.output
    run(local_spec("cache_pipeline"), root, {"text": "abc"})
    with sqlite3.connect(root / CACHE_FILE) as conn:
        stored = dict(conn.execute("SELECT task_path, key FROM cache_entries").fetchall())
    for task in ("produce", "consume"):
        out = cli_runner.invoke(
            cli,
            [
                "cache-key",
                str(spec_path),
                "--task",
                task,
                "--pipeline-root",
                str(root),
                "-p",
                "text=abc",
                "--format",
                "json",
            ],
        )
        assert out.exit_code == 0, out.output
        report = json.loads(out.output)
        assert report["key"] == stored[task]
    changed = cli_runner.invoke(
        cli,
        [
            "cache-key",
            str(spec_path),
            "--task",
            "produce",
            "-p",
            "text=xyz",
            "--pipeline-root",
            str(root),
        ],
    )
    assert changed.exit_code == 0 and stored["produce"] not in changed.output
    assert 'parameter   text = "xyz"  [static]' in changed.output


# ---------------------------------------------------------------- retries and failures


def test_retries_until_success(tmp_path: Path) -> None:
    counter = tmp_path / "counter"
    counter.mkdir()
    result = run(local_spec("retry_pipeline"), tmp_path / "root", {"counter_dir": str(counter)})
    assert result.succeeded, result.lines
    assert result.tasks["flaky"].attempts == 3
    assert (counter / "attempts").read_text() == "3"
    assert sum("RETRYING" in line for line in result.lines) == 2


def test_retries_exhausted_fail_the_run(tmp_path: Path) -> None:
    counter = tmp_path / "counter"
    counter.mkdir()
    result = run(
        local_spec("retry_pipeline"),
        tmp_path / "root",
        {"counter_dir": str(counter), "failures": 5},
    )
    assert not result.succeeded and result.exit_code == 1
    assert result.tasks["flaky"].attempts == 3 and result.tasks["flaky"].state == "FAILED"
    assert any("attempt 3 fails on purpose" in line for line in result.lines)


def test_killed_run_leaves_a_consistent_cache(tmp_path: Path) -> None:
    spec_path = tmp_path / "slow.yaml"
    spec_path.write_text(yaml.safe_dump(local_spec("slow_pipeline")))
    root = tmp_path / "root"
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kfp_lite",
            "run",
            str(spec_path),
            "--pipeline-root",
            str(root),
            "-p",
            f"marker={marker}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while not marker.exists():  # the slow task has started: 'first' is done and cached
            if proc.poll() is not None:
                pytest.fail(f"the run ended early with {proc.returncode}")
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with sqlite3.connect(root / CACHE_FILE) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tasks = [row[0] for row in conn.execute("SELECT task_path FROM cache_entries")]
    assert tasks == ["first"]
    marker.unlink()
    again = run(local_spec("slow_pipeline"), root, {"marker": str(marker), "seconds": 0})
    assert states(again) == {"first": "CACHED", "slow": "SUCCEEDED"}
    assert again.outputs.parameters == {"Output": "x-first-slow"}


# ---------------------------------------------------------------- CLI and API errors


def test_cli_run_exit_codes_and_parameter_checks(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(local_spec("cache_pipeline")))
    cli_runner = CliRunner()
    ok = cli_runner.invoke(
        cli, ["run", str(spec_path), "--pipeline-root", str(tmp_path / "r"), "-p", "text=007"]
    )
    assert ok.exit_code == 0, ok.output
    assert "Output: '007!'" in ok.output
    bad = cli_runner.invoke(cli, ["run", str(spec_path), "-p", "nope=1", "-p", "broken"])
    assert bad.exit_code == 2
    assert "KFL008" in bad.output and "nope" in bad.output and "broken" in bad.output
    missing = cli_runner.invoke(cli, ["run", str(tmp_path / "absent.yaml")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    retry_spec = tmp_path / "retry.yaml"
    retry_spec.write_text(yaml.safe_dump(local_spec("retry_pipeline")))
    typed = cli_runner.invoke(
        cli, ["run", str(retry_spec), "-p", "counter_dir=x", "-p", "failures=two"]
    )
    assert typed.exit_code == 2 and "expected int" in typed.output


def test_docker_runner_reports_clearly_when_unavailable(tmp_path: Path) -> None:
    from kfp_lite.local.process import docker_problem

    problem = docker_problem()
    if problem is None:
        pytest.skip("docker works here")
    with pytest.raises(local.RunnerUnavailable, match="docker"):
        local.run(local_spec("cache_pipeline"), pipeline_root=tmp_path, runner="docker")


def test_missing_pipeline_parameter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(local.ParameterError, match="counter_dir"):
        local.run(local_spec("retry_pipeline"), pipeline_root=tmp_path)


# ---------------------------------------------------------------- units


def test_cel_subset() -> None:
    env = {"inputs": {"parameter_values": {"n": "7", "s": "heads", "b": True, "f": 0.5}}}
    assert evaluate("int(inputs.parameter_values['n']) == 7", env) is True
    assert evaluate(
        "!(int(inputs.parameter_values['n']) < 5) && inputs.parameter_values['s'] == 'heads'", env
    )
    assert evaluate("inputs.parameter_values['b'] == true", env) is True
    assert evaluate("double(int(inputs.parameter_values['n'])) > inputs.parameter_values['f']", env)
    assert evaluate('parseJson(string_value)["a"]', {"string_value": '{"a": [1]}'}) == [1]
    with pytest.raises(CelError):
        evaluate("inputs.parameter_values['missing'] == 1", env)
    with pytest.raises(CelError):
        evaluate("exec('x')", env)


def test_placeholder_expansion() -> None:
    executor_input = {
        "inputs": {
            "parameterValues": {"name": "x", "n": 3},
            "artifacts": {"data": {"artifacts": [{"uri": "/d", "metadata": {"k": 1}}]}},
        },
        "outputs": {
            "parameters": {"p": {"outputFile": "/o/p"}},
            "artifacts": {"m": {"artifacts": [{"uri": "/o/m"}]}},
            "outputFile": "/o/executor_output.json",
        },
    }
    args = [
        "{{$.inputs.parameters['n']}}",
        '{"IfPresent": {"InputName": "name", "Then": ["--name", "{{$.inputs.parameters[\'name\']}}"]}}',
        '{"IfPresent": {"InputName": "absent", "Then": ["--x"], "Else": ["--none"]}}',
        '{"Concat": ["--out=", "{{$.outputs.artifacts[\'m\'].path}}", "/", "{{$.inputs.artifacts[\'data\'].uri}}"]}',
        "{{$.inputs.artifacts['data'].metadata}}",
        "{{$.outputs.parameters['p'].output_file}}",
        "{{$.outputs.output_file}}",
        "{{$.pipeline_job_name}}",
    ]
    out = expand_arguments(args, executor_input, {"pipeline_job_name": "job"})
    assert out == [
        "3",
        "--name",
        "x",
        "--none",
        "--out=/o/m//d",
        '{"k": 1}',
        "/o/p",
        "/o/executor_output.json",
        "job",
    ]


def test_cli_runs_a_python_file_compiled_by_kfp_lite(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli,
        [
            "run",
            str(LOCAL_DATA / "cache_pipeline.py"),
            "--pipeline-root",
            str(tmp_path),
            "-p",
            "text=Hi",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "Output: 'hi!'" in out.output


# ---------------------------------------------------------------- samples, compiled by kfp_lite

SAMPLES = sorted(p.stem for p in (ROOT / "samples").glob("*.py"))
NEEDS_PROGRAMS = {"container_cli_pipeline"}  # its container commands name programs of its image


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_sample_runs_end_to_end(sample: str, tmp_path: Path) -> None:
    if sample in NEEDS_PROGRAMS:
        pytest.skip("runs programs that only exist in its container image")
    result = CliRunner().invoke(
        cli, ["run", str(ROOT / "samples" / f"{sample}.py"), "--pipeline-root", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "run succeeded" in result.output


def test_kfp_and_kfp_lite_specs_run_alike(tmp_path: Path) -> None:
    from local_specs import kfp_golden

    ours = run(golden("cf_collected_pipeline_output"), tmp_path / "ours")
    theirs = run(kfp_golden("cf_collected_pipeline_output"), tmp_path / "theirs")
    assert ours.succeeded and theirs.succeeded
    assert ours.outputs.parameters == theirs.outputs.parameters
