"""``kfp-lite graph``: draw a pipeline's DAG as Mermaid (GitHub renders it) or Graphviz dot."""

from __future__ import annotations

import sys
import tempfile
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
        what = "is a directory" if path.is_dir() else "does not exist"
        raise _Stop(EXIT_USAGE, codes.FILE_NOT_FOUND(f"{source}: {what}"))
    if path.suffix == ".py":
        return _compile_py(path, function)
    return _read_yaml(path, source)


def _read_yaml(path: Path, source: str) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as stream:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            documents = [d for d in yaml.load_all(stream, Loader=loader) if d is not None]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = " ".join(str(exc).split())
        message = f"{source}: cannot read YAML: {detail}"
        raise _Stop(EXIT_USAGE, codes.UNREADABLE_SPEC(message)) from None
    if not documents or not isinstance(documents[0], dict):
        raise _Stop(
            EXIT_USAGE,
            codes.UNREADABLE_SPEC(f"{source}: not a KFP pipeline spec: no mapping at the top"),
        )
    return documents[0]


def _compile_py(path: Path, function: Optional[str]) -> dict:
    """Compile the pipeline of ``path`` through the public API and read the YAML back."""
    target = _find_target(_import_module(path), path, function)
    with tempfile.TemporaryDirectory(prefix="kfp-lite-graph-") as tmpdir:
        out = Path(tmpdir) / "pipeline.yaml"
        try:
            from kfp_lite import compiler

            compiler.Compiler().compile(target, str(out))
        except CompileError as exc:
            raise _Stop(EXIT_DIAGNOSTICS, *exc.diagnostics) from None
        except Exception as exc:  # never a traceback: report it as kfp_lite's own failure
            message = f"{path}: compiling failed: {type(exc).__name__}: {exc}"
            raise _Stop(EXIT_USAGE, codes.INTERNAL_ERROR(message)) from None
        return _read_yaml(out, str(path))


# -- minimal module loading; to be replaced by the loader shared with `kfp-lite compile` -------


def _import_module(path: Path):
    import importlib.util
    import traceback

    name = f"_kfp_lite_graph_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise _Stop(EXIT_USAGE, codes.FILE_NOT_FOUND(f"{path}: cannot be loaded as Python"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(path.resolve().parent))
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        where = f"{path}:{exc.lineno or 1}:{exc.offset or 1}"
        raise _Stop(EXIT_USAGE, codes.MODULE_SYNTAX_ERROR(f"{where}: {exc.msg}")) from None
    except Exception as exc:  # the user's module failed: show their frames only
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)
        ] or traceback.extract_tb(exc.__traceback__)[-1:]
        last = frames[-1]
        raise _Stop(
            EXIT_USAGE,
            codes.MODULE_IMPORT_ERROR(
                f"{last.filename}:{last.lineno}: importing the module raised "
                f"{type(exc).__name__}: {exc}"
            ),
        ) from None
    finally:
        sys.path.remove(str(path.resolve().parent))
    return module


def _find_target(module, path: Path, function: Optional[str]):
    found = {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_") and _is_compilable(value)
    }
    if function is not None:
        if function not in found:
            names = ", ".join(sorted(found)) or "none"
            raise _Stop(
                EXIT_USAGE,
                codes.UNKNOWN_FUNCTION(f"{path}: no pipeline named '{function}' (found: {names})"),
            )
        return found[function]
    pipelines = {n: v for n, v in found.items() if _is_pipeline(v)}
    candidates = pipelines or found
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    if not candidates:
        raise _Stop(EXIT_USAGE, codes.NO_PIPELINE(f"{path}: defines no pipeline or component"))
    names = ", ".join(sorted(candidates))
    raise _Stop(
        EXIT_USAGE,
        codes.AMBIGUOUS_PIPELINE(
            f"{path}: several pipelines ({names})", hint="choose one with --function NAME"
        ),
    )


def _is_compilable(value: object) -> bool:
    cls = type(value)
    return cls.__module__.startswith("kfp_lite.") and cls.__name__.endswith(
        ("Component", "Pipeline")
    )


def _is_pipeline(value: object) -> bool:
    name = type(value).__name__
    return "Graph" in name or "Pipeline" in name


# -- output ------------------------------------------------------------------------------------


def _write(output: str, text: str) -> None:
    """Standard output for ``-``, else an atomic write shared with ``kfp-lite compile``."""
    if output == "-":
        click.echo(text, nl=False)
        return
    from compiler.emit import OutputWriteError, write_output

    try:
        write_output(output, text)
    except OutputWriteError as exc:
        raise _Stop(EXIT_USAGE, codes.BAD_OUTPUT_PATH(str(exc))) from None
    except OSError as exc:
        message = f"cannot write {output!r}: {exc.strerror or exc}"
        raise _Stop(EXIT_USAGE, codes.BAD_OUTPUT_PATH(message)) from None
