"""The local runner under load and faults: one bounded pool per run, internal errors with
their task and reason, a cache that survives concurrent runs and damage, timeouts, signals,
no temporary files left behind; and its seam for tools: events and ``run.json``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from runner_specs import loop_pipeline, pipeline, producer_consumer, sh_component, task

from kfp_lite import dsl, local
from kfp_lite.cli import cli
from kfp_lite.dsl import Metrics, Output
from kfp_lite.local import events as ev
from kfp_lite.local.cache import CACHE_FILE, CacheStore

ROOT = Path(__file__).resolve().parents[1]


class Collect:
    """An observer that keeps every event."""

    def __init__(self) -> None:
        self.events: list[ev.RunEvent] = []

    def on_event(self, event: ev.RunEvent) -> None:
        self.events.append(event)

    def of(self, kind: str) -> list[ev.RunEvent]:
        return [e for e in self.events if e.type == kind]


def quiet(spec: dict, root: Path, **kw) -> local.RunResult:
    lines: list[str] = []
    result = local.run(spec, pipeline_root=root, echo=lines.append, **kw)
    result.lines = lines  # type: ignore[attr-defined]
    return result


def max_overlap(events: list[ev.RunEvent]) -> int:
    """The most container tasks between their first start and their end at once."""
    running: set = set()
    peak = 0
    for event in events:
        if event.kind != "container":
            continue
        if event.type == ev.TASK_STARTED:
            running.add(event.path)
        elif event.type in (ev.TASK_FINISHED, ev.TASK_FAILED, ev.TASK_CACHED):
            running.discard(event.path)
        peak = max(peak, len(running))
    return peak


# ---------------------------------------------------------------- one bounded pool


def test_a_wide_loop_uses_the_pool_and_no_thread_per_item(tmp_path: Path) -> None:
    before = threading.active_count()
    seen = Collect()
    result = local.run(
        loop_pipeline(200, "echo $0 > item"), pipeline_root=tmp_path, max_workers=3, observer=seen
    )
    assert result.succeeded
    assert result.peak_threads <= before + 3  # the scheduler runs in this thread
    assert max_overlap(seen.events) <= 3
    bodies = [r for r in result.tasks.values() if r.kind == "container"]
    assert len(bodies) == 200 and {r.state for r in bodies} == {"SUCCEEDED"}
    items = sorted(int((Path(r.log_path).parent / "item").read_text()) for r in bodies)
    assert items == list(range(200))


def test_the_pool_runs_at_its_full_width(tmp_path: Path) -> None:
    """Each task waits (a bounded time) until three have started: with a pool of three they
    all meet, so three run at once; a narrower pool would show an overlap below three."""
    meet = tmp_path / "meet"
    meet.mkdir()
    script = (
        f"touch {meet}/$0; i=0; "
        f"while [ $(ls {meet} | wc -l) -lt 3 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done"
    )
    seen = Collect()
    result = local.run(
        loop_pipeline(6, script), pipeline_root=tmp_path / "root", max_workers=3, observer=seen
    )
    assert result.succeeded
    assert max_overlap(seen.events) == 3


def test_parallelism_limit_of_a_loop_is_kept(tmp_path: Path) -> None:
    seen = Collect()
    result = local.run(
        loop_pipeline(8, "true", limit=2), pipeline_root=tmp_path, max_workers=4, observer=seen
    )
    assert result.succeeded
    assert max_overlap(seen.events) <= 2
    loop = result.tasks["for-loop-1"]
    assert loop.kind == "loop" and loop.state == "SUCCEEDED"


# ---------------------------------------------------------------- internal errors


def test_an_internal_error_fails_its_task_with_the_reason(tmp_path: Path, monkeypatch) -> None:
    from kfp_lite.local import scheduler

    real = scheduler.resolve_inputs

    def broken(name, *args, **kwargs):
        if name == "consume":
            raise RuntimeError("resolver bug")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(scheduler, "resolve_inputs", broken)
    result = quiet(producer_consumer("echo a > $0", "cat $0 > $1"), tmp_path)
    assert not result.succeeded and result.exit_code == 1
    states = {p: r.state for p, r in result.tasks.items()}
    assert states == {"produce": "SUCCEEDED", "consume": "FAILED"}
    assert "PENDING" not in states.values()
    assert result.tasks["consume"].message == "internal error: RuntimeError('resolver bug')"
    assert any("consume" in line and "resolver bug" in line for line in result.lines)


def test_an_internal_error_in_a_worker_fails_its_task(tmp_path: Path, monkeypatch) -> None:
    from kfp_lite.local import scheduler

    def broken(env, job):
        raise MemoryError("no more threads")

    monkeypatch.setattr(scheduler, "run_container", broken)
    result = quiet(producer_consumer("echo a > $0", "cat $0 > $1"), tmp_path)
    assert {p: r.state for p, r in result.tasks.items()} == {
        "produce": "FAILED",
        "consume": "UPSTREAM_FAILED",
    }
    assert "no more threads" in result.tasks["produce"].message
    assert any(line.startswith("--- produce failed:") for line in result.lines)


def test_every_failure_is_printed_including_importer_placeholders(tmp_path: Path) -> None:
    spec = pipeline("imports", {"imp": task("imp")}, {"imp": {}}, {})
    spec["components"]["comp-imp"] = {
        "executorLabel": "exec-imp",
        "outputDefinitions": {"artifacts": {"artifact": {"artifactType": {}}}},
    }
    spec["deploymentSpec"]["executors"]["exec-imp"] = {
        "importer": {
            "artifactUri": {"constant": str(tmp_path)},
            "metadata": {"k": "{{$.inputs.parameters['absent']}}-x"},
        }
    }
    result = quiet(spec, tmp_path / "root")
    assert result.tasks["imp"].state == "FAILED"
    assert any("FAILED" in line and "imp" in line and "absent" in line for line in result.lines)


# ---------------------------------------------------------------- the SQLite cache


def test_runs_starting_at_once_on_a_fresh_root_share_the_cache(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(loop_pipeline(2, "echo $0", cache=True)))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_index in range(2):
        root = tmp_path / f"root-{round_index}"
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kfp_lite",
                    "run",
                    str(spec_path),
                    "--pipeline-root",
                    str(root),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        errors = [p.communicate()[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, errors
        runs = {d.name for d in root.iterdir() if d.is_dir() and not d.is_symlink()}
    assert len(runs) == 6  # one folder per run
    assert (root / "latest").resolve().name in runs


def test_many_stores_opening_at_once_on_a_fresh_root(tmp_path: Path) -> None:
    errors: list = []

    def open_and_write(index: int) -> None:
        try:
            store = CacheStore(tmp_path)
            store.record_success(f"k{index}", {"parameters": {"i": index}}, "run", "t")
            store.close()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert CacheStore(tmp_path).entry_count() == 12


def test_a_damaged_cache_file_is_rebuilt_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    spec = producer_consumer("echo a > $0", "cat $0 > $1")
    first = quiet(spec, tmp_path)
    assert first.succeeded, first.lines
    assert any(line.startswith("warning[KFL802]:") for line in first.lines)
    assert (tmp_path / (CACHE_FILE + ".corrupt")).exists()
    again = quiet(spec, tmp_path)
    assert {p: r.state for p, r in again.tasks.items()} == {
        "produce": "CACHED",
        "consume": "CACHED",
    }


def test_cache_key_reads_a_damaged_cache_without_changing_it(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(producer_consumer("echo a > $0", "cat $0 > $1")))
    root = tmp_path / "root"
    root.mkdir()
    (root / CACHE_FILE).write_bytes(b"garbage")
    out = CliRunner().invoke(
        cli, ["cache-key", str(spec_path), "--task", "consume", "--pipeline-root", str(root)]
    )
    assert out.exit_code == 1, out.output
    assert "is unreadable" in out.output and "Traceback" not in out.output
    assert (root / CACHE_FILE).read_bytes() == b"garbage"
    assert not (root / (CACHE_FILE + ".corrupt")).exists()


def test_a_task_with_only_metadata_outputs_is_cacheable(tmp_path: Path) -> None:
    from kfp_lite.compiler import compile_documents

    spec = compile_documents(metrics_only).pipeline_spec
    first = quiet(spec, tmp_path)
    assert first.succeeded, first.lines
    second = quiet(spec, tmp_path)
    record = second.tasks["score"]
    assert record.state == "CACHED", second.lines
    artifact = record.outputs["artifacts"]["metrics"][0]
    assert artifact["metadata"] == {"accuracy": 0.75}


@dsl.component
def score(metrics: Output[Metrics]):
    metrics.log_metric("accuracy", 0.75)


@dsl.pipeline(name="metrics-only")
def metrics_only():
    score()


# ---------------------------------------------------------------- timeouts, signals, temp files


def test_task_timeout_stops_the_task_and_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    body, body_exec = sh_component(f"sleep 60 & echo $! > {pid_file}; wait")
    spec = pipeline(
        "slow", {"body": task("body", cache=False)}, {"body": body}, {"body": body_exec}
    )
    result = quiet(spec, tmp_path / "root", task_timeout=0.5)
    assert result.tasks["body"].state == "FAILED"
    assert "timed out after 0.5s" in result.tasks["body"].message
    child = int(pid_file.read_text())
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie that its parent has not reaped yet counts as ended
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_cli_task_timeout_option(tmp_path: Path) -> None:
    body, body_exec = sh_component("sleep 60")
    spec = pipeline(
        "slow", {"body": task("body", cache=False)}, {"body": body}, {"body": body_exec}
    )
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec))
    out = CliRunner().invoke(
        cli,
        ["run", str(spec_path), "--pipeline-root", str(tmp_path / "r"), "--task-timeout", "0.3"],
    )
    assert out.exit_code == 1 and "timed out after 0.3s (--task-timeout)" in out.output
    bad = CliRunner().invoke(cli, ["run", str(spec_path), "--task-timeout", "0"])
    assert bad.exit_code == 2


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_every_task_process_and_leaves_no_temp_files(
    tmp_path: Path, sig: int, code: int
) -> None:
    marker, temp = tmp_path / "started", tmp_path / "tmp"
    temp.mkdir()
    body, body_exec = sh_component(
        f"sleep 60 & echo $! > {marker}.pid; mktemp; touch {marker}; wait"
    )
    spec = pipeline(
        "stoppable",
        {"a": task("body", cache=False), "b": task("body", cache=False, after=["a"])},
        {"body": body},
        {"body": body_exec},
    )
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec))
    root = tmp_path / "root"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kfp_lite", "run", str(spec_path), "--pipeline-root", str(root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.05)
        proc.send_signal(sig)  # to the runner only: it must stop its tasks itself
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert not _alive(int(Path(f"{marker}.pid").read_text()))
    assert list(temp.iterdir()) == []
    (run_dir,) = [d for d in root.iterdir() if d.is_dir() and not d.is_symlink()]
    assert (root / "latest").resolve() == run_dir.resolve()
    assert (run_dir / "report.html").is_file()  # a cancelled run has its report too
    assert not (run_dir / ".kfp-lite").exists()
    assert not list(run_dir.glob(".run.json*"))
    record = json.loads((run_dir / "run.json").read_text())
    assert record["state"] == "CANCELLED"
    assert {t["name"]: t["state"] for t in record["tasks"]} == {
        "a": "CANCELLED",
        "b": "UPSTREAM_FAILED",
    }


def test_a_signal_during_a_retry_back_off_stops_the_run(tmp_path: Path) -> None:
    marker = tmp_path / "failed-once"
    body, body_exec = sh_component(f"touch {marker}; exit 1")
    flaky = task("body", cache=False)
    flaky["retryPolicy"] = {"maxRetryCount": 3, "backoffDuration": "600s"}
    spec = pipeline("backoff", {"flaky": flaky}, {"body": body}, {"body": body_exec})
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec))
    root = tmp_path / "root"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kfp_lite", "run", str(spec_path), "--pipeline-root", str(root)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)  # not the 600 s back-off
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, err
    (run_dir,) = [d for d in root.iterdir() if d.is_dir() and not d.is_symlink()]
    record = json.loads((run_dir / "run.json").read_text())
    assert record["state"] == "CANCELLED"
    assert [t["state"] for t in record["tasks"]] == ["CANCELLED"]


def test_task_temporary_files_do_not_stay_in_tmpdir(tmp_path: Path, monkeypatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    result = quiet(
        producer_consumer("mktemp -d; echo a > $0", "mktemp; cat $0 > $1"), tmp_path / "r"
    )
    assert result.succeeded
    assert list(temp.iterdir()) == []
    assert not (Path(result.run_dir) / ".kfp-lite").exists()


# ---------------------------------------------------------------- events and run.json


def test_observer_gets_every_state_change_with_reasons(tmp_path: Path) -> None:
    spec = producer_consumer("echo a > $0", "cat $0 > $1")
    first, second = Collect(), Collect()
    local.run(spec, pipeline_root=tmp_path, observer=first)
    local.run(spec, pipeline_root=tmp_path, observer=second)
    kinds = [(e.type, e.path) for e in first.events if e.type != ev.WARNING]
    assert kinds == [
        (ev.RUN_STARTED, kinds[0][1]),
        (ev.TASK_STARTED, "produce"),
        (ev.TASK_FINISHED, "produce"),
        (ev.TASK_STARTED, "consume"),
        (ev.TASK_FINISHED, "consume"),
        (ev.RUN_FINISHED, kinds[0][1]),
    ]
    started = first.of(ev.TASK_STARTED)[0]
    assert started.reason == "" and started.details["why"] == "no previous run"
    assert started.key_parts and set(started.key_parts) == {
        "version",
        "component",
        "parameters",
        "artifacts",
    }
    assert all(e.time > 0 for e in first.events)
    cached = second.of(ev.TASK_CACHED)
    assert [e.path for e in cached] == ["produce", "consume"]
    assert cached[0].cache_key == first.of(ev.TASK_FINISHED)[0].cache_key
    assert cached[0].reason == f"cached: same inputs and code as run {first.events[0].path}"
    assert second.of(ev.RUN_FINISHED)[0].state == "SUCCEEDED"


def test_a_broken_observer_does_not_break_the_run(tmp_path: Path) -> None:
    class Broken:
        def on_event(self, event):
            raise ValueError("observer bug")

    lines: list[str] = []
    result = local.run(
        producer_consumer("echo a > $0", "cat $0 > $1"),
        pipeline_root=tmp_path,
        observer=Broken(),
        echo=lines.append,
    )
    assert result.succeeded
    assert sum("observer bug" in line for line in lines) == 1


def test_run_json_records_the_run(tmp_path: Path) -> None:
    spec = producer_consumer("echo a > $0", "cat $0 > $1")
    first = quiet(spec, tmp_path)
    second = quiet(spec, tmp_path)
    record = json.loads((Path(second.run_dir) / "run.json").read_text())
    assert record["version"] == 1
    assert record["pipeline"] == "produce-consume"
    assert record["run"] == second.run_name and record["state"] == "SUCCEEDED"
    assert record["start"] <= record["end"] and record["error"] is None
    assert record["arguments"] == {}
    produce, consume = record["tasks"]
    assert [produce["name"], consume["name"]] == ["produce", "consume"]
    first_record = json.loads((Path(first.run_dir) / "run.json").read_text())
    data = first_record["tasks"][0]["outputs"]["artifacts"]["data"][0]
    assert Path(data["uri"]).read_text() == "a\n"
    assert data["type"]["schemaTitle"] == "system.Artifact" and data["metadata"] == {}
    assert consume == {
        "name": "consume",
        "path": "consume",
        "kind": "container",
        "state": "CACHED",
        "start": consume["start"],
        "end": consume["end"],
        "started": consume["started"],
        "finished": consume["finished"],
        "attempts": 0,
        "cached": True,
        "cache_key": first.tasks["consume"].cache_key,
        "cache_reason": "same key as an earlier run",
        "why": f"cached: same inputs and code as run {first.run_name}",
        "cached_from": first.run_name,
        "dependencies": ["produce"],
        "inputs": {"parameters": {}, "artifacts": {"data": [data]}},
        "outputs": {"parameters": {"seen": "a\n"}, "artifacts": {}},
        "log": None,
        "error": None,
    }
    assert isinstance(consume["started"], float) and consume["start"].endswith("Z")
    failing, failing_exec = sh_component("echo oops; exit 3")
    bad = quiet(
        pipeline("bad", {"fail": task("fail")}, {"fail": failing}, {"fail": failing_exec}),
        tmp_path,
    )
    bad_record = json.loads((Path(bad.run_dir) / "run.json").read_text())
    assert bad_record["state"] == "FAILED"
    (fail,) = bad_record["tasks"]
    assert fail["error"] == "exited with code 3" and fail["state"] == "FAILED"
    assert Path(fail["log"]).read_text() == "oops\n"


def test_the_run_report_reads_run_json(tmp_path: Path) -> None:
    from kfp_lite.local.report_model import load_run_view

    result = quiet(producer_consumer("echo a > $0", "cat $0 > $1"), tmp_path)
    view = load_run_view(Path(result.run_dir))
    assert view.pipeline == "produce-consume" and view.state == "SUCCEEDED"
    assert view.duration is not None and view.duration >= 0
    assert [(t.path, t.state) for t in view.tasks] == [
        ("produce", "SUCCEEDED"),
        ("consume", "SUCCEEDED"),
    ]
    assert view.edges == (("produce", "consume"),)
    assert view.tasks[1].parameters == {"seen": "a\n"}
    (artifact,) = view.tasks[0].artifacts
    assert artifact.schema_title == "system.Artifact" and artifact.path.read_text() == "a\n"
