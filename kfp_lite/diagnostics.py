"""Diagnostic records: what went wrong, where, and how to fix it.

Every check in kfp_lite produces :class:`Diagnostic` values instead of raising, so that a
user sees every mistake of a pipeline in one run. The codes are defined once in
:mod:`kfp_lite.codes`; this module only holds the record, the exception that carries a list
of them, and the output formats (text, json, github; SARIF is :mod:`kfp_lite.sarif`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class SourceLocation:
    """A place in the user's source: ``file:line:col`` (1-based line and column)."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a pipeline, a component, a config file or the command line.

    ``code`` is a stable ``KFLnnn`` from :mod:`kfp_lite.codes`; ``severity`` is ``"error"`` or
    ``"warning"``; ``location`` is the place in the user's source (its ``file`` as given,
    absolute when the file was found by import; formats show it relative to the working
    directory); ``task_path`` is ``pipeline/group/task``; ``expected``/``got`` are filled
    where a value or type was wrong.
    """

    code: str
    message: str
    severity: str = ERROR
    location: Optional[SourceLocation] = None
    task_path: Optional[str] = None
    hint: Optional[str] = None
    expected: Optional[str] = None
    got: Optional[str] = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def with_severity(self, severity: str) -> Diagnostic:
        return dataclasses.replace(self, severity=severity)

    def sort_key(self) -> tuple:
        loc = self.location
        return (
            loc.file if loc else "\uffff",
            loc.line if loc else 0,
            loc.column if loc else 0,
            self.code,
            self.message,
        )

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": display_path(loc.file) if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "task_path": self.task_path,
            "hint": self.hint,
        }

    def format_text(self) -> str:
        where = f"{display_path(self.location.file)}:{self.location.line}:{self.location.column}: " if self.location else ""
        task = f" [{self.task_path}]" if self.task_path else ""
        text = f"{where}{self.severity}[{self.code}]: {self.message}{task}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def format_github(self) -> str:
        kind = "error" if self.is_error else "warning"
        props = []
        if self.location:
            props.append(f"file={display_path(self.location.file)}")
            props.append(f"line={self.location.line}")
            props.append(f"col={self.location.column}")
        props.append(f"title={self.code}")
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{kind} {','.join(props)}::{_github_escape(message)}"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it, else as given."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and column; exact duplicates dropped."""
    unique = dict.fromkeys(diagnostics)
    return sorted(unique, key=Diagnostic.sort_key)


def format_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> str:
    """Render diagnostics in one of the formats ``kfp-lite check`` offers."""
    ordered = sort_diagnostics(diagnostics)
    if fmt == "json":
        import json

        return json.dumps({"diagnostics": [d.to_dict() for d in ordered]}, indent=2)
    if fmt == "github":
        return "\n".join(d.format_github() for d in ordered)
    return "\n".join(d.format_text() for d in ordered)


class CompileError(Exception):
    """Raised by the Python API when a pipeline has errors; carries every diagnostic.

    The message lists all of them, so a traceback in a notebook shows the whole picture.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics: list[Diagnostic] = sort_diagnostics(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error]
        count = len(errors)
        header = f"{count} error{'s' if count != 1 else ''} found"
        super().__init__(header + ":\n" + format_diagnostics(self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]
