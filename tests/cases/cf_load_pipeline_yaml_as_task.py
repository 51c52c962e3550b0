"""A compiled *pipeline* YAML loaded with load_component_from_file and used as a task."""

import os

from kfp_lite import components, dsl
from kfp_lite.dsl import Dataset, Input

text_preprocess = components.load_component_from_file(
    os.path.join(os.path.dirname(__file__), "data", "text_preprocess_pipeline.yaml")
)


@dsl.component
def clean_text(text: str) -> str:
    return text.strip()


@dsl.component
def publish_counts(counts: Input[Dataset], words: int):
    print(counts.uri, words)


@dsl.pipeline(name="reuse-preprocess")
def reuse_preprocess(text: str = "  Some Text  "):
    pre = clean_text(text=text)
    stats = text_preprocess(text=pre.output, repeat=2)
    publish_counts(counts=stats.outputs["counts"], words=stats.outputs["words"])
    with dsl.If(stats.outputs["words"] > 1):
        text_preprocess(text="second pass")


TARGET = reuse_preprocess
