"""If / Elif / Else on an int task output, each branch running a different task."""

from kfp_lite import dsl


@dsl.component
def count_rows(path: str) -> int:
    return len(path) * 100


@dsl.component
def train_small(rows: int) -> str:
    return f"small:{rows}"


@dsl.component
def train_medium(rows: int) -> str:
    return f"medium:{rows}"


@dsl.component
def train_large(rows: int) -> str:
    return f"large:{rows}"


@dsl.pipeline(name="size-based-training")
def size_based_training(path: str = "gs://bucket/data.csv"):
    rows = count_rows(path=path)
    with dsl.If(rows.output < 1000, name="small-dataset"):
        train_small(rows=rows.output)
    with dsl.Elif(rows.output < 100000, name="medium-dataset"):
        train_medium(rows=rows.output)
    with dsl.Else(name="large-dataset"):
        train_large(rows=rows.output)


TARGET = size_based_training
