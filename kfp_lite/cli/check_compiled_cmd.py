"""``kfp-lite check-compiled``: fail when a committed compiled YAML no longer matches its pipeline.

Which YAML belongs to which pipeline is said once, in ``[tool.kfp-lite.compiled]`` of
pyproject.toml (``"pipelines/train.py" = "pipelines/train.yaml"``; a ``:function`` after the
file picks one pipeline, and compile options may follow the YAML path), or as
``SOURCE=YAML`` arguments. Each pair is compiled exactly as ``kfp-lite compile SOURCE -o
YAML --check`` would (the same command runs), so the verdict cannot differ from it.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass

import click

from kfp_lite import codes

from ._loading import EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, echo_diagnostics


@dataclass(frozen=True)
class CompiledPair:
    """A pipeline file (and maybe a function in it), the YAML compiled from it, and options."""

    source: str
    function: str
    output: str
    options: tuple[str, ...]

    def compile_args(self) -> list[str]:
        args = [self.source, "-o", self.output, *self.options, "--check"]
        if self.function:
            args[1:1] = ["--function", self.function]
        return args


def parse_pair(source: str, target: str, root: str = "") -> CompiledPair:
    """``path.py[:function]`` and ``yaml-path [compile options]``, paths relative to ``root``."""
    function = ""
    if ":" in os.path.basename(source):
        source, function = source.rsplit(":", 1)
    words = shlex.split(target)
    if not words:
        raise ValueError(f"no YAML path for {source}")
    output, options = words[0], tuple(words[1:])

    def place(path: str) -> str:
        return os.path.relpath(os.path.join(root, path)) if root else path

    return CompiledPair(place(source), function, place(output), options)


@click.command(
    "check-compiled",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite check-compiled                       # the pairs of [tool.kfp-lite.compiled]\n"
    "  kfp-lite check-compiled pipelines/train.py=pipelines/train.yaml\n"
    "  kfp-lite check-compiled 'etl.py:etl=build/etl.yaml --executor embedded'\n\n"
    "Exit status: 0 every YAML is up to date, 1 one is stale or missing (or its pipeline has "
    "errors), 2 no pairs, a bad pair, or a file that cannot be imported.",
)
@click.argument("pairs", nargs=-1, metavar="[SOURCE.py[:FUNCTION]=OUT.yaml]...")
def check_compiled_command(pairs: tuple[str, ...]) -> None:
    """Fail when a committed compiled YAML is stale: differs from compiling its pipeline now.

    With no PAIRS, the pairs come from [tool.kfp-lite.compiled] in the nearest pyproject.toml
    (paths relative to it). Nothing is written.
    """
    raise SystemExit(run_check_compiled(pairs))


def run_check_compiled(pairs: tuple[str, ...]) -> int:
    from kfp_lite.settings import load_settings

    try:
        if pairs:
            chosen = [_from_argument(p) for p in pairs]
        else:
            settings = load_settings()
            echo_diagnostics(list(settings.problems))
            chosen = [parse_pair(s, t, settings.root or "") for s, t in settings.compiled]
    except ValueError as exc:
        echo_diagnostics([codes.BAD_PARAMETER_OPTION(str(exc), hint="write SOURCE.py=OUT.yaml")])
        return EXIT_USAGE
    if not chosen:
        echo_diagnostics([codes.BAD_PARAMETER_OPTION(
            "no compiled YAML to check: give SOURCE.py=OUT.yaml, or list the pairs in pyproject.toml",
            hint='[tool.kfp-lite.compiled]\n  "pipelines/train.py" = "pipelines/train.yaml"')])
        return EXIT_USAGE
    from .compile_cmd import compile_command

    statuses = []
    for pair in chosen:
        try:
            compile_command.main(args=pair.compile_args(), prog_name="kfp-lite compile", standalone_mode=False)
            status = EXIT_OK
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else EXIT_USAGE
        except click.ClickException as exc:  # a bad option in the pair's compile options
            exc.show()
            status = EXIT_USAGE
        if status == EXIT_DIAGNOSTICS:
            click.echo(f"  to update it: kfp-lite compile {shlex.join(pair.compile_args()[:-1])}", err=True)
        statuses.append(status)
    stale = sum(1 for s in statuses if s != EXIT_OK)
    click.echo(f"{len(chosen)} compiled file{'s' if len(chosen) != 1 else ''} checked: "
               + (f"{stale} stale or failing" if stale else "all up to date"), err=True)
    if any(s == EXIT_USAGE for s in statuses):
        return EXIT_USAGE
    return EXIT_DIAGNOSTICS if stale else EXIT_OK


def _from_argument(text: str) -> CompiledPair:
    if "=" not in text:
        raise ValueError(f"{text!r} is not SOURCE.py=OUT.yaml")
    source, target = text.split("=", 1)
    return parse_pair(source.strip(), target.strip())


__all__ = ["check_compiled_command", "run_check_compiled", "parse_pair", "CompiledPair"]
