"""``kfp-lite check``: every mistake of every pipeline and component in the files, for CI.

Each file is imported on its own; a file that cannot be imported is reported and the
others are still checked. Every top-level pipeline of a file is checked (a pipeline used
as a task by another one is checked through its parent, once), and so is every component
no pipeline of the file uses. Nothing is written.
"""

from __future__ import annotations

from typing import Any, Optional

import click

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, format_diagnostics, sort_diagnostics

from ._loading import EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, UsageError, load_module

FORMATS = ("text", "json", "github")


@click.command(
    "check",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite check pipelines/*.py\n"
    "  kfp-lite check pipeline.py --format github   # annotations in a GitHub workflow\n"
    "  kfp-lite check pipeline.py --format json --function train_pipeline\n\n"
    "Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 a file that "
    "cannot be read or imported, or a usage error (the other files are still checked).",
)
@click.argument("files", nargs=-1, required=True, metavar="FILE.py...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for tools, github for workflow annotations.")
@click.option("--function", metavar="NAME", help="Check only this pipeline or component of each file.")
@click.option("--disable-type-check", is_flag=True, help="Report type mismatches as warnings, not errors.")
def check_command(files: tuple[str, ...], fmt: str, function: Optional[str], disable_type_check: bool) -> None:
    """Report every diagnostic of the pipelines and components in FILE.py... at once.

    Diagnostics are sorted by file and line, one per problem, each with its code
    (documented in docs/diagnostics.md), its place and a hint. Nothing is written.
    """
    raise SystemExit(run_check(files, fmt, function, not disable_type_check))


def run_check(files: tuple[str, ...], fmt: str = "text", function: Optional[str] = None,
              type_check: bool = True) -> int:
    """Check the files, print the diagnostics, return the exit status."""
    diagnostics: list[Diagnostic] = []
    unusable = False
    for path in dict.fromkeys(files):
        try:
            diagnostics.extend(check_file(path, function, type_check))
        except UsageError as exc:
            diagnostics.extend(exc.diagnostics)
            unusable = True
    ordered = sort_diagnostics(diagnostics)
    if ordered or fmt == "json":
        click.echo(format_diagnostics(ordered, fmt))
    errors = sum(1 for d in ordered if d.is_error)
    warnings = len(ordered) - errors
    if fmt == "text":
        click.echo(_summary(len(dict.fromkeys(files)), errors, warnings), err=True)
    if unusable:
        return EXIT_USAGE
    return EXIT_DIAGNOSTICS if errors else EXIT_OK


def _summary(files: int, errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    if not errors and not warnings:
        return f"{plural(files, 'file')} checked: no problems"
    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def check_file(path: str, function: Optional[str], type_check: bool) -> list[Diagnostic]:
    """Every diagnostic of one file (UsageError when it cannot be imported or has no target)."""
    module = load_module(path)
    targets = _targets(module, function, path)
    diagnostics: list[Diagnostic] = []
    for obj in targets:
        diagnostics.extend(_check_target(obj, type_check))
    return diagnostics


def _check_target(obj: Any, type_check: bool) -> list[Diagnostic]:
    from kfp_lite.compiler import compile_documents
    from kfp_lite.diagnostics import CompileError

    try:
        return list(compile_documents(obj, type_check=type_check).diagnostics)
    except CompileError as exc:
        return list(exc.diagnostics)


def _targets(module: Any, function: Optional[str], path: str) -> list[Any]:
    """The top-level pipelines of a module, then the components none of them uses."""
    from kfp_lite.dsl.components import BaseComponent, GraphComponent

    from ._loading import _defined_here, _drop_sub_pipelines, _unique_objects, find_target

    if function is not None:
        return [find_target(module, function, path).obj]
    namespace = _unique_objects({k: v for k, v in vars(module).items() if not k.startswith("__")})
    found = {k: v for k, v in namespace.items() if isinstance(v, BaseComponent)}
    local = {k: v for k, v in found.items() if _defined_here(v, module)} or found
    pipelines = {k: v for k, v in local.items() if isinstance(v, GraphComponent)}
    if len(pipelines) > 1:
        pipelines = _drop_sub_pipelines(pipelines)
    used: set[int] = set()
    for obj in pipelines.values():
        used.update(_used_components(obj, set()))
    components = {k: v for k, v in local.items()
                  if not isinstance(v, GraphComponent) and id(v) not in used}
    targets = [pipelines[k] for k in sorted(pipelines)] + [components[k] for k in sorted(components)]
    if not targets:
        raise UsageError(codes.NO_PIPELINE(
            f"{path} defines no @dsl.pipeline and no component",
            hint="decorate the pipeline function with @dsl.pipeline"))
    return targets


def _used_components(graph: Any, seen: set[int]) -> set[int]:
    """ids of every component a pipeline uses, through nested pipelines."""
    from kfp_lite.dsl.components import GraphComponent

    if id(graph) in seen:
        return set()
    seen.add(id(graph))
    try:
        tasks = list(graph.trace().builder.tasks.values())
    except Exception:  # a pipeline that cannot be traced reports that when it is checked
        return set()
    used: set[int] = set()
    for task in tasks:
        used.add(id(task.component))
        if isinstance(task.component, GraphComponent):
            used |= _used_components(task.component, seen)
    return used


__all__ = ["check_command", "run_check", "check_file"]
