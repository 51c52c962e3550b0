"""Watching, inspecting and explaining local runs: why a task ran, the progress output
(quiet, normal, verbose, live), tracebacks that point at the user's file, ``runs``/``show``,
the ``latest`` link, report.html of every run, and a report of a real run in a browser."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kfp_lite import local
from kfp_lite.cli import cli
from kfp_lite.local import events as ev
from kfp_lite.local.live import LiveProgress
from kfp_lite.local.report import QUIET, VERBOSE, LogFollower, PlainOutput
from kfp_lite.local.run_index import find_run, list_runs, update_latest
from kfp_lite.local.tracebacks import map_traceback
from kfp_lite.local.why import changes, explain

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PIPELINE = '''
from kfp_lite import dsl
from kfp_lite.dsl import Output, Metrics


@dsl.component
def make(n: int, note: str = "a") -> int:
    for i in range(n):
        print(f"making {i}")
    return n * 2


@dsl.component
def score(x: int, metrics: Output[Metrics]):
    metrics.log_metric("double", x)
    metrics.log_metric("accuracy", 0.5)


@dsl.pipeline(name="watched")
def watched(n: int = 2):
    made = make(n=n)
    score(x=made.output)
'''

FAILING = '''from kfp_lite import dsl


@dsl.component
def boom(x: int) -> int:
    y = x + 1
    if y > 0:
        raise ValueError(f"bad value {y}")
    return y


@dsl.pipeline(name="failing")
def failing(x: int = 1):
    boom(x=x)
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def record_of(run_dir: str) -> dict:
    return json.loads((Path(run_dir) / "run.json").read_text())


def tasks_of(run_dir: str) -> dict:
    return {t["path"]: t for t in record_of(run_dir)["tasks"]}


# ---------------------------------------------------------------- why it ran


def test_changes_name_each_differing_part() -> None:
    before = {"version": 1, "component": "c1", "parameters": {"epochs": 3, "lr": 0.1},
              "artifacts": {"data": [{"digest": "d1", "metadata": {}}],
                            "meta": [{"digest": "m", "metadata": {"a": 1}}]}}
    after = {"version": 1, "component": "c2", "parameters": {"epochs": 4, "batch": 8},
             "artifacts": {"data": [{"digest": "d2", "metadata": {}}],
                           "meta": [{"digest": "m", "metadata": {"a": 2}}]}}
    assert changes(before, after) == [
        "component code changed",
        "parameter 'batch' added = 8",
        "parameter 'epochs' changed 3 -> 4",
        "parameter 'lr' removed",
        "input 'data' content changed",
        "input 'meta' metadata changed",
    ]
    assert changes(before, before) == []
    assert explain(after, None) == "no previous run"
    assert explain(after, None, cache_on=False, lookup_reason="") == "cache disabled"
    assert explain(after, {"run": "r1", "parts": before, "state": "SUCCEEDED"}).startswith(
        "component code changed; parameter 'batch'")
    assert explain(before, {"run": "r1", "parts": before, "state": "FAILED"}) == (
        "nothing changed, but the previous run (r1) failed")
    assert explain(before, None, cached_from="r0") == "cached: same inputs and code as run r0"


def test_each_task_says_why_it_ran_or_was_cached(tmp_path: Path) -> None:
    source = write(tmp_path, "p.py", PIPELINE)
    root = str(tmp_path / "runs")
    first = local.run(_spec(source), {"n": 2}, pipeline_root=root, echo=lambda _l: None)
    second = local.run(_spec(source), {"n": 2}, pipeline_root=root, echo=lambda _l: None)
    third = local.run(_spec(source), {"n": 3}, pipeline_root=root, echo=lambda _l: None)
    fourth = local.run(_spec(source), {"n": 3}, pipeline_root=root, echo=lambda _l: None,
                       enable_cache=False)
    assert tasks_of(first.run_dir)["make"]["why"] == "no previous run"
    cached = tasks_of(second.run_dir)["make"]
    assert cached["state"] == "CACHED" and cached["cached_from"] == first.run_name
    assert cached["why"] == f"cached: same inputs and code as run {first.run_name}"
    assert cached["outputs"]["parameters"] == {"Output": 4}
    changed = tasks_of(third.run_dir)
    assert changed["make"]["why"] == "parameter 'n' changed 2 -> 3"
    assert changed["score"]["why"] == "parameter 'x' changed 4 -> 6"
    assert changed["make"]["cached_from"] is None
    assert tasks_of(fourth.run_dir)["make"]["why"] == "cache disabled for this run (--no-cache)"
    # the code of a component changes: said so
    edited = write(tmp_path, "p.py", PIPELINE.replace('print(f"making {i}")', 'print(i)'))
    fifth = local.run(_spec(edited), {"n": 3}, pipeline_root=root, echo=lambda _l: None)
    assert tasks_of(fifth.run_dir)["make"]["why"] == "component code changed"
    assert tasks_of(fifth.run_dir)["score"]["state"] == "CACHED"


def test_cache_key_says_the_same(tmp_path: Path) -> None:
    source = write(tmp_path, "p.py", PIPELINE)
    root = str(tmp_path / "runs")
    local.run(_spec(source), {"n": 2}, pipeline_root=root, echo=lambda _l: None)
    args = ["cache-key", str(source), "--task", "make", "--pipeline-root", root]
    changed = cli_run(*args, "-p", "n=5")
    assert changed.exit_code == 0, changed.output
    assert "why:        would run: parameter 'n' changed 2 -> 5" in changed.output
    same = json.loads(cli_run(*args, "-p", "n=2", "--format", "json").output)
    assert same["why"].startswith("same inputs and code as run watched-")
    fresh = json.loads(cli_run(*args[:-1], str(tmp_path / "empty"), "--format", "json").output)
    assert fresh["why"] == "no previous run"


def _spec(source: Path) -> dict:
    from kfp_lite.cli.run_cmd import load_pipeline_spec

    return load_pipeline_spec(str(source), None)


# ---------------------------------------------------------------- watch


def test_quiet_prints_only_failures_and_the_summary(tmp_path: Path) -> None:
    source = write(tmp_path, "f.py", FAILING)
    lines: list[str] = []
    result = local.run(_spec(source), pipeline_root=tmp_path / "r",
                       observer=PlainOutput(lines.append, QUIET))
    assert result.state == "FAILED"
    text = "\n".join(lines)
    assert "RUNNING" not in text and "STARTED" not in text
    assert "FAILED     boom  exited with code 1" in text
    assert "run failed:" in text and "ValueError: bad value 2" in text  # the log tail


def test_normal_lines_are_timestamped_and_say_why(tmp_path: Path) -> None:
    source = write(tmp_path, "p.py", PIPELINE)
    lines: list[str] = []
    local.run(_spec(source), pipeline_root=tmp_path / "r", observer=PlainOutput(lines.append))
    running = [line for line in lines if " RUNNING " in line]
    assert len(running) == 2
    assert all(line[2] == ":" and line[5] == ":" for line in running)  # HH:MM:SS first
    assert running[0].endswith("make  why: no previous run")
    assert not any(" | " in line for line in lines)  # task output only in verbose mode


def test_verbose_streams_task_output_with_a_prefix(tmp_path: Path) -> None:
    source = write(tmp_path, "p.py", PIPELINE)
    lines: list[str] = []
    local.run(_spec(source), {"n": 3}, pipeline_root=tmp_path / "r",
              observer=PlainOutput(lines.append, VERBOSE))
    output = [line for line in lines if line.startswith("make | ")]
    assert output == ["make | making 0", "make | making 1", "make | making 2"]
    # the lines of a task come before the line saying it ended
    ended = next(i for i, line in enumerate(lines) if " SUCCEEDED  make " in line)
    assert lines.index("make | making 2") < ended


def test_log_follower_prints_whole_lines_until_the_end(tmp_path: Path) -> None:
    log = tmp_path / "task.log"
    log.write_text("one\ntw")
    lines: list[str] = []
    follower = LogFollower(lines.append)
    follower.follow("t", log)
    follower.poll()
    assert lines == ["t | one"]
    with log.open("a") as handle:
        handle.write("o\nthree")
    follower.poll()
    assert lines == ["t | one", "t | two"]
    follower.finish("t")
    assert lines == ["t | one", "t | two", "t | three"]
    follower.poll()
    assert len(lines) == 3


def _event(event_type: str, path: str, at: float, **fields: object) -> ev.RunEvent:
    return ev.RunEvent(type=event_type, time=at, path=path, **fields)  # type: ignore[arg-type]


def test_live_progress_redraws_counts_and_running_tasks_in_place() -> None:
    screen = io.StringIO()
    live = LiveProgress(screen, tick=None)
    live.on_event(_event(ev.RUN_STARTED, "run", 100.0, details={"run_dir": "/r", "tasks": 3}))
    live.on_event(_event(ev.TASK_STARTED, "a", 100.5, kind="container", state="RUNNING"))
    live.on_event(_event(ev.TASK_STARTED, "b", 101.0, kind="container", state="RUNNING",
                         details={"why": "parameter 'n' changed 1 -> 2"}))
    assert live.status_lines(102.0) == [
        "[   2.0s] 0/3 done, 2 running, 0 cached, 0 failed",
        "  > a (1.5s)",
        "  > b (1.0s)",
    ]
    live.on_event(_event(ev.TASK_CACHED, "c", 101.5, kind="container", state="CACHED",
                         reason="cached: same inputs and code as run r0"))
    live.on_event(_event(ev.TASK_FAILED, "a", 102.0, kind="container", state="FAILED",
                         reason="exited with code 1", duration=1.5))
    assert live.status_lines(103.0)[0] == "[   3.0s] 2/3 done, 1 running, 1 cached, 1 failed"
    live.on_event(_event(ev.TASK_FINISHED, "b", 103.0, kind="container", state="SUCCEEDED",
                         duration=2.0))
    live.on_event(_event(ev.RUN_FINISHED, "run", 103.5, state="FAILED",
                         details={"run_dir": "/r"}))
    text = screen.getvalue()
    assert "\x1b[3F\x1b[J" in text  # the block of three lines was redrawn in place
    assert "cached: same inputs and code as run r0" in text  # permanent lines stay
    assert "run failed: /r" in text
    assert text.rstrip().endswith("--- a failed: exited with code 1")  # block cleared at the end
    assert "3/3 done" in text
    assert "RUNNING" not in text  # the block shows running tasks; why is on the end line
    assert "SUCCEEDED  b  (2.00s)  why: parameter 'n' changed 1 -> 2" in text


def test_run_on_a_terminal_draws_live_progress(tmp_path: Path, monkeypatch) -> None:
    from kfp_lite.cli import run_cmd

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    assert isinstance(run_cmd._observer(False, False), LiveProgress)
    assert isinstance(run_cmd._observer(True, False), PlainOutput)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert isinstance(run_cmd._observer(False, False), PlainOutput)


def test_a_failed_task_traceback_points_at_the_users_file(tmp_path: Path) -> None:
    source = write(tmp_path, "failing_pipeline.py", FAILING)
    result = cli_run("run", str(source), "--pipeline-root", str(tmp_path / "r"))
    assert result.exit_code == 1
    raise_line = FAILING.splitlines().index('        raise ValueError(f"bad value {y}")') + 1
    assert f'File "{source.resolve()}", line {raise_line}, in boom' in result.stderr
    assert "ephemeral_component.py" not in result.stderr
    # the executor's frames (temporary files) are left out: the user's frame comes first
    tail = result.stderr[result.stderr.index("Traceback (most recent call last):"):].splitlines()
    assert tail[1].strip().endswith("kfp-lite executor frames left out)")
    assert tail[2] == f'  File "{source.resolve()}", line {raise_line}, in boom'
    (run,) = list_runs(tmp_path / "r")
    log = (run.run_dir / "boom" / "task.log").read_text()
    assert f'File "{source.resolve()}", line {raise_line}, in boom' in log
    assert (run.run_dir / "report.html").is_file()  # a failed run has its report


def test_map_traceback_leaves_out_runtime_frames_only_when_the_users_frame_is_found(
    tmp_path: Path,
) -> None:
    user = write(tmp_path, "mine.py", "def f(a):\n    return 1 / a\n")
    program = "import x\n\ndef f(a):\n    return 1 / a\n"
    text = ("Traceback (most recent call last):\n"
            '  File "/r/.kfp-lite/programs/abc-runtime.py", line 9, in main\n'
            "    Executor(x).execute()\n"
            "    ^^^^^^^^^^^^^^^^^^^^^\n"
            '  File "/r/.kfp-lite/programs/abc/ephemeral_component.py", line 4, in f\n'
            "    return 1 / a\n"
            "ZeroDivisionError: division by zero\n")
    assert map_traceback(text, program, [str(user)]) == (
        "Traceback (most recent call last):\n"
        "  (1 kfp-lite executor frame left out)\n"
        f'  File "{user}", line 2, in f\n'
        "    return 1 / a\n"
        "ZeroDivisionError: division by zero\n")
    assert map_traceback(text, program, []) == text  # nothing found: nothing left out


def test_map_traceback_leaves_unknown_frames_alone(tmp_path: Path) -> None:
    user = write(tmp_path, "mine.py", "import x\n\n\ndef f(a):\n    b = a\n    return 1 / b\n")
    program = "from typing import *\n\ndef f(a):\n    b = a\n    return 1 / b\n"
    text = ('  File "/tmp/t/ephemeral_component.py", line 5, in f\n'
            '  File "/tmp/t/ephemeral_component.py", line 2, in <module>\n'
            '  File "/tmp/t/ephemeral_component.py", line 5, in g\n')
    assert map_traceback(text, program, [str(user)]).splitlines() == [
        f'  File "{user}", line 6, in f',
        '  File "/tmp/t/ephemeral_component.py", line 2, in <module>',
        '  File "/tmp/t/ephemeral_component.py", line 5, in g',
    ]


def test_run_prints_warnings_that_predict_a_run_time_failure(tmp_path: Path) -> None:
    source = write(tmp_path, "free.py", '''
        from kfp_lite import dsl

        SCALE = 3


        @dsl.component
        def scale(x: int) -> int:
            return x * SCALE


        @dsl.pipeline(name="free")
        def free(x: int = 1):
            scale(x=x)
        ''')
    result = cli_run("run", str(source), "--pipeline-root", str(tmp_path / "r"), "-q")
    assert "warning[KFL601]" in result.stderr
    assert result.exit_code == 1 and "NameError" in result.stderr


def test_quiet_and_verbose_exclude_each_other(tmp_path: Path) -> None:
    result = cli_run("run", "x.py", "-q", "-v")
    assert result.exit_code == 2 and "exclude each other" in result.stderr


# ---------------------------------------------------------------- inspect


def test_runs_show_and_latest(tmp_path: Path) -> None:
    source = write(tmp_path, "p.py", PIPELINE)
    root = tmp_path / "runs"
    first = cli_run("run", str(source), "--pipeline-root", str(root))
    assert first.exit_code == 0, first.stderr
    assert "score  metrics   accuracy  0.5" in first.stderr  # Metrics as a table
    assert "report: " in first.stderr
    second = cli_run("run", str(source), "--pipeline-root", str(root), "-p", "n=4")
    assert second.exit_code == 0
    older, newer = sorted(list_runs(root), key=lambda r: r.started or 0)
    assert (root / "latest").is_symlink() and (root / "latest").resolve() == newer.run_dir
    listed = cli_run("runs", "--pipeline-root", str(root)).output.splitlines()
    assert listed[0].split() == ["PIPELINE", "RUN", "START", "DURATION", "STATE"]
    assert [line.split()[1] for line in listed[1:]] == [newer.run, older.run]
    assert all(line.split()[-1] == "SUCCEEDED" for line in listed[1:])
    run_page = cli_run("show", "--pipeline-root", str(root)).output
    assert f"run:      {newer.run}" in run_page
    assert "parameter 'n' changed 2 -> 4" in run_page
    task_page = cli_run("show", "make", "--pipeline-root", str(root)).output
    assert "why:      parameter 'n' changed 2 -> 4" in task_page
    assert "  n = 4" in task_page and "  Output = 8" in task_page
    assert "  | making 3" in task_page
    # an older run by a unique prefix; its metrics artifact path is shown
    prefix = older.run[: len(older.run) - 3]
    if len([r for r in list_runs(root) if r.run.startswith(prefix)]) == 1:
        older_page = cli_run("show", prefix, "score", "--pipeline-root", str(root)).output
        assert "accuracy" in older_page
    older_page = cli_run("show", older.run, "score", "--pipeline-root", str(root)).output
    assert f"metrics (system.Metrics) -> {older.run_dir}/score/metrics" in older_page
    missing = cli_run("show", "nope", "--pipeline-root", str(root))
    assert missing.exit_code == 2 and "error[KFL830]: no task named 'nope'" in missing.stderr
    assert "hint: tasks: make, score" in missing.stderr
    no_runs = cli_run("show", "--pipeline-root", str(tmp_path / "none"))
    assert no_runs.exit_code == 2 and "no runs under" in no_runs.stderr


def test_a_cached_task_points_to_the_run_that_produced_it(tmp_path: Path) -> None:
    source = write(tmp_path, "p.py", PIPELINE)
    root = tmp_path / "runs"
    cli_run("run", str(source), "--pipeline-root", str(root))
    cli_run("run", str(source), "--pipeline-root", str(root))
    older, newer = sorted(list_runs(root), key=lambda r: r.started or 0)
    page = cli_run("show", newer.run, "make", "--pipeline-root", str(root)).output
    assert "state:    CACHED" in page
    assert f"outputs from run: {older.run}" in page
    assert f"log (of run {older.run}):" in page and "  | making 1" in page


def test_latest_is_a_file_where_symlinks_cannot_be_made(tmp_path: Path, monkeypatch) -> None:
    run_dir = tmp_path / "p-1"
    run_dir.mkdir()

    def no_symlinks(*_args: object, **_kwargs: object) -> None:
        raise OSError("symlinks are not supported here")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    update_latest(tmp_path, run_dir)
    assert (tmp_path / "latest").read_text() == "p-1\n"
    assert list(tmp_path.glob(".latest*")) == []
    (run_dir / "run.json").write_text(json.dumps({"run": "p-1", "started": 1.0}))
    assert find_run(tmp_path, "latest").run_dir == run_dir  # the file is not taken for a run


# ---------------------------------------------------------------- the report of a real run

REPORTED = '''
from kfp_lite import dsl
from kfp_lite.dsl import HTML, ClassificationMetrics, Markdown, Metrics, Output


@dsl.component
def evaluate(metrics: Output[Metrics], classes: Output[ClassificationMetrics],
             page: Output[HTML], notes: Output[Markdown]):
    metrics.log_metric("accuracy", 0.875)
    classes.log_confusion_matrix(["cat", "dog"], [[7, 1], [1, 7]])
    classes.log_roc_curve([0.0, 0.2, 1.0], [0.0, 0.8, 1.0], [1.0, 0.5, 0.0])
    with open(page.path, "w") as f:
        f.write("<h2 id='from-task'>Made by the task</h2>")
    with open(notes.path, "w") as f:
        f.write("# Notes\\n\\nThe model is **good**.\\n")


@dsl.pipeline(name="reported")
def reported():
    evaluate()
'''


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="chromium is not installed (CI installs it)")
def test_a_browser_shows_the_report_of_a_real_run(tmp_path: Path) -> None:
    assert CHROMIUM, "CI must install Debian's chromium for the report test"
    source = write(tmp_path, "reported.py", REPORTED)
    result = cli_run("run", str(source), "--pipeline-root", str(tmp_path / "r"))
    assert result.exit_code == 0, result.stderr
    assert "accuracy  0.875" in result.stderr
    report = tmp_path / "r" / "latest" / "report.html"
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         report.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert "<title>reported - succeeded</title>" in dom
    assert dom.count('<g class="node"') == 1
    assert "<td>accuracy</td><td>0.875</td>" in dom
    assert "confusion matrix" in dom and 'class="curve"' in dom
    assert "<strong>good</strong>" in dom  # the Markdown artifact, rendered
    assert "Made by the task" in dom  # the HTML artifact, in its sandboxed frame
    assert "no previous run" in dom  # why the task ran
