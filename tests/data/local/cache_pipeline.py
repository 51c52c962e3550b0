"""Cache behaviour: an upstream whose output content may stay the same when its input changes."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def produce(text: str, data: Output[Dataset]):
    with open(data.path, "w") as f:
        f.write(text.lower())


@dsl.component
def consume(data: Input[Dataset], suffix: str) -> str:
    with open(data.path) as f:
        return f.read() + suffix


@dsl.component
def uncached(text: str) -> str:
    return text


@dsl.pipeline(name="cache-pipeline")
def cache_pipeline(text: str = "abc", suffix: str = "!") -> str:
    made = produce(text=text)
    uncached(text=text).set_caching_options(False)
    return consume(data=made.outputs["data"], suffix=suffix).output
