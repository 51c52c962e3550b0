"""ParallelFor over the list output of an upstream task."""

from typing import List

from kfp_lite import dsl


@dsl.component
def list_partitions(day: str) -> List[str]:
    return [f"{day}/part-{i}" for i in range(3)]


@dsl.component
def process_partition(partition: str, day: str) -> int:
    return len(partition)


@dsl.pipeline(name="daily-partitions")
def daily_partitions(day: str = "2024-01-01"):
    partitions = list_partitions(day=day)
    with dsl.ParallelFor(partitions.output) as partition:
        process_partition(partition=partition, day=day)


TARGET = daily_partitions
