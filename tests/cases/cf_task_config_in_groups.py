"""Retry, caching, resources, env and display names on tasks inside a loop and a condition."""

from kfp_lite import dsl


@dsl.component
def flaky_download(url: str) -> str:
    return url


@dsl.component
def heavy_train(path: str) -> float:
    return 0.5


@dsl.pipeline(name="configured-groups")
def configured_groups(train: bool = True):
    with dsl.ParallelFor(["https://x/1", "https://x/2"]) as url:
        dl = flaky_download(url=url)
        dl.set_retry(
            num_retries=3, backoff_duration="30s", backoff_factor=2.0, backoff_max_duration="600s"
        )
        dl.set_caching_options(False)
        dl.set_env_variable("HTTP_TIMEOUT", "60")
        dl.set_display_name("download shard")
        with dsl.If(train == True):  # noqa: E712
            trained = heavy_train(path=dl.output)
            trained.set_cpu_request("2").set_cpu_limit("4")
            trained.set_memory_request("8G").set_memory_limit("16Gi")
            trained.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)
            trained.set_env_variable("OMP_NUM_THREADS", "4")
            trained.set_caching_options(True, cache_key="train-v1")
            trained.set_retry(num_retries=1)


TARGET = configured_groups
