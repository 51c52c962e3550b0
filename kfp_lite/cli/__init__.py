"""The ``kfp-lite`` command line.

The application is a click group (``kfp_lite.cli.app``) whose commands load on first use:
each lives in its own module of this package (``compile_cmd``, ``check_cmd``, ...). To add
a command, add one line to ``COMMANDS`` and one to ``SHORT_HELP``.

The entry point, :func:`main`, first tries to read the command line as a plain
``kfp-lite compile`` or ``kfp-lite check`` (:mod:`kfp_lite.cli.plain_args`) and runs it
without importing click, which would cost more than the rest of compiling a small
pipeline. Everything else (help, other commands, an option it does not know, any mistake in
the options) goes to the click application, which prints the same for the forms read here
(the tests run both on a table of command lines).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Optional, Sequence

__all__ = ["COMMANDS", "SHORT_HELP", "LazyGroup", "cli", "main"]

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

# click's shell completion is asked for through this variable (``_<PROG>_COMPLETE``)
_COMPLETION_VARIABLE = "_KFP_LITE_COMPLETE"


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Entry point of the ``kfp-lite`` script (and of ``python -m kfp_lite``)."""
    args = sys.argv[1:] if argv is None else list(argv)
    # click expands wildcards in sys.argv on Windows and answers shell completion: leave
    # both to it
    if (args[:1] in (["compile"], ["check"]) and (argv is not None or os.name != "nt")
            and not os.environ.get(_COMPLETION_VARIABLE)):
        from .plain_args import parse_plain_args

        plain = parse_plain_args(args)
        if plain is not None:
            from .standalone import run_standalone

            command, options = plain
            if command == "compile":
                from .compile_run import run_compile

                raise SystemExit(run_standalone(run_compile, options, pause_gc=True))
            from .check_run import run_check_command

            raise SystemExit(run_standalone(run_check_command, options))
    from .app import cli

    cli.main(args=argv, prog_name="kfp-lite")


def __getattr__(name: str) -> Any:
    if name in ("cli", "LazyGroup"):  # the click application loads on first use
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
