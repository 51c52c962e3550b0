"""Task settings: resources, accelerator, environment, retries, caching and display names."""

from kfp_lite import compiler, dsl


@dsl.component(base_image="python:3.11-slim")
def download(source: str) -> str:
    return f"downloaded {source}"


@dsl.component
def preprocess(raw: str, workers: int) -> str:
    import os

    return f"{raw} preprocessed by {workers} workers in {os.environ.get('STAGE', '?')}"


@dsl.component
def train(data: str, epochs: int) -> float:
    return 1.0 / (1 + epochs) + len(data) * 0.0


@dsl.component
def notify(message: str):
    print(message)


@dsl.pipeline(display_name="Task settings demo")
def task_settings_pipeline(source: str = "s3://bucket/raw.csv", epochs: int = 5):
    raw = (
        download(source=source)
        .set_display_name("Download raw data")
        .set_retry(3, backoff_duration="30s", backoff_factor=2.0, backoff_max_duration="10m")
        .set_caching_options(False)
    )
    prepared = (
        preprocess(raw=raw.output, workers=4)
        .set_cpu_request("500m")
        .set_cpu_limit("2")
        .set_memory_request("512Mi")
        .set_memory_limit("2Gi")
        .set_env_variable("STAGE", "prod")
        .set_env_variable("PYTHONUNBUFFERED", "1")
    )
    trained = (
        train(data=prepared.output, epochs=epochs)
        .set_display_name("Train on GPU")
        .set_accelerator_type("nvidia.com/gpu")
        .set_accelerator_limit(1)
        .set_memory_limit("16G")
        .set_caching_options(True, cache_key="train-v2")
    )
    notify(message="training finished").after(trained).set_container_image("python:3.12-slim")


if __name__ == "__main__":
    compiler.Compiler().compile(task_settings_pipeline, "task_settings_pipeline.yaml")
