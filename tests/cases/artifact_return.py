"""A component that returns an artifact (-> Dataset) has one artifact output named Output."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset


@dsl.component
def make_dataset(text: str) -> Dataset:
    dataset = Dataset(uri=dsl.get_uri(), metadata={"length": len(text)})
    with open(dataset.path, "w") as f:
        f.write(text)
    return dataset


@dsl.component
def read_dataset(data: Dataset) -> str:
    with open(data.path) as f:
        return f.read()


@dsl.pipeline
def artifact_return(text: str = "hi"):
    made = make_dataset(text=text)
    read_dataset(data=made.output)


TARGET = artifact_return
