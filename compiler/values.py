"""Conversions of resource strings to the deprecated numeric fields of the IR.

How values are written as protobuf JSON (every number a float) is part of the IR vocabulary:
:func:`kfp_lite.ir_types.to_value` and :func:`kfp_lite.ir_types.default_value`.
"""

from __future__ import annotations


def cpu_to_float(cpu: str) -> float:
    return float(cpu[:-1]) / 1000 if cpu.endswith("m") else float(cpu)


_G = 10**9
_UNITS = {
    "E": 10**18, "Ei": 2**60, "P": 10**15, "Pi": 2**50, "T": 10**12, "Ti": 2**40,
    "G": 10**9, "Gi": 2**30, "M": 10**6, "Mi": 2**20, "K": 10**3, "Ki": 2**10,
}


def memory_to_float(memory: str) -> float:
    """Memory in GB (bytes / 1e9), the unit of the deprecated ``memoryLimit`` field."""
    for suffix in ("Ei", "Pi", "Ti", "Gi", "Mi", "Ki", "E", "P", "T", "G", "M", "K"):
        if memory.endswith(suffix):
            number = float(memory[: -len(suffix)])
            if suffix == "G":
                return number
            return number * _UNITS[suffix] / _G
    return float(memory) / _G
