"""Retries: a task that fails twice then succeeds, and one that always fails."""

from kfp_lite import dsl


@dsl.component
def flaky(counter_dir: str, failures: int) -> int:
    import os

    path = os.path.join(counter_dir, "attempts")
    count = int(open(path).read()) + 1 if os.path.exists(path) else 1
    with open(path, "w") as f:
        f.write(str(count))
    if count <= failures:
        raise RuntimeError(f"attempt {count} fails on purpose")
    return count


@dsl.pipeline(name="retry-pipeline")
def retry_pipeline(counter_dir: str, failures: int = 2):
    flaky(counter_dir=counter_dir, failures=failures).set_caching_options(False).set_retry(
        num_retries=2, backoff_duration="1s", backoff_factor=2.0
    )
