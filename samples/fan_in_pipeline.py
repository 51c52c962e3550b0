"""Fan-out with dsl.ParallelFor and fan-in of artifacts with dsl.Collected.

Each shard is written by its own task; a merge step receives all of them as one
Input[List[Dataset]].
"""

from typing import List

from kfp_lite import compiler, dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def write_shard(shard: int, size: int, data: Output[Dataset]):
    with open(data.path, "w") as f:
        for i in range(size):
            f.write(f"{shard},{shard * size + i}\n")
    data.metadata["shard"] = shard


@dsl.component
def merge_shards(shards: Input[List[Dataset]], merged: Output[Dataset]) -> int:
    total = 0
    with open(merged.path, "w") as out:
        for shard in shards:
            with open(shard.path) as f:
                for line in f:
                    out.write(line)
                    total += 1
    return total


@dsl.pipeline
def fan_in_pipeline(size: int = 10):
    with dsl.ParallelFor([0, 1, 2, 3], parallelism=2) as shard:
        written = write_shard(shard=shard, size=size)
    merge_shards(shards=dsl.Collected(written.outputs["data"]))


if __name__ == "__main__":
    compiler.Compiler().compile(fan_in_pipeline, "fan_in_pipeline.yaml")
