"""A single Dict[str, int] return value: one output parameter named Output."""

from typing import Dict

from kfp_lite import dsl


@dsl.component
def make_typed_dict(seed: int) -> Dict[str, int]:
    return {"seed": seed}


TARGET = make_typed_dict
