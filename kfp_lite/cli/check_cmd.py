"""``kfp-lite check``: every mistake of every pipeline and component in the files, for CI.

Each file is imported on its own; a file that cannot be imported is reported and the
others are still checked. Every top-level pipeline of a file is checked (a pipeline used
as a task by another one is checked through its parent, once), and so is every component
no pipeline of the file uses. Folders are searched for files that import kfp or kfp_lite.
``# noqa`` comments and ``[tool.kfp-lite]`` in pyproject.toml apply. Nothing is written.
The work is done by :mod:`.checking`; this module is the command around it.
"""

from __future__ import annotations

from typing import Optional

import click

from kfp_lite.diagnostics import format_diagnostics

from ._loading import EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE
from .checking import check_file, check_targets, run_checks

FORMATS = ("text", "json", "github", "sarif")


@click.command(
    "check",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite check pipelines/               # every file below that imports kfp or kfp_lite\n"
    "  kfp-lite check pipelines/*.py --exclude 'legacy/*'\n"
    "  kfp-lite check pipeline.py --format github   # annotations in a GitHub workflow\n"
    "  kfp-lite check . --format sarif > kfp-lite.sarif   # code scanning\n"
    "  kfp-lite check pipeline.py --format json --function train_pipeline\n\n"
    "With no PATH, the 'paths' of [tool.kfp-lite] in pyproject.toml are checked (else '.').\n"
    "Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 a file that "
    "cannot be read or imported, or a usage error (the other files are still checked).",
)
@click.argument("files", nargs=-1, metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="text for people (default), json for tools, github for workflow annotations, "
                   "sarif for code scanning.")
@click.option("--function", metavar="NAME", help="Check only this pipeline or component of each file.")
@click.option("--config", "config_path", metavar="RUN.yaml",
              help="Check the pipelines with this run configuration file, as compile --config does.")
@click.option("--disable-type-check", is_flag=True, help="Report type mismatches as warnings, not errors.")
@click.option("--exclude", "exclude", multiple=True, metavar="GLOB",
              help="Skip files and folders matching GLOB when searching (repeatable; added to "
                   "[tool.kfp-lite] exclude).")
@click.option("--only-pipelines", is_flag=True,
              help="Treat named files like found ones: skip those excluded or importing neither kfp "
                   "nor kfp_lite (what the pre-commit hook passes).")
def check_command(files: tuple[str, ...], fmt: Optional[str], function: Optional[str],
                  config_path: Optional[str], disable_type_check: bool,
                  exclude: tuple[str, ...], only_pipelines: bool) -> None:
    """Report every diagnostic of the pipelines and components in PATH... at once.

    PATH is a Python file or a folder (searched recursively for files that import kfp or
    kfp_lite). Diagnostics are sorted by file and line, one per problem, each with its code
    (documented in docs/diagnostics.md), its place and a hint. Nothing is written.
    """
    raise SystemExit(run_check(files, fmt, function, not disable_type_check, exclude, only_pipelines,
                               config_path))


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

        click.echo(format_sarif(ordered))
    elif ordered or fmt == "json":
        click.echo(format_diagnostics(ordered, fmt))
    errors = sum(1 for d in ordered if d.is_error)
    warnings = len(ordered) - errors
    if fmt == "text":
        click.echo(_summary(report.files, errors, warnings), err=True)
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


__all__ = ["check_command", "run_check", "check_file", "check_targets"]
