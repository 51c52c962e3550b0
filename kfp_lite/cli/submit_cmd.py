"""``kfp-lite submit``: hand a pipeline (compiled YAML or .py) to a Kubeflow Pipelines cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@click.command(
    "submit",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n"
    "  kfp-lite submit pipeline.yaml --host https://kfp.example.com -p epochs=3\n"
    "  KF_PIPELINES_ENDPOINT=http://localhost:8888 kfp-lite submit train.py --wait\n\n"
    "Exit status: 0 submitted (with --wait: the run succeeded), 1 the server refused or "
    "the run did not succeed, 2 a usage mistake (unreadable file, bad -p, no host, "
    "server unreachable).",
)
@click.argument("source", metavar="SPEC.yaml|FILE.py")
@click.option("--host", envvar="KF_PIPELINES_ENDPOINT", metavar="URL",
              help="The API server [env: KF_PIPELINES_ENDPOINT].")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A pipeline parameter; VALUE is a YAML scalar (or [list] / {map}).")
@click.option("--experiment", "experiment_name", metavar="NAME",
              help="Experiment to run in, created if missing [default: Default].")
@click.option("--run-name", metavar="NAME", help="Display name of the run.")
@click.option("--namespace", metavar="NS", help="Kubernetes namespace (multi-user clusters).")
@click.option("--pipeline-root", metavar="URI", help="Where the run's outputs go.")
@click.option("--service-account", metavar="NAME", help="Kubernetes service account of the run.")
@click.option("--cache/--no-cache", "enable_caching", default=None,
              help="Override every task's caching setting.")
@click.option("--token", envvar="KF_PIPELINES_TOKEN", metavar="TOKEN",
              help="Bearer token [env: KF_PIPELINES_TOKEN].")
@click.option("--function", metavar="NAME", help="The pipeline in FILE.py, when there are several.")
@click.option("--wait", is_flag=True, help="Wait for the run to finish; exit 1 unless it succeeded.")
@click.option("--timeout", type=float, default=None, metavar="SECONDS",
              help="With --wait: give up after this long.")
@click.option("--poll-interval", type=click.FloatRange(min=0), default=5.0, show_default=True,
              metavar="SECONDS", help="With --wait: time between two looks at the run.")
def submit_command(
    source: str,
    host: Optional[str],
    params: tuple[str, ...],
    experiment_name: Optional[str],
    run_name: Optional[str],
    namespace: Optional[str],
    pipeline_root: Optional[str],
    service_account: Optional[str],
    enable_caching: Optional[bool],
    token: Optional[str],
    function: Optional[str],
    wait: bool,
    timeout: Optional[float],
    poll_interval: float,
) -> None:
    """Submit a pipeline to a Kubeflow Pipelines cluster as a run (REST API v2beta1).

    SOURCE is a compiled spec, or a .py file that is compiled first (with the default
    executor). Parameters given with -p are checked against the pipeline's inputs.
    """
    import warnings

    from kfp_lite.cli._loading import echo_diagnostics
    from kfp_lite.cli.run_cmd import UsageStop, parse_parameter_options
    from kfp_lite.client import Client, ClientError

    try:
        spec = _load(source, function)
        arguments = parse_parameter_options(spec.get("pipeline_spec", spec), params)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client = Client(host=host, existing_token=token, namespace=namespace or "kubeflow")
        for warning in caught:
            click.echo(f"warning: {warning.message}", err=True)
    except UsageStop as stop:
        echo_diagnostics(list(stop.diagnostics))
        raise SystemExit(EXIT_USAGE) from None
    except ClientError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_USAGE) from None
    try:
        result = client.create_run_from_pipeline_package(
            spec, arguments=arguments, run_name=run_name, experiment_name=experiment_name,
            namespace=namespace, pipeline_root=pipeline_root, enable_caching=enable_caching,
            service_account=service_account,
        )
        click.echo(f"submitted run {result.run_id}: {client.run_url(result.run_id)}")
        if not wait:
            raise SystemExit(EXIT_OK)
        run = client.wait_for_run_completion(result.run_id, timeout, poll_interval)
    except ClientError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_FAILED if exc.status else EXIT_USAGE) from None
    except TimeoutError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_FAILED) from None
    click.echo(f"run {result.run_id}: {run.state}")
    raise SystemExit(EXIT_OK if run.state == "SUCCEEDED" else EXIT_FAILED)


def _load(source: str, function: Optional[str]) -> dict:
    """What to submit: a compiled spec file as it is, or a .py compiled here."""
    from kfp_lite import codes
    from kfp_lite.cli.run_cmd import UsageStop

    path = Path(source)
    if path.suffix == ".py" and path.is_file():
        from kfp_lite.cli._loading import UsageError, compile_file
        from kfp_lite.client import submission
        from kfp_lite.compiler import CompileError

        try:
            result = compile_file(str(path), function)
        except UsageError as exc:
            raise UsageStop(*exc.diagnostics) from None
        except CompileError as exc:
            raise UsageStop(*exc.diagnostics) from None
        return submission(result.pipeline_spec, result.platform_spec)
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "is not a regular file" if path.exists() else "does not exist"
        raise UsageStop(codes.FILE_NOT_FOUND(f"{source}: {what}"))
    from kfp_lite.client import ClientError, read_pipeline_package

    try:
        return read_pipeline_package(source)
    except ClientError as exc:
        refused = getattr(exc.__cause__, "policy", False)  # kfp_lite's YAML limits, as in run
        code = codes.REFUSED_YAML if refused else codes.UNREADABLE_SPEC
        raise UsageStop(code(str(exc))) from None
