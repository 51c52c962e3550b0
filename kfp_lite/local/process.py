"""Starting one task's container command: as a local subprocess, or in docker.

Each task runs in its own process group (``start_new_session``) so that a timeout or a
stopped run ends the task and every process it started. The :class:`ProcessTable` of a run
knows the groups alive; nothing here is process-wide.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence, Union

from .envs import EnvironmentFailed, package_environment
from .warm import WarmProcess, WarmStarters, parse_lightweight, program_files

__all__ = [
    "OFFLINE_NOTE",
    "LaunchError",
    "LaunchResult",
    "Launcher",
    "ProcessTable",
    "docker_problem",
    "is_lightweight",
    "offline_command",
    "uses_kfp_executor",
]

#: seconds between SIGTERM and SIGKILL when a task's process group is stopped
KILL_GRACE_SECONDS = 3.0

OFFLINE_NOTE = ("lightweight components with kfp's command run with kfp_lite's own executor, "
                "offline: kfp is not pip-installed (their other packages still are)")


def offline_command(command: Sequence[str]) -> list[str]:
    """kfp's lightweight command with kfp_lite's executor in place of ``kfp.dsl.executor_main``."""
    from kfp_lite.compiler.python_command import embed_container

    embedded = embed_container({"command": list(command)})
    return list(embedded["command"]) if embedded else list(command)


def uses_kfp_executor(executors: Mapping[str, Mapping]) -> bool:
    from kfp_lite.compiler.python_command import is_kfp_lightweight

    return any(is_kfp_lightweight((e.get("container") or {}).get("command") or [])
               for e in executors.values())


class LaunchError(RuntimeError):
    """The task's program cannot be started here (message says why and what to do)."""


def is_lightweight(command: Sequence[str]) -> bool:
    """A Python function run by an executor (kfp's or kfp_lite's), not an image's program."""
    from kfp_lite.compiler.python_command import EMBEDDED_LOADER, KFP_EXECUTOR_MODULE

    return any(KFP_EXECUTOR_MODULE in part or part == EMBEDDED_LOADER for part in command)


def installs_packages(command: Sequence[str]) -> bool:
    return any("pip install" in part for part in command)


def docker_problem() -> Optional[str]:
    """Why docker cannot run containers here, or None when it can."""
    if shutil.which("docker") is None:
        return "the 'docker' program is not installed"
    try:
        probe = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"'docker info' failed: {exc}"
    if probe.returncode != 0:
        detail = (probe.stderr or probe.stdout).strip().splitlines()
        return "the docker daemon is not reachable" + (f": {detail[-1]}" if detail else "")
    return None


