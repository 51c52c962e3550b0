"""Descriptions from docstrings, as kfp 2.17.3 reads them.

``tests/data/docstrings_kfp.json`` was made by kfp 2.17.3 (``tests/tools/make_docstring_goldens.py``):
for each docstring variant, the component description and the input and output descriptions
kfp found. kfp_lite must read the same from each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest

from kfp_lite import dsl
from kfp_lite.dsl.docstrings import read_docstring
from kfp_lite.dsl.interface import extract_interface

DATA = json.loads((Path(__file__).parent / "data" / "docstrings_kfp.json").read_text())
VARIANTS = DATA["variants"]


def _add_with(doc: str):
    def add(a: int, b: int = 2) -> int:
        return a + b

    add.__doc__ = doc
    return add


def test_made_by_kfp_2_17_3() -> None:
    assert DATA["kfp_version"] == "2.17.3"
    assert len(VARIANTS) >= 30


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_reads_like_kfp(name: str) -> None:
    expected = VARIANTS[name]
    spec = extract_interface(_add_with(expected["docstring"]))
    got = {
        "description": spec.description,
        "inputs": {n: s.description for n, s in spec.inputs.items()},
        "outputs": {n: s.description for n, s in spec.outputs.items()},
    }
    want = {k: expected[k] for k in ("description", "inputs", "outputs")}
    assert got == want


def test_paragraph_after_returns_is_not_part_of_the_output() -> None:
    parsed = read_docstring("Adds.\n\nReturns:\n    Output: the sum.\n\nA closing paragraph.")
    assert parsed.outputs == {"Output": "the sum."}
    assert parsed.description == "Adds."


def test_named_tuple_outputs_take_their_descriptions_from_returns() -> None:
    @dsl.component
    def split(rows: int) -> NamedTuple("Out", [("train", int), ("test", int)]):
        """Split rows.

        Args:
            rows: how many rows.

        Returns:
            train: rows for training.
            test: rows held out.

        See the project notes for the ratio.
        """
        return (rows, 0)

    outputs = split.component_spec.outputs
    assert outputs["train"].description == "rows for training."
    assert outputs["test"].description == "rows held out."
    assert split.component_spec.inputs["rows"].description == "how many rows."
