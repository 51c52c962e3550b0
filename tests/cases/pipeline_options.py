"""Pipeline decorator options: name, description, display_name and pipeline_root."""

from kfp_lite import dsl


@dsl.component
def ping() -> str:
    return "pong"


@dsl.pipeline(
    name="nightly-ping",
    description="Pings once a night.\nSecond line of the description.",
    display_name="Nightly ping (prod)",
    pipeline_root="gs://my-bucket/pipeline-root",
)
def nightly():
    """This docstring is ignored because description= is given."""
    ping()


TARGET = nightly
