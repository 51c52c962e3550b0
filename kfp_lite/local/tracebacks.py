"""Point a failed task's traceback at the user's source file, not the temporary copy.

A lightweight component's command carries the function's source as text; the loader writes it
to a temporary ``ephemeral_component.py`` that is gone when the run ends, so a traceback that
names it helps nobody. The frames are mapped back by content: the frame's function is found
in the command's source text, and the same function (the same lines from its ``def`` down to
the failing line) is looked for in the user's files (the ``.py`` that was run and the modules
loaded from outside the Python installation). A frame that cannot be matched is left as it is.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterable, Optional, Sequence

__all__ = ["candidate_files", "map_traceback", "program_source", "rewrite_log"]

PROGRAM_FILE = "ephemeral_component.py"
_FRAME = re.compile(
    r'^(?P<indent>\s*)File "(?P<file>[^"]*' + re.escape(PROGRAM_FILE)
    + r')", line (?P<line>\d+), in (?P<func>[\w<>]+)',
    re.MULTILINE,
)
_MAX_LOG = 4 << 20  # a bigger log is left alone


def program_source(command: Sequence[str]) -> Optional[str]:
    """The component source embedded in a lightweight command (the element after the loader
    that writes ``ephemeral_component.py``: kfp's shell loader or kfp_lite's embedded one),
    or None."""
    from kfp_lite.compiler.python_command import EMBEDDED_LOADER

    for index, part in enumerate(command[:-1]):
        if part == EMBEDDED_LOADER or (PROGRAM_FILE in part and "printf" in part):
            return command[index + 1]
    return None


def candidate_files(sources: Iterable[str] = ()) -> list[str]:
    """The given files, then the files of loaded modules that are not part of Python or of an
    installed package (the user's own modules)."""
    skip = {str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    found = [str(Path(s).resolve()) for s in sources]
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if not name or not name.endswith(".py"):
            continue
        resolved = str(Path(name).resolve())
        if any(resolved.startswith(prefix + "/") for prefix in skip) or "site-packages" in resolved:
            continue
        if resolved not in found:
            found.append(resolved)
    return found


def _lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def _def_line(lines: Sequence[str], func: str, before: int) -> Optional[int]:
    """Index of the last ``def func(`` at or before line index ``before``."""
    pattern = re.compile(rf"^\s*(async\s+)?def\s+{re.escape(func)}\s*\(")
    for index in range(min(before, len(lines) - 1), -1, -1):
        if pattern.match(lines[index]):
            return index
    return None


def _locate(program: Sequence[str], line: int, func: str, files: Sequence[str]) -> Optional[tuple]:
    """``(file, line)`` of program line ``line`` (1-based) of function ``func`` in ``files``."""
    start = _def_line(program, func, line - 1)
    if start is None:
        return None
    wanted = [text.strip() for text in program[start:line]]
    for name in files:
        lines = _lines(name)
        for index, text in enumerate(lines):
            if text.strip() != wanted[0]:
                continue
            window = [t.strip() for t in lines[index : index + len(wanted)]]
            if window == wanted:
                return name, index + len(wanted)
    return None


_ANY_FRAME = re.compile(r'^(?P<indent>\s*)File "(?P<file>[^"]*)", line \d+, in ')
#: frames of the code that calls the user's function: the executor, its loader, the runner's
#: program folder (all temporary); hidden once the user's own frame is found
_RUNTIME_FILE = re.compile(
    r'(^<string>$|kfp_lite_executor\.py$|-runtime\.py$|/\.kfp-lite/|kfp_lite/local/warm_server\.py$)'
)


def map_traceback(text: str, program: str, files: Sequence[str]) -> str:
    """``text`` with each frame of the temporary program replaced by the user's file and line;
    when one was found, the frames of the executor that called it are left out (a line
    says how many)."""
    program_lines = program.splitlines()
    mapped: list[bool] = []

    def replace(match: re.Match) -> str:
        func = match.group("func")
        if func.startswith("<"):
            return match.group(0)
        where = _locate(program_lines, int(match.group("line")), func, files)
        if where is None:
            return match.group(0)
        mapped.append(True)
        return f'{match.group("indent")}File "{where[0]}", line {where[1]}, in {func}'

    result = _FRAME.sub(replace, text)
    return _drop_runtime_frames(result) if mapped else result


def _drop_runtime_frames(text: str) -> str:
    """Leave out the frames of temporary runtime files, with the lines that belong to them."""
    out: list[str] = []
    hidden = 0
    skip_deeper: Optional[int] = None
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if skip_deeper is not None and line.strip() and indent > skip_deeper:
            continue
        skip_deeper = None
        frame = _ANY_FRAME.match(line)
        if frame and _RUNTIME_FILE.search(frame.group("file")):
            hidden += 1
            skip_deeper = len(frame.group("indent"))
            continue
        out.append(line)
    if hidden:
        for index, line in enumerate(out):
            if line.startswith("Traceback (most recent call last):"):
                out.insert(index + 1, f"  ({hidden} kfp-lite executor frame{'s' if hidden > 1 else ''} left out)\n")
                break
    return "".join(out)


def rewrite_log(log_path: Path, command: Sequence[str], sources: Iterable[str] = ()) -> bool:
    """Rewrite the traceback frames of a failed task's log in place; True when any changed.
    Never raises: a log that cannot be read or written is left as it is."""
    program = program_source(command)
    try:
        if program is None or log_path.stat().st_size > _MAX_LOG:
            return False
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if PROGRAM_FILE not in text:
            return False
        mapped = map_traceback(text, program, candidate_files(sources))
        if mapped == text:
            return False
        log_path.write_text(mapped, encoding="utf-8")
    except OSError:
        return False
    return True
