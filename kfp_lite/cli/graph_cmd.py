"""``kfp-lite graph``: draw a pipeline's DAG as Mermaid (GitHub renders it) or Graphviz dot."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from kfp_lite import codes
from kfp_lite.diagnostics import CompileError, Diagnostic

EXIT_OK, EXIT_DIAGNOSTICS, EXIT_USAGE = 0, 1, 2
_DOT_SUFFIXES = (".dot", ".gv")


class _Stop(Exception):
    """A user mistake: print the diagnostics and exit with ``status``, no traceback."""

    def __init__(self, status: int, *diagnostics: Diagnostic) -> None:
        super().__init__(status)
        self.status = status
        self.diagnostics = diagnostics


@click.command(
    "graph",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite graph samples/training_pipeline.py > pipeline.mmd\n"
    "  kfp-lite graph pipeline.yaml --format dot -o pipeline.dot && dot -Tsvg pipeline.dot\n\n"
    "Exit status: 0 drawn, 1 the pipeline has compile errors, 2 a file cannot be read, "
    "is not a pipeline, or the output cannot be written.",
)
@click.argument("source", metavar="FILE.py|SPEC.yaml")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default=None,
    help="Output format [default: mermaid, or dot when -o ends in .dot/.gv].",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default="-",
    show_default=True,
    help="Write here (atomically) instead of standard output.",
)
@click.option("--function", "function", metavar="NAME", help="The pipeline to draw in FILE.py.")
def graph_command(source: str, fmt: Optional[str], output: str, function: Optional[str]) -> None:
    """Draw the DAG of a pipeline file or a compiled PipelineSpec YAML (kfp_lite's or kfp's).

    Groups (conditions, loops, exit handlers, nested pipelines) are drawn as clusters and
    arrows are labelled with the data they carry (output -> input). Artifacts are thick
    arrows labelled with their type, parameters plain arrows, ordering-only dependencies
    (.after) and exit handler links dotted. The Mermaid text can go straight into a
    ```mermaid block of a GitHub README.
    """
    if fmt is None:
        fmt = "dot" if output.lower().endswith(_DOT_SUFFIXES) else "mermaid"
    try:
        spec = _load_spec(source, function)
        text = _render(spec, fmt, source)
        _write(output, text)
    except _Stop as stop:
        for diagnostic in stop.diagnostics:
            click.echo(diagnostic.format_text(), err=True)
        raise SystemExit(stop.status) from None
    raise SystemExit(EXIT_OK)


def _render(spec: dict, fmt: str, source: str) -> str:
    from kfp_lite import graph

    try:
        drawing = graph.spec_to_graph(spec)
    except graph.NotAPipelineSpec as exc:
        raise _Stop(
            EXIT_USAGE,
            codes.UNREADABLE_SPEC(
                f"{source}: not a KFP pipeline spec: {exc}",
                hint="pass a pipeline file (.py) or a YAML written by 'kfp-lite compile'",
            ),
        ) from None
    return graph.to_dot(drawing) if fmt == "dot" else graph.to_mermaid(drawing)


def _load_spec(source: str, function: Optional[str]) -> dict:
    path = Path(source)
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "is not a regular file" if path.exists() else "does not exist"
        raise _Stop(EXIT_USAGE, codes.FILE_NOT_FOUND(f"{source}: {what}"))
    if path.suffix == ".py":
        return _compile_py(path, function)
    return _read_yaml(path, source)


def _read_yaml(path: Path, source: str) -> dict:
    from kfp_lite.ir_schema import SpecFileError, load_spec_file

    try:
        documents = [d for d in load_spec_file(path) if d is not None]
    except SpecFileError as exc:
        code = codes.REFUSED_YAML if exc.policy else codes.UNREADABLE_SPEC
        raise _Stop(EXIT_USAGE, code(f"cannot read YAML: {exc}")) from None
    if not documents or not isinstance(documents[0], dict):
        raise _Stop(
            EXIT_USAGE,
            codes.UNREADABLE_SPEC(f"{source}: not a KFP pipeline spec: no mapping at the top"),
        )
    return documents[0]


def _compile_py(path: Path, function: Optional[str]) -> dict:
    """Compile the pipeline of ``path`` with the loader every command shares."""
    from ._loading import UsageError, compile_file

    try:
        return compile_file(str(path), function).pipeline_spec
    except UsageError as exc:
        raise _Stop(exc.status, *exc.diagnostics) from None
    except CompileError as exc:
        raise _Stop(EXIT_DIAGNOSTICS, *exc.diagnostics) from None


# -- output ------------------------------------------------------------------------------------


def _write(output: str, text: str) -> None:
    """Standard output for ``-``, else an atomic write shared with ``kfp-lite compile``."""
    if output == "-":
        click.echo(text, nl=False)
        return
    from kfp_lite.compiler.emit import OutputWriteError, write_output

    try:
        write_output(output, text)
    except OutputWriteError as exc:
        raise _Stop(EXIT_USAGE, codes.BAD_OUTPUT_PATH(str(exc))) from None
    except OSError as exc:
        message = f"cannot write {output!r}: {exc.strerror or exc}"
        raise _Stop(EXIT_USAGE, codes.BAD_OUTPUT_PATH(message)) from None
