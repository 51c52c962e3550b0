"""Loop over dicts with fields of different types: kfp types every field after the first value."""

from kfp_lite import dsl


@dsl.component
def train_with(learning_rate: float, optimizer: str):
    print(learning_rate, optimizer)


@dsl.pipeline(name="mixed-field-grid")
def mixed_field_grid():
    grid = [
        {"learning_rate": 0.1, "optimizer": "sgd"},
        {"learning_rate": 0.01, "optimizer": "adam"},
    ]
    with dsl.ParallelFor(grid) as config:
        train_with(learning_rate=config.learning_rate, optimizer=config.optimizer)


TARGET = mixed_field_grid


# kfp types every field of a constant dict item after the first value of the first dict (here float).
EXPECT = "InconsistentTypeException: Incompatible argument passed to the input 'optimizer' of component 'train-with': Argument type 'NUMBER_DOUBLE' is incompatible with the input type 'STRING'"
