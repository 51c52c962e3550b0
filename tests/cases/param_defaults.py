"""Component input defaults of every type (numbers are emitted as floats, even int ones)."""

# ruff: noqa: B006  (kfp takes list/dict defaults from the signature)

from typing import Dict, List

from kfp_lite import dsl


@dsl.component
def configure(
    name: str = "model",
    empty: str = "",
    epochs: int = 10,
    zero: int = 0,
    negative: int = -3,
    lr: float = 0.01,
    ratio: float = 2.0,
    big: float = 1e20,
    flag: bool = True,
    off: bool = False,
    tags: list = ["a", "b"],
    ids: List[int] = [1, 2, 3],
    mixed: list = [1, "two", 3.5, True],
    config: dict = {"depth": 3, "lr": 0.1, "name": "x"},
    nested: Dict[str, list] = {"a": [1, {"b": 2}], "c": []},
    blank: dict = {},
) -> str:
    return f"{name}{empty}{epochs}{zero}{negative}{lr}{ratio}{big}{flag}{off}{tags}{ids}{mixed}{config}{nested}{blank}"


TARGET = configure
