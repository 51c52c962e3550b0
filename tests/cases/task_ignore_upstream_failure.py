"""ignore_upstream_failure lets a cleanup task run whatever its upstream did."""

from kfp_lite import dsl


@dsl.component
def might_fail(fail: bool) -> str:
    if fail:
        raise RuntimeError("failed on purpose")
    return "ok"


@dsl.component
def cleanup(status: str = "unknown"):
    print("cleaning up after", status)


@dsl.pipeline
def cleanup_pipeline(fail: bool = True):
    risky = might_fail(fail=fail)
    cleanup(status=risky.output).ignore_upstream_failure()


TARGET = cleanup_pipeline
