"""How the runner starts lightweight tasks fast: the warm server, the command it recognises,
virtualenvs built once per package set, and a wide loop at the pool's full width."""

from __future__ import annotations

import dataclasses
import signal
import threading
import zipfile
from pathlib import Path

import pytest
from kfp_lite.compiler import compile_documents
from kfp_lite.compiler.embedded_runtime import decode
from kfp_lite.compiler.python_command import PipSettings, lightweight_container

from kfp_lite import dsl, local
from kfp_lite.local import envs, process
from kfp_lite.local.process import Launcher, ProcessTable
from kfp_lite.local.warm import parse_lightweight, program_files


def _container(**kw) -> dict:
    return lightweight_container(
        function_source="def f(x: int) -> int:\n    return x\n",
        function_name="f",
        base_image="python:3.11",
        settings=PipSettings(install_kfp_package=False, **kw),
        mode="embedded",
    )


def _command(container: dict) -> list:
    return container["command"] + container["args"]


def test_parse_recognises_a_plain_lightweight_command() -> None:
    task = parse_lightweight(_command(_container()))
    assert task is not None
    assert task.pip_args == ()
    assert "def f(x: int)" in task.source
    assert task.args == ("--executor_input", "{{$}}", "--function_to_execute", "f")


def test_parse_reads_the_pip_arguments() -> None:
    container = _container(
        packages_to_install=("numpy==1.26", "pandas"),
        pip_index_urls=("https://example.org/simple",),
    )
    task = parse_lightweight(_command(container))
    assert task is not None
    assert task.pip_args == (
        "--index-url", "https://example.org/simple",
        "--trusted-host", "https://example.org/simple",
        "numpy==1.26", "pandas",
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.__setitem__(2, c[2] + ";print(1)"),  # a different loader
        lambda c: c.__setitem__(0, "python"),
        lambda c: c.__delitem__(slice(3, None)),  # no programs
        lambda c: c.append("--odd"),  # not name/value pairs
    ],
)
def test_parse_leaves_anything_else_alone(change) -> None:
    command = _command(_container())
    change(command)
    assert parse_lightweight(command) is None
    assert parse_lightweight(["sh", "-c", "echo hi"]) is None


def test_program_files_are_written_once_per_content(tmp_path: Path) -> None:
    task = parse_lightweight(_command(_container()))
    assert task is not None
    first = program_files(task, tmp_path)
    second = program_files(task, tmp_path)
    assert first is not None and first == second
    component, runtime = first
    assert component.name == "ephemeral_component.py"
    assert component.read_text() == task.source
    assert runtime.read_text() == decode(task.encoded_runtime)
    assert "def main(" in runtime.read_text()


def test_a_runtime_that_cannot_be_decoded_starts_plainly(tmp_path: Path) -> None:
    task = parse_lightweight(_command(_container()))
    assert task is not None
    broken = dataclasses.replace(task, encoded_runtime="not-a-runtime")
    assert program_files(broken, tmp_path) is None


def _launch(tmp_path: Path, source: str, name: str = "f", **kw):
    container = lightweight_container(
        function_source=source, function_name=name, base_image="python:3.11",
        settings=PipSettings(install_kfp_package=False), mode="embedded",
    )
    task_dir = tmp_path / "task"
    task_dir.mkdir(exist_ok=True)
    inputs = (
        '{"inputs": {"parameterValues": {}}, "outputs": {"outputFile": "%s"}}'
        % (task_dir / "out.json")
    )
    command = [inputs if part == "{{$}}" else part for part in _command(container)]
    table = kw.pop("table", None) or ProcessTable()
    try:
        result = Launcher().run(
            command,
            image="python:3.11",
            env={"MY_VAR": "here"},
            task_dir=task_dir,
            log_path=task_dir / "task.log",
            mounts=[],
            table=table,
            scratch=tmp_path / "scratch",
            **kw,
        )
    finally:
        table.warm.close()
    return result, task_dir, table


def test_a_warm_task_has_its_folder_environment_log_and_exit_code(tmp_path: Path) -> None:
    source = (
        "def f():\n"
        "    import os, sys\n"
        "    print('cwd', os.getcwd())\n"
        "    print('var', os.environ['MY_VAR'], file=sys.stderr)\n"
        "    print('own group', os.getpgid(0) == os.getpid())\n"
        "    raise SystemExit(3)\n"
    )
    result, task_dir, table = _launch(tmp_path, source)
    assert result.code == 3
    log = (task_dir / "task.log").read_text()
    assert f"cwd {task_dir}" in log
    assert "var here" in log
    assert "own group True" in log
    assert table.warm.servers == {}  # closed


def test_a_warm_task_that_raises_fails_with_its_traceback(tmp_path: Path) -> None:
    result, task_dir, _ = _launch(tmp_path, "def f():\n    raise ValueError('no good')\n")
    assert result.code == 1
    log = (task_dir / "task.log").read_text()
    assert "ValueError: no good" in log
    assert "warm_server" not in log


def test_a_warm_task_over_its_time_limit_is_stopped(tmp_path: Path) -> None:
    source = "def f():\n    import time\n    time.sleep(60)\n"
    result, _, _ = _launch(tmp_path, source, timeout=0.5)
    assert result.timed_out
    assert result.code == -signal.SIGTERM


