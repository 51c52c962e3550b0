"""A single str return value: one output parameter named Output."""

from kfp_lite import dsl


@dsl.component
def make_str(seed: int) -> str:
    return f"value-{seed}"


TARGET = make_str
