"""Pipeline parameters of every type, with and without defaults, passed to a component."""

# ruff: noqa: B006  (kfp takes list/dict defaults from the signature)

from typing import Dict, List, Optional

from kfp_lite import dsl


@dsl.component
def consume(
    s: str,
    i: int,
    f: float,
    b: bool,
    d: dict,
    li: list,
    typed_list: List[int],
    typed_dict: Dict[str, float],
    maybe: Optional[str] = None,
) -> str:
    return f"{s}{i}{f}{b}{d}{li}{typed_list}{typed_dict}{maybe}"


@dsl.pipeline
def all_param_types(
    s: str,
    i: int,
    f: float = 0.5,
    b: bool = False,
    d: dict = {"k": "v", "n": 1},
    li: list = ["x", 2],
    typed_list: List[int] = [3, 4],
    typed_dict: Dict[str, float] = {"w": 1.5},
    maybe: Optional[str] = None,
    whole_float: float = 3.0,
    int_default: int = 7,
):
    consume(
        s=s,
        i=i,
        f=f,
        b=b,
        d=d,
        li=li,
        typed_list=typed_list,
        typed_dict=typed_dict,
        maybe=maybe,
    )


TARGET = all_param_types
