"""A loop inside a condition inside an exit handler inside a nested pipeline, called in a loop."""

from typing import List

from kfp_lite import dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def announce(status: PipelineTaskFinalStatus, region: str):
    print(region, status.state)


@dsl.component
def should_backfill(region: str) -> bool:
    return region.startswith("eu")


@dsl.component
def backfill_day(region: str, day: int) -> int:
    return day


@dsl.component
def summarize_days(days: List[int]) -> int:
    return len(days)


@dsl.pipeline
def regional_backfill(region: str, days: List[int]):
    exit_task = announce(region=region)
    with dsl.ExitHandler(exit_task, name="backfill-guard"):
        decision = should_backfill(region=region)
        with dsl.If(decision.output == True, name="needs-backfill"):  # noqa: E712
            with dsl.ParallelFor(days, parallelism=2) as day:
                filled = backfill_day(region=region, day=day)
            summarize_days(days=dsl.Collected(filled.output))


@dsl.pipeline(name="global-backfill")
def global_backfill(days: List[int] = [1, 2, 3]):  # noqa: B006
    with dsl.ParallelFor(["eu-west", "us-east"]) as region:
        regional_backfill(region=region, days=days)


TARGET = global_backfill
