"""A single bool return value: one output parameter named Output."""

from kfp_lite import dsl


@dsl.component
def make_bool(seed: int) -> bool:
    return seed % 2 == 0


TARGET = make_bool
