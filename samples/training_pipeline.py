"""Train and evaluate a tiny linear model: Dataset -> Model -> Metrics.

A synthetic CSV is generated, split, fitted with ordinary least squares (standard library only)
and scored on the held-out rows. Compile with ``python samples/training_pipeline.py``.
"""

from typing import NamedTuple

from kfp_lite import compiler, dsl
from kfp_lite.dsl import Dataset, Input, Metrics, Model, Output


@dsl.component
def make_dataset(rows: int, noise: float, seed: int, dataset: Output[Dataset]):
    """Writes a CSV of points on y = 3x + 2 with Gaussian noise.

    Args:
        rows: Number of rows to generate.
        noise: Standard deviation of the noise.
        seed: Random seed.
        dataset: The generated CSV (columns x,y).
    """
    import random

    rng = random.Random(seed)
    with open(dataset.path, "w") as f:
        f.write("x,y\n")
        for _ in range(rows):
            x = rng.uniform(-10, 10)
            f.write(f"{x},{3 * x + 2 + rng.gauss(0, noise)}\n")
    dataset.metadata["rows"] = rows


@dsl.component
def split_dataset(
    dataset: Input[Dataset],
    test_fraction: float,
    train: Output[Dataset],
    test: Output[Dataset],
) -> NamedTuple("SplitSizes", [("train_rows", int), ("test_rows", int)]):
    """Splits the CSV into train and test files, keeping the header in both."""
    from collections import namedtuple

    with open(dataset.path) as f:
        header, *rows = f.read().splitlines()
    cut = int(len(rows) * (1 - test_fraction))
    for artifact, part in ((train, rows[:cut]), (test, rows[cut:])):
        with open(artifact.path, "w") as f:
            f.write("\n".join([header] + part) + "\n")
    sizes = namedtuple("SplitSizes", ["train_rows", "test_rows"])
    return sizes(cut, len(rows) - cut)


@dsl.component
def train_model(train: Input[Dataset], model: Output[Model]):
    """Fits y = a*x + b by least squares and stores the coefficients as JSON."""
    import json

    with open(train.path) as f:
        next(f)
        points = [tuple(map(float, line.split(","))) for line in f if line.strip()]
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in points)
    var = sum((x - mean_x) ** 2 for x, _ in points)
    slope = cov / var
    with open(model.path, "w") as f:
        json.dump({"slope": slope, "intercept": mean_y - slope * mean_x}, f)
    model.metadata["framework"] = "ols"


@dsl.component
def evaluate_model(test: Input[Dataset], model: Input[Model], metrics: Output[Metrics]) -> float:
    """Scores the model on the test rows; returns the mean squared error."""
    import json

    with open(model.path) as f:
        coef = json.load(f)
    with open(test.path) as f:
        next(f)
        points = [tuple(map(float, line.split(","))) for line in f if line.strip()]
    mse = sum((coef["slope"] * x + coef["intercept"] - y) ** 2 for x, y in points) / len(points)
    metrics.log_metric("mse", mse)
    metrics.log_metric("test_rows", len(points))
    return mse


@dsl.pipeline(
    name="training-pipeline", description="Generate data, train a linear model, score it."
)
def training_pipeline(
    rows: int = 200, noise: float = 0.5, seed: int = 7, test_fraction: float = 0.25
) -> float:
    data = make_dataset(rows=rows, noise=noise, seed=seed)
    split = split_dataset(dataset=data.outputs["dataset"], test_fraction=test_fraction)
    trained = train_model(train=split.outputs["train"])
    evaluated = evaluate_model(test=split.outputs["test"], model=trained.outputs["model"])
    return evaluated.outputs["Output"]


if __name__ == "__main__":
    compiler.Compiler().compile(training_pipeline, "training_pipeline.yaml")
