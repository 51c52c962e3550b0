"""A single list return value: one output parameter named Output."""

from kfp_lite import dsl


@dsl.component
def make_list(seed: int) -> list:
    return [seed, seed + 1]


TARGET = make_list
