"""The ``kfp-lite`` click application: a group whose commands load on first use.

Each command lives in its own module of this package (``compile_cmd``, ``check_cmd``, ...)
and is imported only when it runs or when its help is shown, so ``kfp-lite --help`` stays
fast. The commands and their one-line help are listed in ``kfp_lite.cli.COMMANDS`` and
``SHORT_HELP``.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from kfp_lite import __version__

from . import COMMANDS, SHORT_HELP

__all__ = ["LazyGroup", "cli"]

_PACKAGE = __name__.rpartition(".")[0]


class LazyGroup(click.Group):
    """A click group that imports a command's module only when the command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def _available(self, name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(f"{_PACKAGE}.{module_name}") is not None

    def get_command(self, ctx: click.Context, cmd_name: str):
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{_PACKAGE}.{module_name}")
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Example:\n\n  kfp-lite compile samples/training_pipeline.py -o pipeline.yaml\n\n"
    "Run 'kfp-lite COMMAND --help' for the options of a command.",
)
@click.version_option(__version__, "--version", prog_name="kfp-lite")
def cli() -> None:
    """kfp-lite: compile, check, validate and run Kubeflow Pipelines v2 pipelines."""
