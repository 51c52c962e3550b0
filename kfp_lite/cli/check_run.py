"""What ``kfp-lite check`` does, as a plain function of its options.

Two front doors call :func:`run_check_command`: the click command (``check_cmd``) and the
``kfp-lite`` entry point, which reads the plain command lines itself (``plain_args``) to
start fast. Neither does anything else, so both behave alike.
"""

from __future__ import annotations

from typing import Optional

from kfp_lite.diagnostics import format_diagnostics

from ._loading import EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE
from .checking import run_checks
from .echo import echo

__all__ = ["FORMATS", "run_check", "run_check_command"]

FORMATS = ("text", "json", "github", "sarif")


def run_check_command(files: tuple[str, ...] = (), fmt: Optional[str] = None,
                      function: Optional[str] = None, config_path: Optional[str] = None,
                      disable_type_check: bool = False, exclude: tuple[str, ...] = (),
                      only_pipelines: bool = False) -> int:
    """Check as ``kfp-lite check`` does, printing what it prints; return the exit status.

    The keywords are the click command's parameter names.
    """
    return run_check(files, fmt, function, not disable_type_check, exclude, only_pipelines,
                     config_path)


def run_check(files: tuple[str, ...], fmt: Optional[str] = None, function: Optional[str] = None,
              type_check: bool = True, exclude: tuple[str, ...] = (), only_pipelines: bool = False,
              config_path: Optional[str] = None) -> int:
    """Check the paths, print the diagnostics, return the exit status."""
    import os

    from kfp_lite.settings import load_settings

    settings = load_settings()
    fmt = fmt or settings.format or "text"
    if not files:
        root = settings.root or "."
        files = tuple(os.path.relpath(os.path.join(root, p)) for p in settings.paths) or (".",)
    report = run_checks(files, function=function, type_check=type_check, exclude=exclude,
                        settings=settings, only_pipelines=only_pipelines, config_path=config_path)
    ordered = list(report.diagnostics)
    if fmt == "sarif":
        from kfp_lite.sarif import format_sarif

        echo(format_sarif(ordered))
    elif ordered or fmt == "json":
        echo(format_diagnostics(ordered, fmt))
    errors = sum(1 for d in ordered if d.is_error)
    warnings = len(ordered) - errors
    if fmt == "text":
        echo(_summary(report.files, errors, warnings), err=True)
    if report.unusable:
        return EXIT_USAGE
    return EXIT_DIAGNOSTICS if errors else EXIT_OK


def _summary(files: int, errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    if not files and not errors:
        return "0 files checked: no pipeline files found (a pipeline file imports kfp or kfp_lite)"
    if not errors and not warnings:
        return f"{plural(files, 'file')} checked: no problems"
    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
