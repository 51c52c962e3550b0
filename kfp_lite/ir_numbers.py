"""Which Python numbers a PipelineSpec can carry: finite, and integers a double holds exactly.

The IR stores every parameter value as a ``google.protobuf.Value`` whose numbers are doubles,
written as JSON. JSON has no NaN or infinity, and a double holds integers exactly only up to
2**53; a larger integer would silently become another number. Such values are refused wherever
they enter a pipeline: defaults in code, ``-p`` values, run configuration files,
``pipeline_parameters`` and constant task arguments.
"""

from __future__ import annotations

import math
from typing import Any, Optional

MAX_EXACT_INTEGER = 2**53


def number_problem(value: Any) -> Optional[str]:
    """Why ``value`` (or a number inside a list or dict of it) cannot be stored, else None."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, float):
            if math.isnan(item):
                return "is NaN, which a pipeline cannot hold (its JSON has no NaN)"
            if math.isinf(item):
                return f"is {'-' if item < 0 else ''}infinity, which a pipeline cannot hold (its JSON has no infinity)"
        elif isinstance(item, int):
            if abs(item) > MAX_EXACT_INTEGER:
                return (f"is the integer {_short(item)}, beyond +/-2**53 ({MAX_EXACT_INTEGER:,}): "
                        "the pipeline's numbers are doubles and would round it; pass it as a string")
        elif isinstance(item, (list, tuple, dict)):
            if id(item) in seen:
                continue
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return None


def _short(number: int) -> str:
    digits = len(str(abs(number))) if abs(number) < 10**4000 else None
    if digits is not None and digits <= 30:
        return str(number)
    return f"of {digits:,} digits" if digits else "of more than 4,000 digits"
