"""``kfp-lite check``: every mistake of every pipeline and component in the files, for CI.

Each file is imported on its own; a file that cannot be imported is reported and the
others are still checked. Every top-level pipeline of a file is checked (a pipeline used
as a task by another one is checked through its parent, once), and so is every component
no pipeline of the file uses. Folders are searched for files that import kfp or kfp_lite.
``# noqa`` comments and ``[tool.kfp-lite]`` in pyproject.toml apply. Nothing is written.
The work is done by :mod:`.checking` and printed by :mod:`.check_run`; this module is the
click command around them.
"""

from __future__ import annotations

from typing import Optional

import click

from .check_run import FORMATS, run_check, run_check_command
from .checking import check_file, check_targets


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
    raise SystemExit(run_check_command(files=files, fmt=fmt, function=function,
                                       config_path=config_path,
                                       disable_type_check=disable_type_check, exclude=exclude,
                                       only_pipelines=only_pipelines))


__all__ = ["check_command", "run_check", "check_file", "check_targets"]
