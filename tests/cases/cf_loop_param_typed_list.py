"""ParallelFor over a List[int] pipeline parameter with a default."""

from typing import List

from kfp_lite import dsl


@dsl.component
def shard_job(shard: int, total: int) -> str:
    return f"{shard}/{total}"


@dsl.pipeline(name="sharded-export")
def sharded_export(shards: List[int] = [0, 1, 2, 3], total: int = 4):  # noqa: B006
    with dsl.ParallelFor(shards) as shard:
        shard_job(shard=shard, total=total)


TARGET = sharded_export
