"""A single float return value: one output parameter named Output."""

from kfp_lite import dsl


@dsl.component
def make_float(seed: int) -> float:
    return seed / 3.0


TARGET = make_float
