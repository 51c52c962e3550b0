"""ParallelFor over a constant list of ints."""

from kfp_lite import dsl


@dsl.component
def train_epochs(epochs: int) -> float:
    return 1.0 / epochs


@dsl.pipeline(name="epoch-sweep")
def epoch_sweep():
    with dsl.ParallelFor([5, 10, 20]) as epochs:
        train_epochs(epochs=epochs)


TARGET = epoch_sweep
