"""Literal arguments of every type become runtimeValue constants (ints written as floats)."""

from kfp_lite import dsl


@dsl.component
def take_all(s: str, i: int, f: float, b: bool, d: dict, li: list) -> str:
    return f"{s}{i}{f}{b}{d}{li}"


@dsl.pipeline
def constants():
    take_all(
        s="text", i=3, f=2.5, b=True, d={"a": 1, "b": [1, 2], "c": {"x": "y"}}, li=[1, "a", 2.0]
    )
    take_all(s="", i=0, f=0.0, b=False, d={}, li=[])


TARGET = constants
