"""``kfp-lite config-template``: print a commented run configuration for a pipeline."""

from __future__ import annotations

from typing import Optional

import click

from kfp_lite import codes

from ._loading import EXIT_OK, UsageError, echo_diagnostics, find_target, load_module


@click.command(
    "config-template",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite config-template samples/training_pipeline.py > run.yaml\n"
    "  kfp-lite config-template pipeline.py --function train_pipeline > run.yaml\n"
    "  kfp-lite compile pipeline.py -o pipeline.yaml --config run.yaml\n\n"
    "Exit status: 0 printed, 2 usage errors or a file that cannot be imported.",
)
@click.argument("file", metavar="FILE.py")
@click.option("--function", metavar="NAME", help="The pipeline, when the file has several.")
def config_template_command(file: str, function: Optional[str]) -> None:
    """Print a run configuration template for the pipeline in FILE.py.

    It lists every pipeline parameter (type and default) and every task with its settable
    arguments and current settings, all commented out: remove the leading '# ' of the lines
    you want to set. Tasks are named as in the compiled spec; a task of a nested pipeline
    is 'outer-task/inner-task'.
    """
    raise SystemExit(_run(file, function))


def _run(file: str, function: Optional[str]) -> int:
    from kfp_lite.dsl.components import GraphComponent

    try:
        module = load_module(file)
        target = find_target(module, function, file)
        if not isinstance(target.obj, GraphComponent):
            raise UsageError(codes.NO_PIPELINE(
                f"'{target.name}' in {file} is a component, not a @dsl.pipeline; a run "
                "configuration configures pipelines", hint="choose a pipeline with --function"))
        from kfp_lite.config.template import render_template

        click.echo(render_template(target.obj, file), nl=False)
        return EXIT_OK
    except UsageError as exc:
        echo_diagnostics(exc.diagnostics)
        return exc.status


__all__ = ["config_template_command"]
