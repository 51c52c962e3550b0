"""set_caching_options(False) is written as an empty cachingOptions mapping."""

from kfp_lite import dsl


@dsl.component
def now() -> str:
    import datetime

    return datetime.datetime.now().isoformat()


@dsl.pipeline
def no_cache():
    now().set_caching_options(False)
    now().set_caching_options(enable_caching=True)


TARGET = no_cache
