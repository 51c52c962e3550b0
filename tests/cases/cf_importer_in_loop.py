"""dsl.importer inside a ParallelFor, importing one artifact per loop item."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input


@dsl.component
def profile_shard(shard: Input[Dataset]):
    print(shard.uri)


@dsl.pipeline(name="import-shards")
def import_shards():
    with dsl.ParallelFor(["gs://shards/0.csv", "gs://shards/1.csv"]) as uri:
        shard = dsl.importer(artifact_uri=uri, artifact_class=Dataset)
        profile_shard(shard=shard.output)


TARGET = import_shards
