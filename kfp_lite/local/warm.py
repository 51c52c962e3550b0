"""Starting kfp_lite's lightweight tasks fast: one warm server per interpreter and run.

The runner runs a lightweight component as ``[sh -c PIP] python3 -c LOADER SOURCE RUNTIME
ARGS...`` (kfp's command in the embedded mode): a Python start, the runtime's imports, the
source written to a temporary file, per task. Here the runner recognises exactly that
command, writes the source and the decoded runtime once per content, and asks a warm server
(:mod:`warm_server`, started once per run and interpreter) to fork a child that runs the same
runtime with the same arguments. The task still runs in its own process and process group,
with its own environment, folder and log.

Anything not recognised, or a server that cannot start, takes the plain path.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence

__all__ = ["Lightweight", "WarmProcess", "WarmStarters", "parse_lightweight", "program_files"]

SERVER_FILE = Path(__file__).with_name("warm_server.py")
PIP_INSTALL = "python3 -m pip install --quiet --no-warn-script-location "


@dataclass(frozen=True)
class Lightweight:
    """A recognised lightweight command: its program, runtime, arguments and pip arguments."""

    source: str
    encoded_runtime: str
    args: tuple[str, ...]
    pip_args: tuple[str, ...] = ()


def _pip_args(script: str) -> Optional[tuple[str, ...]]:
    """The arguments of the one ``pip install`` of a pip step; None for any other script."""
    from kfp_lite.compiler.python_command import (
        PIP_COMMANDS_END,
        PIP_COMMANDS_START,
        PIP_JOIN,
    )

    start, end = script.find(PIP_COMMANDS_START), script.rfind(PIP_COMMANDS_END)
    if start < 0 or end < start:
        return None
    commands = script[start + len(PIP_COMMANDS_START):end].split(PIP_JOIN)
    if len(commands) != 1 or not commands[0].startswith(PIP_INSTALL):
        return None  # a venv or a second install: run the script as written
    try:
        args = tuple(shlex.split(commands[0][len(PIP_INSTALL):]))
    except ValueError:
        return None
    return args or None


def parse_lightweight(command: Sequence[str]) -> Optional[Lightweight]:
    """The parts of an embedded lightweight command (``[sh -c PIP] python3 -c LOADER
    SOURCE RUNTIME ARGS...``), or None when it is anything else."""
    from kfp_lite.compiler.python_command import EMBEDDED_LOADER

    command = list(command)
    pip_args: tuple[str, ...] = ()
    if command[:2] == ["sh", "-c"] and len(command) > 2:
        found = _pip_args(command[2])
        if found is None:
            return None
        pip_args = found
        command = command[3:]
    if len(command) < 5 or command[:3] != ["python3", "-c", EMBEDDED_LOADER]:
        return None
    args = tuple(command[5:])
    if len(args) % 2:  # the runtime takes --name value pairs after the source
        return None
    return Lightweight(command[3], command[4], args, pip_args)


def _write_once(folder: Path, name: str, content: bytes) -> Path:
    """``folder/name`` with ``content``, written aside and renamed (parallel tasks agree)."""
    target = folder / name
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temp, target)
    return target


def program_files(task: Lightweight, scratch: Path) -> Optional[tuple[Path, Path]]:
    """The component and runtime files of ``task`` in the run's scratch folder, each
    written once per content (a 200-item loop writes them once, not 200 times); None when
    the runtime cannot be decoded (the command then runs as written and says why)."""
    from kfp_lite.compiler.embedded_runtime import decode

    folder = scratch / "programs"
    source = task.source.encode()
    source_name = hashlib.sha256(source).hexdigest()[:24]
    # a folder per component: the runtime imports the file as `ephemeral_component`
    component = _write_once(folder / source_name, "ephemeral_component.py", source)
    encoded = task.encoded_runtime.encode()
    runtime_name = hashlib.sha256(encoded).hexdigest()[:24] + "-runtime.py"
    runtime = folder / runtime_name
    if not runtime.is_file():
        try:
            text = decode(task.encoded_runtime)
        except (ValueError, zlib.error):
            return None
        runtime = _write_once(folder, runtime_name, text.encode())
    return component, runtime


class WarmProcess:
    """A forked task as the runner sees it: ``pid`` (its process group) and ``wait``."""

    def __init__(self, pid: int, done: threading.Event, slot: dict) -> None:
        self.pid = pid
        self._done = done
        self._slot = slot

    def wait(self, timeout: Optional[float] = None) -> int:
        if not self._done.wait(timeout):
            raise subprocess.TimeoutExpired("warm task", timeout or 0.0)
        return int(self._slot["code"])


class _Server:
    """One warm server process and the thread that reads its answers."""

    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen(
            [python, str(SERVER_FILE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C reaches the runner, which stops the tasks
            env={k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"},
        )
        self.lock = threading.Lock()
        self.pending: dict[int, tuple[threading.Event, dict]] = {}
        self.next_id = 0
        self.alive = True
        self.reader = threading.Thread(target=self._read, daemon=True, name="kfp-lite-warm")
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            with self.lock:
                event, slot = self.pending.get(answer.get("id"), (None, None))
                if event is None or slot is None:
                    continue
                if "pid" in answer:
                    slot["pid"] = answer["pid"]
                    slot["started"].set()
                elif "error" in answer:
                    slot["error"] = answer["error"]
                    slot["started"].set()
                    self.pending.pop(answer["id"], None)
                elif "code" in answer:
                    slot["code"] = answer["code"]
                    self.pending.pop(answer["id"], None)
                    event.set()
        with self.lock:  # the server is gone: nothing it started can report any more
            self.alive = False
            for event, slot in self.pending.values():
                slot.setdefault("code", -9)
                slot.setdefault("error", "the warm task server stopped")
                slot["started"].set()
                event.set()
            self.pending.clear()

    def start(self, request: dict) -> Optional[WarmProcess]:
        done = threading.Event()
        slot: dict = {"started": threading.Event()}
        with self.lock:
            if not self.alive or self.proc.stdin is None:
                return None
            self.next_id += 1
            ident = self.next_id
            self.pending[ident] = (done, slot)
            try:
                self.proc.stdin.write((json.dumps({"id": ident, **request}) + "\n").encode())
                self.proc.stdin.flush()
            except OSError:
                self.pending.pop(ident, None)
                return None
        slot["started"].wait()
        if "pid" not in slot:
            return None
        return WarmProcess(int(slot["pid"]), done, slot)

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class WarmStarters:
    """The warm servers of one run, one per interpreter, started on first use."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    servers: dict = field(default_factory=dict)  # interpreter -> _Server or None
    closed: bool = False

    def start(
        self,
        python: str,
        runtime: Path,
        argv: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        log_path: Path,
    ) -> Optional[WarmProcess]:
        """Fork the task from the warm server of ``python``; None: start it plainly."""
        with self.lock:
            if self.closed:
                return None
            if python not in self.servers:
                try:
                    self.servers[python] = _Server(python)
                except OSError:
                    self.servers[python] = None
            server = self.servers[python]
        if server is None:
            return None
        return server.start(
            {
                "cwd": str(cwd),
                "env": dict(env),
                "log": str(log_path),
                "executor": str(runtime),
                "argv": list(argv),
            }
        )

    def close(self) -> None:
        with self.lock:
            self.closed = True
            servers = [s for s in self.servers.values() if s is not None]
            self.servers.clear()
        for server in servers:
            server.close()
