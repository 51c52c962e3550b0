"""Google-style docstring Args/Returns become input and output descriptions of a component."""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Output


@dsl.component
def split_data(
    data: Input[Dataset],
    train: Output[Dataset],
    test_fraction: float = 0.2,
    seed: int = 42,
) -> NamedTuple("Outputs", [("train_rows", int), ("test_rows", int)]):
    """Split a CSV dataset into train and test parts.

    The split is deterministic for a given seed.

    Args:
        data: The input CSV file with a header row.
        train: Where the training rows are written.
        test_fraction: Fraction of rows held out for
            testing, between 0 and 1.
        seed: Random seed.

    Returns:
        train_rows: Number of training rows.
        test_rows: Number of test rows.
    """
    import random
    from collections import namedtuple

    with open(data.path) as f:
        header, *rows = f.read().splitlines()
    random.Random(seed).shuffle(rows)
    cut = int(len(rows) * (1 - test_fraction))
    with open(train.path, "w") as f:
        f.write("\n".join([header] + rows[:cut]))
    out = namedtuple("Outputs", ["train_rows", "test_rows"])
    return out(cut, len(rows) - cut)


TARGET = split_data
