"""Starting one task's container command: as a local subprocess, or in docker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence

__all__ = ["LaunchError", "Launcher", "docker_problem", "is_lightweight"]

LIGHTWEIGHT_MARKERS = ("kfp_lite_executor.py", "kfp.dsl.executor_main")


class LaunchError(RuntimeError):
    """The task's program cannot be started here (message says why and what to do)."""


def is_lightweight(command: Sequence[str]) -> bool:
    return any(marker in part for part in command for marker in LIGHTWEIGHT_MARKERS)


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


@dataclass(frozen=True)
class Launcher:
    """How tasks start. ``python`` is the interpreter behind ``python3`` in task commands."""

    runner: str = "subprocess"
    python: str = sys.executable
    use_venv: bool = True

    def _shim(self, directory: Path, interpreter: str) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for name in ("python3", "python"):
            script = directory / name
            script.write_text(f'#!/bin/sh\nexec "{interpreter}" "$@"\n')
            script.chmod(0o755)
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

    def run(
        self,
        command: list[str],
        *,
        image: str,
        env: Mapping[str, str],
        task_dir: Path,
        log_path: Path,
        mounts: Sequence[str],
        timeout: Optional[float] = None,
    ) -> int:
        """Run to completion; stdout and stderr go to ``log_path``. Returns the exit code.

        After ``timeout`` seconds the process is killed and ``subprocess.TimeoutExpired`` raised.
        """
        if not command or command[0].startswith("-"):
            raise LaunchError(
                f"the container has no command: it relies on the entrypoint of image {image!r}, "
                "which only --runner docker can use"
            )
        with open(log_path, "ab") as log:
            if self.runner == "docker":
                full = ["docker", "run", "--rm", "--entrypoint", command[0]]
                for mount in mounts:
                    full += ["-v", f"{mount}:{mount}"]
                for key, value in env.items():
                    full += ["-e", f"{key}={value}"]
                full += [image, *command[1:]]
                return subprocess.run(full, stdout=log, stderr=subprocess.STDOUT, timeout=timeout).returncode
            interpreter = self._interpreter_for(command, task_dir)
            shim = self._shim(task_dir / ".bin", interpreter)
            path = f"{shim}{os.pathsep}{os.environ.get('PATH', '')}"
            program = command[0]
            if os.sep not in program and shutil.which(program, path=path) is None:
                raise LaunchError(
                    f"program {program!r} of image {image!r} is not installed on this machine; "
                    "install it or run with --runner docker"
                )
            full_env = {**os.environ, **env, "PATH": path}
            try:
                proc = subprocess.run(
                    command, stdout=log, stderr=subprocess.STDOUT, env=full_env, cwd=task_dir,
                    timeout=timeout,
                )
            except OSError as exc:
                raise LaunchError(f"cannot start {program!r}: {exc}") from exc
            return proc.returncode
