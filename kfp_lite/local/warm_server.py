"""A warm task starter: forks a child per lightweight task instead of starting a Python.

Run by the local runner as ``python warm_server.py`` with the task interpreter (standard
library only: the interpreter may be a bare one or a task's virtualenv). It imports what the
runtime needs once, then reads one JSON request per line on stdin and answers on stdout:

- request ``{"id", "cwd", "env", "log", "executor", "argv"}``: fork; the child starts a new
  session (so the runner can stop its process group), moves to ``cwd``, takes ``env`` as its
  environment, writes stdout and stderr to ``log`` and runs the ``executor`` file (the
  runtime of the task's command) as ``__main__`` with ``argv``; the server answers
  ``{"id", "pid"}`` (or ``{"id", "error"}``);
- when a child ends: ``{"id", "code"}`` (``-N`` for signal N, as subprocess says).

The server is single-threaded, so forking is safe; it ends when stdin closes.
"""

from __future__ import annotations

# what the runtime imports (json, os, sys too): paid once here instead of once per task
import importlib.util  # noqa: F401
import inspect  # noqa: F401
import json
import os
import selectors
import signal
import sys
import tempfile  # noqa: F401
import traceback
import types
import typing  # noqa: F401


def _warm_up() -> None:
    """Pay once what every task pays first: ``from typing import *`` of the component's
    import preamble."""
    exec("from typing import *", {})


def _exit_code(status: int) -> int:
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def _child(request: dict, code_cache: dict, closing: list) -> None:
    """In the forked child: become the task, run the executor, never return."""
    status = 1
    try:
        os.setsid()
        for fd in closing:
            if fd > 2:  # 0, 1 and 2 are replaced below
                os.close(fd)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        for source, target in ((null, 0), (log, 1), (log, 2)):
            if source != target:
                os.dup2(source, target)
        for fd in {log, null} - {0, 1, 2}:
            os.close(fd)
        sys.stdin = open(0, closefd=False)
        sys.stdout = open(1, "w", closefd=False, buffering=1)
        sys.stderr = open(2, "w", closefd=False, buffering=1)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        path = request["executor"]
        sys.argv = ["-c", *request["argv"]]  # as `python3 -c LOADER ...` sees them
        module = types.ModuleType("__main__")
        module.__file__ = path
        sys.modules["__main__"] = module
        status = 0
        try:
            exec(code_cache[path], module.__dict__)
        except SystemExit as exc:
            code = exc.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)
        except BaseException as exc:  # as `python3 -c` prints it: without this frame
            traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
            status = 1
    except BaseException:
        try:
            traceback.print_exc()
        except BaseException:
            pass
        status = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(status & 0xFF)


def serve() -> None:
    _warm_up()
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner stops the run, not a Ctrl-C
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    os.set_blocking(wake_read, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(requests.fileno(), selectors.EVENT_READ, "request")
    selector.register(wake_read, selectors.EVENT_READ, "child")
    code_cache: dict = {}
    children: dict = {}  # pid -> request id
    buffer = b""
    open_input = True
    while open_input or children:
        for key, _ in selector.select():
            if key.data == "request":
                chunk = os.read(requests.fileno(), 65536)
                if not chunk:
                    open_input = False
                    selector.unregister(requests.fileno())
                    continue
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    request = json.loads(line)
                    try:
                        path = request["executor"]
                        if path not in code_cache:
                            with open(path, "rb") as handle:
                                code_cache[path] = compile(handle.read(), path, "exec", dont_inherit=True)
                        closing = [requests.fileno(), replies.fileno(), wake_read, wake_write]
                        pid = os.fork()
                    except Exception as exc:  # the runner falls back to a plain start
                        replies.write(json.dumps({"id": request["id"], "error": str(exc)}) + "\n")
                        continue
                    if pid == 0:
                        _child(request, code_cache, closing)
                    children[pid] = request["id"]
                    replies.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
            else:
                try:
                    while os.read(wake_read, 4096):
                        pass
                except BlockingIOError:
                    pass
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            ident = children.pop(pid, None)
            if ident is not None:
                replies.write(json.dumps({"id": ident, "code": _exit_code(status)}) + "\n")


if __name__ == "__main__":
    serve()