def test_without_a_warm_server_the_task_starts_plainly(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kfp_lite.local.warm.SERVER_FILE", tmp_path / "missing.py")
    result, task_dir, _ = _launch(tmp_path, "def f():\n    print('plain start')\n")
    assert result.code == 0
    assert "plain start" in (task_dir / "task.log").read_text()


# ---------------------------------------------------------------- environments


def _wheel(folder: Path, name: str = "tinypkg", version: str = "0.1") -> Path:
    """A minimal pure-Python wheel made here, so pip needs no network."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f"VERSION = {version!r}\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{n},,\n" for n in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as archive:
        for n, text in files.items():
            archive.writestr(n, text)
        archive.writestr(f"{info}/RECORD", record)
    return path


def test_environment_key_ignores_order_but_not_content() -> None:
    key = envs.environment_key
    assert key("python3", ["a", "b"]) == key("python3", ["b", "a"])
    assert key("python3", ["a"]) != key("python3", ["a", "b"])


def test_packages_are_installed_once_per_set_across_tasks_and_runs(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    wheel = _wheel(tmp_path)
    builds: list[list[str]] = []
    real_build = envs._build

    def counting_build(python, pip_args, env_dir):
        builds.append(list(pip_args))
        real_build(python, pip_args, env_dir)

    monkeypatch.setattr(envs, "_build", counting_build)

    @dsl.component(packages_to_install=[str(wheel)])
    def uses(n: int) -> str:
        import tinypkg

        return f"{tinypkg.VERSION}-{n}"

    @dsl.pipeline(name="uses-package")
    def pipeline():
        with dsl.ParallelFor([1, 2, 3]) as item:
            uses(n=item)

    spec = compile_documents(pipeline).pipeline_spec
    for _ in range(2):  # two runs
        result = local.run(spec, {}, pipeline_root=tmp_path / "root", max_workers=3,
                           echo=lambda _line: None)
        assert result.state == "SUCCEEDED", result.error
        values = sorted(
            r.outputs["parameters"]["Output"]
            for r in result.tasks.values()
            if r.kind == "container"
        )
        assert values == ["0.1-1", "0.1-2", "0.1-3"]
    assert builds == [[str(wheel)]]
    made = [p.name for p in (tmp_path / "root" / envs.ENVS_DIR).iterdir() if p.is_dir()]
    assert len(made) == 1


def test_a_failed_install_fails_the_task_with_pips_words(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")

    @dsl.component(packages_to_install=["surely-not-a-package-kfp-lite==9.9"])
    def needs() -> int:
        return 1

    @dsl.pipeline(name="bad-package")
    def pipeline():
        needs()

    spec = compile_documents(pipeline).pipeline_spec
    result = local.run(spec, {}, pipeline_root=tmp_path, echo=lambda _line: None)
    assert result.state == "FAILED"
    record = next(r for r in result.tasks.values() if r.kind == "container")
    log = Path(record.log_path).read_text()
    assert "pip install surely-not-a-package-kfp-lite==9.9 failed" in log
    # nothing half-built is kept for the next run
    assert not [p for p in (tmp_path / envs.ENVS_DIR).iterdir() if p.is_dir()]


# ---------------------------------------------------------------- width


def test_a_wide_loop_runs_at_the_pools_full_width(tmp_path: Path, monkeypatch) -> None:
    lock = threading.Lock()
    running = [0]
    peak = [0]
    real_run = process.Launcher.run

    def counting_run(self, *args, **kw):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real_run(self, *args, **kw)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(process.Launcher, "run", counting_run)

    @dsl.component
    def trivial(n: int) -> int:
        import time

        time.sleep(0.02)  # long enough for the pool to fill, whatever the machine
        return n

    @dsl.pipeline(name="wide")
    def pipeline():
        with dsl.ParallelFor(list(range(200))) as item:
            trivial(n=item)

    spec = compile_documents(pipeline).pipeline_spec
    result = local.run(spec, {}, pipeline_root=tmp_path, max_workers=6, echo=lambda _l: None)
    assert result.state == "SUCCEEDED"
    assert sum(1 for r in result.tasks.values() if r.kind == "container") == 200
    assert peak[0] == 6


def test_compiled_lightweight_tasks_start_warm(tmp_path: Path, monkeypatch) -> None:
    from kfp_lite.local.warm import WarmStarters

    started: list[str] = []
    real_start = WarmStarters.start

    def counting_start(self, python, runtime, argv, **kw):
        started.append(argv[-1])  # the function's name
        return real_start(self, python, runtime, argv, **kw)

    monkeypatch.setattr(WarmStarters, "start", counting_start)

    @dsl.component
    def inc(x: int) -> int:
        return x + 1

    @dsl.pipeline(name="chain")
    def pipeline(n: int = 0) -> int:
        t = inc(x=n)
        for _ in range(4):
            t = inc(x=t.output)
        return t.output

    spec = compile_documents(pipeline).pipeline_spec
    result = local.run(spec, {}, pipeline_root=tmp_path, echo=lambda _l: None)
    assert result.state == "SUCCEEDED"
    assert result.outputs.parameters["Output"] == 5
    assert started == ["inc"] * 5
