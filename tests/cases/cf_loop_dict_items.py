"""ParallelFor over constant dicts, passing item fields and the whole item.

kfp types every field of a dict item after the first value of the first dict, so the fields
of each list here share one type.
"""

from kfp_lite import dsl


@dsl.component
def train_with(optimizer: str, schedule: str) -> str:
    return f"{optimizer}/{schedule}"


@dsl.component
def size_batches(batch_size: int, epochs: int):
    print(batch_size, epochs)


@dsl.component
def log_config(config: dict):
    print(config)


@dsl.pipeline(name="hyperparameter-grid")
def hyperparameter_grid():
    grid = [
        {"optimizer": "sgd", "schedule": "constant"},
        {"optimizer": "adam", "schedule": "cosine"},
    ]
    with dsl.ParallelFor(grid) as config:
        train_with(optimizer=config.optimizer, schedule=config.schedule)
        log_config(config=config)
    with dsl.ParallelFor([{"batch_size": 32, "epochs": 3}, {"batch_size": 64, "epochs": 2}]) as run:
        size_batches(batch_size=run.batch_size, epochs=run.epochs)


TARGET = hyperparameter_grid
