"""Every task setter chained on one task."""

from kfp_lite import dsl


@dsl.component
def train(epochs: int) -> float:
    return epochs / 10


@dsl.component
def prepare() -> int:
    return 3


@dsl.pipeline
def chained():
    prep = prepare()
    (
        train(epochs=prep.output)
        .set_display_name("Train model")
        .set_caching_options(False)
        .set_cpu_request("1")
        .set_cpu_limit("4")
        .set_memory_request("2Gi")
        .set_memory_limit("8Gi")
        .set_accelerator_type("nvidia.com/gpu")
        .set_accelerator_limit(1)
        .set_env_variable("SEED", "7")
        .set_retry(2, backoff_duration="10s")
        .set_container_image("python:3.11-slim")
        .after(prep)
    )


TARGET = chained
