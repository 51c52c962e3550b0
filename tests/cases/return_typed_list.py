"""A single List[str] return value: one output parameter named Output."""

from typing import List

from kfp_lite import dsl


@dsl.component
def make_typed_list(seed: int) -> List[str]:
    return [str(i) for i in range(seed)]


TARGET = make_typed_list
