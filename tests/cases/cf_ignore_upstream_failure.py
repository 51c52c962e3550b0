"""ignore_upstream_failure on a task consuming an upstream output (and one with no inputs)."""

from kfp_lite import dsl


@dsl.component
def risky_step() -> str:
    return "result"


@dsl.component
def summarize(value: str = "missing"):
    print(value)


@dsl.component
def always_log():
    print("done")


@dsl.pipeline(name="best-effort-summary")
def best_effort_summary():
    risky = risky_step()
    summarize(value=risky.output).ignore_upstream_failure()
    always_log().after(risky).ignore_upstream_failure()


TARGET = best_effort_summary