def _kill_leftovers(proc: Union[subprocess.Popen, WarmProcess]) -> None:
    """SIGKILL whatever a task's exited leader left in its process group: children must not
    outlive the task (nothing to do when the group is already gone)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _stop_group(proc: Union[subprocess.Popen, WarmProcess], grace: float = KILL_GRACE_SECONDS) -> None:
    """SIGTERM the process group, then SIGKILL what is left after ``grace`` seconds."""
    for sig, wait_for in ((signal.SIGTERM, grace), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        if wait_for is None:
            break
        try:
            proc.wait(timeout=wait_for)
        except subprocess.TimeoutExpired:
            continue
        _kill_leftovers(proc)  # the leader is gone
        return


@dataclass
class ProcessTable:
    """The task processes alive in one run, so that stopping the run stops them all."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    alive: dict = field(default_factory=dict)  # pid -> Popen or WarmProcess
    stopping: bool = False
    warm: WarmStarters = field(default_factory=WarmStarters)
    stopped: threading.Event = field(default_factory=threading.Event)

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` (a retry back-off) unless the run stops first; True if it did."""
        return self.stopped.wait(max(0.0, seconds))

    def add(self, proc: Union[subprocess.Popen, WarmProcess]) -> None:
        with self.lock:
            self.alive[proc.pid] = proc
            stop = self.stopping
        if stop:
            _stop_group(proc, grace=0.0)

    def remove(self, proc: Union[subprocess.Popen, WarmProcess]) -> None:
        with self.lock:
            self.alive.pop(proc.pid, None)

    def stop_all(self) -> None:
        """Stop every process group now and any started later (the run is being stopped)."""
        with self.lock:
            self.stopping = True
            procs = list(self.alive.values())
        self.stopped.set()
        threads = [threading.Thread(target=_stop_group, args=(p,), daemon=True) for p in procs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


@dataclass(frozen=True)
class LaunchResult:
    """How a task's process ended: its exit code, or ``timed_out``/``stopped``."""

    code: int
    timed_out: bool = False
    stopped: bool = False


@dataclass(frozen=True)
class Launcher:
    """How tasks start. ``python`` is the interpreter behind ``python3`` in task commands."""

    runner: str = "subprocess"
    python: str = sys.executable
    use_venv: bool = True
    #: start kfp_lite's lightweight tasks from a warm server (module ``warm``)
    warm: bool = True

    def _shim(self, scratch: Path, interpreter: str) -> Path:
        """A folder whose ``python3``/``python`` run ``interpreter``; made once per run
        and interpreter (built aside, then renamed into place, so parallel tasks agree)."""
        digest = hashlib.sha256(interpreter.encode()).hexdigest()[:16]
        directory = scratch / f"bin-{digest}"
        if directory.is_dir():
            return directory
        scratch.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".bin-", dir=scratch))
        for name in ("python3", "python"):
            script = building / name
            script.write_text(f'#!/bin/sh\nexec "{interpreter}" "$@"\n')
            script.chmod(0o755)
        try:
            os.rename(building, directory)
        except OSError:  # another task made it first
            shutil.rmtree(building, ignore_errors=True)
        return directory

    def _interpreter_for(self, command: Sequence[str], task_dir: Path) -> str:
        if not (self.use_venv and installs_packages(command)):
            return self.python
        # pip-installing the task's packages must not touch the runner's own environment
        env_dir = task_dir / ".venv"
        if not (env_dir / "bin" / "python").exists():
            subprocess.run(
                [self.python, "-m", "venv", "--system-site-packages", str(env_dir)],
                check=True,
                capture_output=True,
            )
        return str(env_dir / "bin" / "python")

    def _warm_start(
        self,
        command: list[str],
        env: Mapping[str, str],
        task_dir: Path,
        log_path: Path,
        table: ProcessTable,
        scratch: Path,
        envs_root: Optional[Path],
    ) -> Union[WarmProcess, LaunchResult, None]:
        """Fork a recognised lightweight task from a warm server; None: start it plainly."""
        task = parse_lightweight(command)
        if task is None or (task.pip_args and not self.use_venv):
            return None
        interpreter = self.python
        if task.pip_args:
            try:
                interpreter = package_environment(self.python, task.pip_args, envs_root or scratch)
            except (EnvironmentFailed, OSError) as exc:
                with open(log_path, "a") as log:
                    log.write(f"{exc}\n{getattr(exc, 'output', '')}")
                return LaunchResult(1)
        files = program_files(task, scratch)
        if files is None:
            return None
        component, runtime = files
        shim = self._shim(scratch, interpreter)
        temp = scratch / "tmp"
        temp.mkdir(parents=True, exist_ok=True)
        full_env = {
            **os.environ,
            "TMPDIR": str(temp),
            **env,
            "PATH": f"{shim}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        if table.stopping:
            return LaunchResult(-signal.SIGTERM, stopped=True)
        return table.warm.start(
            interpreter,
            runtime,
            ["--component_module_path", str(component), *task.args],
            cwd=task_dir,
            env=full_env,
            log_path=log_path,
        )

    def _full_command(
        self,
        command: list[str],
        image: str,
        env: Mapping[str, str],
        task_dir: Path,
        mounts: Sequence[str],
        scratch: Path,
    ) -> tuple[list[str], Optional[dict]]:
        if self.runner == "docker":
            full = ["docker", "run", "--rm", "--init", "--entrypoint", command[0]]
            for mount in mounts:
                full += ["-v", f"{mount}:{mount}"]
            for key, value in env.items():
                full += ["-e", f"{key}={value}"]
            return full + [image, *command[1:]], None
        interpreter = self._interpreter_for(command, task_dir)
        shim = self._shim(scratch, interpreter)
        path = f"{shim}{os.pathsep}{os.environ.get('PATH', '')}"
        program = command[0]
        if os.sep not in program and shutil.which(program, path=path) is None:
            raise LaunchError(
                f"program {program!r} of image {image!r} is not installed on this machine; "
                "install it or run with --runner docker"
            )
        temp = scratch / "tmp"  # the task's temporary files go away with the run
        temp.mkdir(parents=True, exist_ok=True)
        return list(command), {**os.environ, "TMPDIR": str(temp), **env, "PATH": path}

    def run(
        self,
        command: list[str],
        *,
        image: str,
        env: Mapping[str, str],
        task_dir: Path,
        log_path: Path,
        mounts: Sequence[str],
        table: Optional[ProcessTable] = None,
        timeout: Optional[float] = None,
        scratch: Optional[Path] = None,
        envs_root: Optional[Path] = None,
    ) -> LaunchResult:
        """Run to completion in its own process group; stdout and stderr go to ``log_path``.

        After ``timeout`` seconds (None: no limit) the group is stopped and the result says
        ``timed_out``; when ``table`` stops the run, ``stopped``. ``scratch`` holds the
        run's interpreter shims and temporary files (default: in ``task_dir``);
        ``envs_root`` the virtualenvs of ``packages_to_install`` (default: ``scratch``)."""
        if not command or command[0].startswith("-"):
            raise LaunchError(
                f"the container has no command: it relies on the entrypoint of image {image!r}, "
                "which only --runner docker can use"
            )
        if table is None:  # a table of our own: its warm servers end with this task
            table = ProcessTable()
            try:
                return self.run(
                    command, image=image, env=env, task_dir=task_dir, log_path=log_path,
                    mounts=mounts, table=table, timeout=timeout, scratch=scratch,
                    envs_root=envs_root,
                )
            finally:
                table.warm.close()
        scratch = scratch or task_dir / ".kfp-lite"
        if self.runner == "subprocess" and self.warm:
            started = self._warm_start(command, env, task_dir, log_path, table, scratch, envs_root)
            if isinstance(started, LaunchResult):
                return started
            if started is not None:
                return _wait(started, table, timeout)
        full, full_env = self._full_command(command, image, env, task_dir, mounts, scratch)
        with open(log_path, "ab") as log:
            try:
                proc = subprocess.Popen(
                    full,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env=full_env,
                    cwd=task_dir if full_env is not None else None,
                    start_new_session=True,
                )
            except OSError as exc:
                raise LaunchError(f"cannot start {full[0]!r}: {exc}") from exc
            return _wait(proc, table, timeout)


def _wait(
    proc: Union[subprocess.Popen, WarmProcess], table: ProcessTable, timeout: Optional[float]
) -> LaunchResult:
    """Wait for a started task (stopping its group after ``timeout`` seconds)."""
    table.add(proc)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                _stop_group(proc)
                return LaunchResult(proc.wait(), timed_out=True)
            try:
                code = proc.wait(timeout=left)
            except subprocess.TimeoutExpired:
                continue
            _kill_leftovers(proc)  # the leader exited
            return LaunchResult(code, stopped=table.stopping)
    finally:
        table.remove(proc)
