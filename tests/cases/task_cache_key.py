"""set_caching_options with a cache_key adds cacheKey next to enableCache."""

from kfp_lite import dsl


@dsl.component
def expensive(n: int) -> int:
    return sum(range(n))


@dsl.pipeline
def cache_keys(n: int = 1000):
    expensive(n=n).set_caching_options(True, cache_key="expensive-v1")
    expensive(n=n).set_caching_options(False, cache_key="ignored-when-off")


TARGET = cache_keys
