"""Data components: lightweight functions with pinned packages."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output

from ..settings import BASE_IMAGE, DATA_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=DATA_PACKAGES)
def extract_table(source_uri: str, query: str, table: Output[Dataset], row_limit: int = 0):
    """Extract a table from the warehouse.

    Args:
        source_uri: Where the warehouse lives.
        query: The SQL to run.
        row_limit: Stop after this many rows (0 means all).

    Returns:
        table: The extracted rows as Parquet.

    The query runs with the pipeline's service account.
    """
    import pandas as pd

    frame = pd.DataFrame({"query": [query], "source": [source_uri]})
    if row_limit:
        frame = frame.head(row_limit)
    frame.to_parquet(table.path)
    table.metadata["rows"] = len(frame)


@dsl.component(base_image=BASE_IMAGE, packages_to_install=DATA_PACKAGES)
def split_table(
    table: Input[Dataset], test_fraction: float, train: Output[Dataset], test: Output[Dataset]
) -> NamedTuple("SplitSizes", [("train_rows", int), ("test_rows", int)]):
    """Split rows into train and test sets."""
    import pandas as pd

    frame = pd.read_parquet(table.path)
    cut = int(len(frame) * (1 - test_fraction))
    frame.iloc[:cut].to_parquet(train.path)
    frame.iloc[cut:].to_parquet(test.path)
    return (cut, len(frame) - cut)


@dsl.component(base_image=BASE_IMAGE)
def validate_rows(train_rows: int, minimum: int) -> bool:
    return train_rows >= minimum
