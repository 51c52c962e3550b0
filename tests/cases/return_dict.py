"""A single dict return value: one output parameter named Output."""

from kfp_lite import dsl


@dsl.component
def make_dict(seed: int) -> dict:
    return {"seed": seed, "half": seed / 2}


TARGET = make_dict
