"""The ``kfp-lite`` command line: a click group whose commands load on first use.

Each command lives in its own module of this package (``compile_cmd``, ``check_cmd``, ...)
and is imported only when it runs or when its help is shown, so ``kfp-lite --help``
stays fast. To add a command, add one line to ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from kfp_lite import __version__

# command name -> "module:attribute" below kfp_lite.cli
COMMANDS: dict[str, str] = {
    "compile": "compile_cmd:compile_command",
    "check": "check_cmd:check_command",
    "check-compiled": "check_compiled_cmd:check_compiled_command",
    "validate": "validate_cmd:validate_command",
    "run": "run_cmd:run_command",
    "cache-key": "cache_key_cmd:cache_key_command",
    "runs": "inspect_cmd:runs_command",
    "show": "inspect_cmd:show_command",
    "config-template": "config_template_cmd:config_template_command",
    "graph": "graph_cmd:graph_command",
    "submit": "submit_cmd:submit_command",
}

# one-line help shown by `kfp-lite --help` without importing the command
SHORT_HELP: dict[str, str] = {
    "compile": "Compile a pipeline (or component) to a KFP v2 PipelineSpec YAML.",
    "check": "Report every mistake in pipeline files, for CI.",
    "check-compiled": "Fail when a committed compiled YAML is stale.",
    "validate": "Validate compiled PipelineSpec YAML files.",
    "run": "Run a pipeline on this machine.",
    "cache-key": "Print the local runner's cache key of a task and what went into it.",
    "runs": "List the local runs under a pipeline root, newest first.",
    "show": "Show a local run's tasks, or one task's inputs, outputs, cache decision and log.",
    "config-template": "Print a commented run configuration template for a pipeline.",
    "graph": "Draw a pipeline's DAG as Mermaid or Graphviz dot.",
    "submit": "Submit a pipeline to a Kubeflow Pipelines cluster as a run.",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when the command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def _available(self, name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(f"{__name__}.{module_name}") is not None

    def get_command(self, ctx: click.Context, cmd_name: str):
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``kfp-lite`` script."""
    cli.main(args=argv, prog_name="kfp-lite")
