"""A NamedTuple return of parameters: one output per field, consumed field by field."""

# ruff: noqa: B006  (kfp takes list/dict defaults from the signature)

from typing import NamedTuple

from kfp_lite import dsl


@dsl.component
def stats(values: list) -> NamedTuple("Stats", [("mean", float), ("count", int), ("label", str)]):
    from collections import namedtuple

    result = namedtuple("Stats", ["mean", "count", "label"])
    return result(sum(values) / len(values), len(values), "ok")


@dsl.component
def show(mean: float, count: int, label: str) -> str:
    return f"{label}: {mean} over {count}"


@dsl.pipeline
def namedtuple_params(values: list = [1, 2, 3]):
    s = stats(values=values)
    show(mean=s.outputs["mean"], count=s.outputs["count"], label=s.outputs["label"])


TARGET = namedtuple_params
