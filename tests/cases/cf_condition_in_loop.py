"""A condition on the loop item and on a task output inside a ParallelFor."""

from kfp_lite import dsl


@dsl.component
def train_fold(fold: int) -> float:
    return 0.1 * fold


@dsl.component
def save_fold(fold: int, loss: float):
    print(fold, loss)


@dsl.pipeline(name="cross-validation")
def cross_validation():
    with dsl.ParallelFor([1, 2, 3, 4, 5]) as fold:
        loss = train_fold(fold=fold)
        with dsl.If(loss.output < 0.3):
            save_fold(fold=fold, loss=loss.output)
        with dsl.If(fold == 5):
            save_fold(fold=fold, loss=0.0)


TARGET = cross_validation
