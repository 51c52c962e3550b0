"""Comparisons of float, bool and str channels with constants of the same type."""

from kfp_lite import dsl


@dsl.component
def evaluate() -> float:
    return 0.93


@dsl.component
def check_drift() -> bool:
    return False


@dsl.component
def pick_region() -> str:
    return "us-central1"


@dsl.component
def promote(accuracy: float):
    print(accuracy)


@dsl.component
def retrain(reason: str):
    print(reason)


@dsl.pipeline(name="typed-comparisons")
def typed_comparisons(threshold: float = 0.9, force: bool = False):
    accuracy = evaluate()
    drift = check_drift()
    region = pick_region()
    with dsl.If(accuracy.output >= 0.9):
        promote(accuracy=accuracy.output)
    with dsl.If(accuracy.output < threshold):
        retrain(reason="below threshold")
    with dsl.If(drift.output == True):  # noqa: E712
        retrain(reason="drift detected")
    with dsl.If(force == True):  # noqa: E712
        retrain(reason="forced")
    with dsl.If(region.output == "us-central1"):
        promote(accuracy=1.5)


TARGET = typed_comparisons
