"""Virtualenvs for ``packages_to_install``, built once per package set and reused.

A task that pip-installs packages runs in a virtualenv (``--system-site-packages``) so the
installs never touch the runner's environment. The environment for one interpreter and one
sorted set of pip arguments lives in ``<pipeline root>/.envs/<key>/`` and serves every task
and every later run that asks for the same set. Building takes a file lock per key, so
concurrent tasks and runs wait for one build instead of racing; a ``.ready`` marker written
last says the build finished (a half-built folder from a killed build is rebuilt).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

__all__ = ["ENVS_DIR", "EnvironmentFailed", "environment_key", "package_environment"]

ENVS_DIR = ".envs"
READY = ".ready"


@dataclass
class EnvironmentFailed(Exception):
    """pip (or venv) failed; ``output`` is what it said."""

    message: str
    output: str

    def __str__(self) -> str:
        return self.message


def environment_key(python: str, pip_args: Sequence[str]) -> str:
    """The same interpreter and the same arguments (in any order) share one environment."""
    text = "\0".join([os.path.realpath(python), *sorted(pip_args)])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _python_of(env_dir: Path) -> Path:
    return env_dir / "bin" / "python"


def package_environment(python: str, pip_args: Sequence[str], pipeline_root: Path) -> str:
    """The interpreter of the environment with ``pip_args`` installed, built if needed."""
    root = pipeline_root / ENVS_DIR
    key = environment_key(python, pip_args)
    env_dir = root / key
    if (env_dir / READY).is_file():
        return str(_python_of(env_dir))
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{key}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (env_dir / READY).is_file():  # built while we waited
                return str(_python_of(env_dir))
            shutil.rmtree(env_dir, ignore_errors=True)  # what a stopped build left
            _build(python, list(pip_args), env_dir)
            return str(_python_of(env_dir))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(python: str, pip_args: list[str], env_dir: Path) -> None:
    steps = [
        ([python, "-m", "venv", "--system-site-packages", str(env_dir)], "creating the virtualenv"),
        (
            [str(_python_of(env_dir)), "-m", "pip", "install", "--quiet",
             "--no-warn-script-location", *pip_args],
            "pip install " + " ".join(pip_args),
        ),
    ]
    environ = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for argv, what in steps:
        done = subprocess.run(argv, capture_output=True, text=True, env=environ)
        if done.returncode != 0:
            shutil.rmtree(env_dir, ignore_errors=True)
            raise EnvironmentFailed(
                f"{what} failed (exit code {done.returncode})", done.stdout + done.stderr
            )
    (env_dir / READY).write_text(" ".join(pip_args) + "\n")
