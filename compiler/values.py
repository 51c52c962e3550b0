"""Conversions to the proto-JSON forms the IR uses: numbers in values are floats,
resource strings become the deprecated numeric fields, durations become seconds."""

from __future__ import annotations

from typing import Any


def to_value(value: Any) -> Any:
    """A Python constant as ``google.protobuf.Value`` renders it: every number a float."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return {str(k): to_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_value(v) for v in value]
    return str(value)


def default_value(parameter_type: str, value: Any) -> Any:
    """A parameter default as the IR stores it for the given parameterType."""
    if parameter_type in ("NUMBER_INTEGER", "NUMBER_DOUBLE"):
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else to_value(value)
    return to_value(value)


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
