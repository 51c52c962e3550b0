"""Placeholders and loop items combined in an f-string inside a ParallelFor."""

from kfp_lite import dsl


@dsl.component
def tag_shard(tag: str):
    print(tag)


@dsl.pipeline(name="shard-tags")
def shard_tags():
    with dsl.ParallelFor(["a", "b"]) as shard:
        tag_shard(
            tag=f"{dsl.PIPELINE_JOB_ID_PLACEHOLDER}-{shard}-{dsl.PIPELINE_TASK_ID_PLACEHOLDER}"
        )


TARGET = shard_tags
