"""``kfp-lite validate``: JSON Schema and reference checks of compiled spec files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from kfp_lite.ir_schema import Problem
    from kfp_lite.safe_yaml import DuplicateKey

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


@click.command(
    "validate",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExample:\n  kfp-lite validate pipeline.yaml other/*.yaml\n"
    "  pipeline.yaml: root.dag.tasks.train.componentRef.name: 'comp-trian' is not a "
    "component\n    hint: did you mean 'comp-train'?\n  pipeline.yaml: invalid (1 problem)\n\n"
    "Exit status: 0 all valid, 1 a file is invalid, 2 a file cannot be read or is not YAML.",
)
@click.argument("specs", nargs=-1, required=True, metavar="SPEC.yaml...")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no 'ok' lines.")
def validate_command(specs: tuple[str, ...], quiet: bool) -> None:
    """Validate compiled KFP v2 PipelineSpec YAML files (kfp_lite's or kfp's).

    Each file is checked against the published JSON Schema
    (ir_schema/pipeline_spec.schema.json) and for references: components, executors,
    producer tasks and their outputs, inputs, dependencies, cycles. Every problem is
    printed as FILE: JSON.PATH: MESSAGE.
    """
    from kfp_lite import ir_schema

    status = EXIT_VALID
    for spec in specs:
        try:
            loaded = ir_schema.read_spec_file(spec)
        except ir_schema.SpecFileError as exc:
            click.echo(f"{exc}", err=True)
            status = max(status, EXIT_UNREADABLE)
            continue
        problems = [_duplicate_problem(d) for d in loaded.duplicates]
        problems += ir_schema.validate_documents(loaded.documents)
        for problem in problems:
            where = spec if problem.document == 1 else f"{spec} (document {problem.document})"
            path = problem.path or "(document)"
            click.echo(f"{where}: {path}: {problem.message}")
            if problem.hint:
                click.echo(f"  hint: {problem.hint}")
        if problems:
            noun = "problem" if len(problems) == 1 else "problems"
            click.echo(f"{spec}: invalid ({len(problems)} {noun})")
            status = max(status, EXIT_INVALID)
        elif not quiet:
            click.echo(f"{spec}: ok")
    raise SystemExit(status)


def _duplicate_problem(duplicate: DuplicateKey) -> Problem:
    """A key given twice: YAML keeps the last value silently, so the spec is ambiguous."""
    from kfp_lite.ir_schema import Problem

    return Problem(
        f"{duplicate.path}.{duplicate.key}" if duplicate.path else duplicate.key,
        f"the key '{duplicate.key}' is given twice (line {duplicate.line}, first at line "
        f"{duplicate.first_line}); YAML would silently keep the last value",
        "remove one of them",
        duplicate.document,
    )
