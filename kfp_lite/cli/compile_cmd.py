"""``kfp-lite compile``: a pipeline file to a PipelineSpec YAML, written atomically.

The command's work is :func:`~kfp_lite.cli.compile_run.run_compile`; the ``kfp-lite`` entry
point reads the plain forms of this command line without click
(:mod:`kfp_lite.cli.plain_args`) and calls the same function.
"""

from __future__ import annotations

from typing import Optional

import click

from ._loading import EXIT_USAGE
from .compile_run import run_compile


@click.command(
    "compile",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite compile samples/training_pipeline.py -o pipeline.yaml\n"
    "  kfp-lite compile pipeline.py -o out.yaml --function train_pipeline -p epochs=20\n"
    "  kfp-lite compile pipeline.py -o out.yaml --config run.yaml\n"
    "  kfp-lite compile pipeline.py -o offline.yaml --executor embedded   # no pip install at start\n"
    "  kfp-lite compile pipeline.py -o pipeline.yaml --check   # CI: fail if the YAML is stale\n\n"
    "Exit status: 0 written (or up to date), 1 the pipeline has errors (or --check found the file "
    "stale), 2 usage errors, a file that cannot be imported or an output that cannot be written.",
)
@click.argument("file", required=False, metavar="FILE.py")
@click.option("--py", "py", metavar="FILE.py", help="The pipeline file (kfp's spelling of FILE.py).")
@click.option("-o", "--output", metavar="OUT.yaml", help="Where to write the YAML ('-' for stdout).")
@click.option("--function", metavar="NAME", help="The pipeline (or component) to compile, when the file has several.")
@click.option("--config", "config_path", metavar="RUN.yaml", help="A run configuration file (parameters, steps).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a pipeline parameter's compiled default (repeatable; YAML scalar values).")
@click.option("--pipeline-parameters", "pipeline_parameters_json", metavar="JSON",
              help="Pipeline parameters as a JSON object (kfp's spelling).")
@click.option("--disable-type-check", is_flag=True, help="Report type mismatches as warnings, not errors.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if OUT.yaml differs from what would be written.")
@click.option("--executor", type=click.Choice(["kfp", "embedded"]), default=None,
              help="Command of lightweight components: 'kfp' (kfp's own, byte-identical document; "
                   "the default) or 'embedded' (kfp_lite's offline executor, no pip install of kfp).")
def compile_command(file: Optional[str], py: Optional[str], output: Optional[str], function: Optional[str],
                    config_path: Optional[str], params: tuple[str, ...], pipeline_parameters_json: Optional[str],
                    disable_type_check: bool, check_only: bool, executor: Optional[str]) -> None:
    """Compile the pipeline in FILE.py to a KFP v2 PipelineSpec YAML.

    The pipeline is the single @dsl.pipeline of the file (a pipeline used as a task by
    another one does not count), else name it with --function. A file with only one
    component compiles that component alone. Every problem is reported at once, with its
    file:line; on any error nothing is written and an existing OUT.yaml is left untouched.
    """
    raise SystemExit(run_compile(file=file, py=py, output=output, function=function,
                                 config_path=config_path, params=params,
                                 pipeline_parameters_json=pipeline_parameters_json,
                                 disable_type_check=disable_type_check, check_only=check_only,
                                 executor=executor))


__all__ = ["compile_command", "EXIT_USAGE"]
