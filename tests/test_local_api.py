"""kfp's local-execution API: after ``local.init``, calling a component or pipeline runs it.

Every call runs real subprocesses (about 0.15 s per task), so the tests stay few and small.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from kfp_lite import dsl, local, services
from kfp_lite.diagnostics import CompileError

ROOT = Path(__file__).resolve().parents[1]


@dsl.component
def add(a: int, b: int = 1) -> int:
    return a + b


@dsl.component
def write_text(text: str, out: dsl.Output[dsl.Dataset]):
    with open(out.path, "w") as f:
        f.write(text)
    out.metadata["length"] = len(text)


@dsl.component
def halves(x: int) -> NamedTuple("Halves", [("floor", int), ("exact", float)]):
    from collections import namedtuple

    return namedtuple("Halves", ["floor", "exact"])(x // 2, x / 2)


@dsl.component
def count_chars(data: dsl.Input[dsl.Dataset]) -> int:
    with open(data.path) as f:
        return len(f.read())


@dsl.component
def fail(message: str):
    print("starting the doomed task")
    raise ValueError(message)


@dsl.pipeline
def text_pipeline(text: str = "hello") -> int:
    written = write_text(text=text)
    counted = count_chars(data=written.outputs["out"])
    return add(a=counted.output, b=100).output


@pytest.fixture
def local_root(tmp_path: Path):
    """local.init for one test; the process-wide configuration is restored afterwards."""
    before = services.lookup(services.LOCAL_CALL)
    local.init(runner=local.SubprocessRunner(), pipeline_root=str(tmp_path))
    yield tmp_path
    services.register(services.LOCAL_CALL, before)


def test_component_returning_a_value(local_root: Path) -> None:
    task = add(a=1)
    assert task.output == 2
    assert task.outputs == {"Output": 2}
    assert task.state == "SUCCEEDED"
    assert Path(task.run_dir).parent == local_root
    assert add(a=2, b=40).output == 42


def test_artifact_output_is_an_artifact_object(local_root: Path) -> None:
    task = write_text(text="abc")
    dataset = task.outputs["out"]
    assert task.output is dataset
    assert isinstance(dataset, dsl.Dataset)
    assert Path(dataset.path).read_text() == "abc"
    assert dataset.uri == dataset.path
    assert dataset.path.startswith(task.run_dir)
    assert dataset.metadata == {"length": 3}


def test_named_tuple_outputs(local_root: Path) -> None:
    task = halves(x=5)
    assert task.outputs == {"floor": 2, "exact": 2.5}
    assert isinstance(task.outputs["floor"], int)
    with pytest.raises(AttributeError, match="2 outputs"):
        _ = task.output


def test_pipeline_call_runs_every_task_and_returns_its_outputs(local_root: Path) -> None:
    task = text_pipeline(text="four")
    assert task.output == 104
    assert set(task.result.tasks) == {"write-text", "count-chars", "add"}
    assert text_pipeline().output == 105  # the pipeline's default


def test_failing_component_raises_with_the_log_tail(local_root: Path) -> None:
    with pytest.raises(RuntimeError) as info:
        fail(message="disk on fire")
    text = str(info.value)
    assert "'fail' failed" in text
    assert "starting the doomed task" in text
    assert "ValueError: disk on fire" in text


def test_failing_component_without_raise_on_error(tmp_path: Path) -> None:
    before = services.lookup(services.LOCAL_CALL)
    local.init(runner=local.SubprocessRunner(), pipeline_root=str(tmp_path), raise_on_error=False)
    try:
        task = fail(message="quietly")
    finally:
        services.register(services.LOCAL_CALL, before)
    assert task.state == "FAILED"
    assert task.outputs == {}
    assert "ValueError: quietly" in (Path(task.run_dir) / "fail" / "task.log").read_text()


@pytest.mark.parametrize(
    ("call", "codes"),
    [
        (lambda: add(a="one"), ["KFL201"]),
        (lambda: add(a=1.0), ["KFL201"]),
        (lambda: add(a=1, c=2), ["KFL203"]),
        (lambda: add(b=2), ["KFL202"]),
        (lambda: add(1), ["KFL204"]),
        (lambda: add(a=1, Output=3), ["KFL207"]),
        (lambda: text_pipeline(text=3), ["KFL201"]),
        (lambda: count_chars(data=dsl.Dataset(uri="/tmp/x")), ["KFL208"]),
    ],
)
def test_argument_mistakes_raise_compile_errors(local_root: Path, call, codes) -> None:
    with pytest.raises(CompileError) as info:
        call()
    assert [d.code for d in info.value.errors] == codes
    assert info.value.errors[0].location.file == __file__
    assert not list(local_root.iterdir())  # nothing ran


def test_caching_reuses_an_earlier_run_when_enabled(tmp_path: Path) -> None:
    before = services.lookup(services.LOCAL_CALL)
    local.init(runner=local.SubprocessRunner(), pipeline_root=str(tmp_path), enable_caching=True)
    try:
        first, second = add(a=7), add(a=7)
    finally:
        services.register(services.LOCAL_CALL, before)
    assert first.result.tasks["add"].state == "SUCCEEDED"
    assert second.result.tasks["add"].state == "CACHED"
    assert second.output == 8


def test_task_settings_are_refused_after_the_run(local_root: Path) -> None:
    task = add(a=1)
    with pytest.raises(RuntimeError, match="already ran locally"):
        task.set_caching_options(False)


def test_docker_runner_explains_when_docker_cannot_run(tmp_path: Path, monkeypatch) -> None:
    from kfp_lite.local import process

    monkeypatch.setattr(process, "docker_problem", lambda: "the 'docker' program is not installed")
    before = services.lookup(services.LOCAL_CALL)
    local.init(runner=local.DockerRunner(), pipeline_root=str(tmp_path))
    try:
        with pytest.raises(local.RunnerUnavailable, match="DockerRunner cannot work here"):
            add(a=1)
    finally:
        services.register(services.LOCAL_CALL, before)


def test_init_rejects_an_unknown_runner() -> None:
    with pytest.raises(ValueError, match="SubprocessRunner"):
        local.init(runner="subprocess")  # type: ignore[arg-type]


def test_calling_without_init_says_how_to_enable_local_execution(monkeypatch) -> None:
    monkeypatch.setattr(services, "_REGISTERED", dict(services._REGISTERED))  # restored afterwards
    services.register(services.LOCAL_CALL, None)  # as if local.init never ran
    with pytest.raises(RuntimeError, match=r"local\.init\(runner=local\.SubprocessRunner\(\)\)"):
        add(a=1)
    with pytest.raises(RuntimeError, match="pipeline 'text-pipeline'"):
        text_pipeline()


def test_dsl_does_not_load_the_local_runner_or_the_compiler() -> None:
    code = (
        "import sys; from kfp_lite import dsl; "
        "print(sorted(m for m in ('kfp_lite.compiler', 'kfp_lite.local') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"
