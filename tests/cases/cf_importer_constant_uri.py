"""dsl.importer of a constant URI feeding a training task."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input


@dsl.component
def count_lines(data: Input[Dataset]) -> int:
    with open(data.path) as f:
        return len(f.readlines())


@dsl.pipeline(name="import-constant-dataset")
def import_constant_dataset():
    imported = dsl.importer(
        artifact_uri="gs://ml-data/iris/iris.csv",
        artifact_class=Dataset,
    )
    count_lines(data=imported.output)


TARGET = import_constant_dataset
