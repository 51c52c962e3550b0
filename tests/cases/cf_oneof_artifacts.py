"""dsl.OneOf of artifact outputs across If / Else branches, used by two downstream tasks."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def check_cache() -> bool:
    return True


@dsl.component
def load_cached(data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write("cached")


@dsl.component
def rebuild(data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write("fresh")


@dsl.component
def train(data: Input[Dataset]):
    print(data.path)


@dsl.component
def profile(data: Input[Dataset]):
    print(data.uri)


@dsl.pipeline(name="cached-features")
def cached_features():
    hit = check_cache()
    with dsl.If(hit.output == True):  # noqa: E712
        cached = load_cached()
    with dsl.Else():
        fresh = rebuild()
    features = dsl.OneOf(cached.outputs["data"], fresh.outputs["data"])
    train(data=features)
    profile(data=features)


TARGET = cached_features
