"""Parameterised generic annotations: typing.List/Dict and builtin list[...]/dict[...]."""

import typing
from typing import Dict, List

from kfp_lite import dsl


@dsl.component
def summarize(
    counts: typing.List[int],
    weights: Dict[str, float],
    names: list[str],
    lookup: dict[str, int],
    nested: List[Dict[str, str]],
) -> float:
    return sum(counts) + sum(weights.values()) + len(names) + len(lookup) + len(nested)


TARGET = summarize
