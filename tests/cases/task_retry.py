"""set_retry with only a count, with every backoff argument, and with partial ones."""

from kfp_lite import dsl


@dsl.component
def flaky(p: float) -> bool:
    import random

    if random.random() < p:
        raise RuntimeError("unlucky")
    return True


@dsl.pipeline
def retries(p: float = 0.5):
    flaky(p=p).set_retry(3)
    flaky(p=p).set_retry(
        num_retries=5, backoff_duration="1m", backoff_factor=1.5, backoff_max_duration="1h"
    )
    flaky(p=p).set_retry(2, backoff_duration="30s")
    flaky(p=p).set_retry(1, backoff_factor=3, backoff_max_duration="2 hours")


TARGET = retries
