"""pipeline_root, description and display_name on the @dsl.pipeline decorator, with a group."""

from kfp_lite import dsl


@dsl.component
def produce() -> int:
    return 1


@dsl.component
def consume(value: int):
    print(value)


@dsl.pipeline(
    name="rooted-pipeline",
    description="Writes its artifacts under a fixed bucket.",
    display_name="Rooted pipeline",
    pipeline_root="gs://ml-pipeline-root/rooted",
)
def rooted_pipeline():
    value = produce()
    with dsl.If(value.output == 1):
        consume(value=value.output)


TARGET = rooted_pipeline
