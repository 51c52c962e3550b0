"""Feature extraction, used alone and as a step of the training pipeline."""

from typing import NamedTuple

from kfp_lite import dsl, kubernetes
from kfp_lite.dsl import Dataset

from ..components.data import extract_table, split_table


class Features(NamedTuple):
    train: Dataset
    test: Dataset
    train_rows: int


@dsl.pipeline(name="features", description="Extract and split the training table.")
def feature_pipeline(source_uri: str, query: str = "SELECT * FROM events",
                     test_fraction: float = 0.2, row_limit: int = 0) -> Features:
    table = extract_table(source_uri=source_uri, query=query, row_limit=row_limit)
    table.set_caching_options(False)
    kubernetes.use_secret_as_env(table, secret_name="warehouse-credentials",
                                 secret_key_to_env={"token": "WAREHOUSE_TOKEN"})
    split = split_table(table=table.outputs["table"], test_fraction=test_fraction)
    split.set_memory_limit("4G")
    return Features(train=split.outputs["train"], test=split.outputs["test"],
                    train_rows=split.outputs["train_rows"])
