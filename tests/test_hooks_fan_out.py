"""Hooks and map/product: the right hook runs on each outcome, fan-outs collect what they should,
and mistakes come back as diagnostics at the user's line.

The IR itself is guarded by the own goldens of ``tests/cases/ext_*.py`` (test_golden_kfp.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import golden_compare as gc
import pytest
import yaml

from kfp_lite import compiler, dsl, local
from kfp_lite.diagnostics import CompileError


def spec_of(target: object) -> dict:
    return yaml.safe_load(compiler.compile_text(target))


def case_spec(name: str) -> dict:
    entry = gc.Entry("cases", name, gc.CASES_DIR / f"{name}.py")
    return spec_of(gc.load_module(entry).TARGET)


def run(spec: dict, root: Path, **args: object) -> local.RunResult:
    return local.run(spec, args, pipeline_root=root, retry_backoff_scale=0, echo=lambda _: None)


def states(result: local.RunResult) -> dict[str, str]:
    return {path: record.state for path, record in result.tasks.items()}


def log(result: local.RunResult, path: str) -> str:
    record = result.tasks[path]
    assert record.log_path, path
    return Path(record.log_path).read_text()


def diagnostics(target: object) -> list:
    with pytest.raises(CompileError) as info:
        compiler.compile_text(target)
    return info.value.diagnostics


# ---------------------------------------------------------------- hooks at run time


@pytest.fixture(scope="module")
def hooked_pipeline() -> dict:
    return case_spec("ext_hooks_pipeline")


def test_pipeline_success_runs_on_success_only(hooked_pipeline: dict, tmp_path: Path) -> None:
    result = run(hooked_pipeline, tmp_path, fail=False)
    assert result.succeeded
    got = states(result)
    assert got["condition-3/publish"] == "SUCCEEDED"
    assert got["condition-2"] == "SKIPPED"
    assert not any(path.endswith("/alert") for path in got)
    assert "PUBLISH" in log(result, "condition-3/publish")


def test_pipeline_failure_runs_on_failure_with_the_status(
    hooked_pipeline: dict, tmp_path: Path
) -> None:
    result = run(hooked_pipeline, tmp_path, fail=True)
    assert not result.succeeded
    got = states(result)
    assert got["exit-handler-1/train"] == "FAILED"
    assert got["condition-2/alert"] == "SUCCEEDED"
    assert got["condition-3"] == "SKIPPED"
    text = log(result, "condition-2/alert")
    # the hook sees the final status of the whole body, default arguments included
    assert "ALERT #ml-alerts FAILED exit-handler-1" in text
    assert "failed" in text.split("exit-handler-1", 1)[1]
    assert "FAILED" in log(result, "pipeline-finished")


@pytest.fixture(scope="module")
def task_hooks() -> dict:
    return case_spec("ext_hooks_task")


def test_task_hook_success(task_hooks: dict, tmp_path: Path) -> None:
    result = run(task_hooks, tmp_path, fail=False)
    assert result.succeeded
    got = states(result)
    assert got["condition-2/celebrate"] == "SUCCEEDED"
    assert "CELEBRATE done" in log(result, "condition-2/celebrate")
    assert got["condition-1"] == "SKIPPED"
    # the shards succeeded, so their on_failure hook (with_options) did not run
    assert [p for p, s in got.items() if p.endswith("/cleanup-2")] == []
    assert sum(1 for p, s in got.items() if p.endswith("/shard") and s == "SUCCEEDED") == 2


def test_task_hook_failure(task_hooks: dict, tmp_path: Path) -> None:
    result = run(task_hooks, tmp_path, fail=True)
    got = states(result)
    assert got["load"] == "FAILED"
    assert got["condition-1/cleanup"] == "SUCCEEDED"
    assert "CLEANUP load FAILED" in log(result, "condition-1/cleanup")
    assert got["condition-2"] == "SKIPPED"


# ---------------------------------------------------------------- map / product at run time


@dsl.component
def combine(a: int, b: int, label: str) -> str:
    return f"{label}:{a}+{b}={a + b}"


@dsl.component
def join(parts: List[str]) -> str:
    return "|".join(parts)


@dsl.pipeline(name="zipped")
def zipped() -> str:
    runs = combine.map(a=[1, 2, 3], b=[10, 20, 30], label="z")
    return join(parts=runs.output).output


@dsl.pipeline(name="crossed")
def crossed() -> List[str]:
    return combine.product(a=[1, 2], b=[10, 20], label=dsl.unmapped("x")).output


@dsl.pipeline(name="single")
def single(label: str = "s") -> List[str]:
    return combine.map(a=[5, 6], b=1, label=label).outputs["Output"]


def test_map_zips_and_collects(tmp_path: Path) -> None:
    result = run(spec_of(zipped), tmp_path)
    assert result.succeeded
    assert result.outputs.parameters["Output"] == "z:1+10=11|z:2+20=22|z:3+30=33"


def test_product_crosses_in_order(tmp_path: Path) -> None:
    result = run(spec_of(crossed), tmp_path)
    assert result.outputs.parameters["Output"] == ["x:1+10=11", "x:1+20=21", "x:2+10=12", "x:2+20=22"]


def test_map_over_one_list_loops_over_the_list_itself(tmp_path: Path) -> None:
    spec = spec_of(single)
    loop = spec["root"]["dag"]["tasks"]["for-loop-2"]
    assert loop["parameterIterator"]["items"]["raw"] == "[5, 6]"
    result = run(spec, tmp_path)
    assert result.outputs.parameters["Output"] == ["s:5+1=6", "s:6+1=7"]


def test_fan_out_result_exposes_the_task() -> None:
    seen = {}

    @dsl.pipeline(name="options")
    def options():
        res = combine.map(a=[1, 2], b=[3, 4], label="o")
        res.task.set_caching_options(False)
        seen["res"] = res

    spec = spec_of(options)
    res = seen["res"]
    assert res.count == 2 and res.loop is not None
    assert res.task.name == "combine"
    assert "Output" in res.outputs and list(res.outputs.keys()) == ["Output"]
    inner = spec["components"]["comp-for-loop-2"]["dag"]["tasks"]["combine"]
    assert inner["cachingOptions"] == {}


# ---------------------------------------------------------------- diagnostics


def _codes(found: list) -> list[str]:
    return [d.code for d in found]


def test_map_lengths_must_match() -> None:
    @dsl.pipeline(name="bad-lengths")
    def bad():
        combine.map(a=[1, 2, 3], b=[1, 2], label="x")

    found = diagnostics(bad)
    assert _codes(found) == ["KFL316"]
    (diag,) = found
    assert "'a' has 3, 'b' has 2" in diag.message
    assert diag.location.file.endswith("test_hooks_fan_out.py")
    assert diag.location.line == bad.pipeline_func.__code__.co_firstlineno + 2
    assert "product" in diag.hint


def test_map_needs_a_list_and_no_empty_ones() -> None:
    @dsl.pipeline(name="no-list")
    def no_list(n: int = 1):
        combine.map(a=n, b=2, label="x")
        combine.product(a=[], b=[1], label="y")

    found = diagnostics(no_list)
    assert _codes(found) == ["KFL316", "KFL316"]
    assert "got no list to map over" in found[0].message
    assert "empty list for 'a'" in found[1].message


def test_map_unknown_argument_suggests_a_name() -> None:
    @dsl.pipeline(name="unknown")
    def unknown():
        combine.map(a=[1], bb=[2], label="x")

    found = diagnostics(unknown)
    assert "KFL203" in _codes(found)
    unknown_arg = next(d for d in found if d.code == "KFL203")
    assert "'bb'" in unknown_arg.message and "'b'" in unknown_arg.hint
    # no follow-on noise about the task the failed call still made
    assert _codes(found).count("KFL202") == 0


def test_map_over_a_list_channel_is_refused() -> None:
    @dsl.pipeline(name="channel-list")
    def channel_list(values: list):
        combine.map(a=values, b=[1, 2], label="x")

    found = diagnostics(channel_list)
    assert _codes(found) == ["KFL316"]
    assert "dsl.ParallelFor(values)" in found[0].hint


def test_hook_must_be_a_component() -> None:
    def not_a_component() -> None:
        pass

    @dsl.pipeline(name="bad-hook", on_failure=not_a_component)
    def bad_hook():
        combine(a=1, b=2, label="x")

    found = diagnostics(bad_hook)
    assert _codes(found) == ["KFL315"]
    assert "must be a component" in found[0].message


def test_hook_with_required_inputs_is_refused_at_the_set_hooks_line() -> None:
    @dsl.pipeline(name="bad-task-hook")
    def bad_task_hook():
        combine(a=1, b=2, label="x").set_hooks(on_success=combine)

    found = diagnostics(bad_task_hook)
    assert _codes(found) == ["KFL315"]
    assert "'a', 'b', 'label'" in found[0].message
    assert found[0].location.line == bad_task_hook.pipeline_func.__code__.co_firstlineno + 2
    assert found[0].task_path == "bad-task-hook/combine"


def test_exit_task_cannot_have_hooks() -> None:
    @dsl.component
    def final(status: dsl.PipelineTaskFinalStatus):
        print(status.state)

    @dsl.component
    def hook():
        print("hook")

    @dsl.pipeline(name="exit-hooks")
    def exit_hooks():
        exit_task = final()
        with dsl.ExitHandler(exit_task):
            combine(a=1, b=2, label="x")
        exit_task.set_hooks(on_failure=hook)

    found = diagnostics(exit_hooks)
    assert _codes(found) == ["KFL315"]
    assert "exit task" in found[0].message


def test_pipeline_with_hooks_cannot_return_outputs() -> None:
    @dsl.component
    def hook():
        print("hook")

    @dsl.pipeline(name="hooks-and-outputs", on_success=hook)
    def hooks_and_outputs() -> str:
        return combine(a=1, b=2, label="x").output

    found = diagnostics(hooks_and_outputs)
    assert _codes(found) == ["KFL315"]
    assert "returns outputs" in found[0].message
