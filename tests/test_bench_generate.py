"""The benchmark generator writes pipelines of the requested size that kfp_lite compiles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import SHAPES, source  # noqa: E402
from kfp_lite.compiler import compile_documents  # noqa: E402


@pytest.mark.parametrize("shape", SHAPES)
def test_generated_pipeline_compiles_with_expected_task_count(shape: str, tmp_path: Path) -> None:
    path = tmp_path / f"bench_{shape}.py"
    path.write_text(source(shape, 100))
    spec = importlib.util.spec_from_file_location(f"bench_{shape}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    document = compile_documents(module.pipeline).pipeline_spec
    executors = document["deploymentSpec"]["executors"]
    assert len(executors) == {"chain": 100, "fanout": 99, "mixed": 100}[shape]
    if shape == "mixed":  # two blocks of 50: one loop and one condition each
        names = list(document["components"])
        assert sum(name.startswith("comp-for-loop-") for name in names) == 2
        assert sum(name.startswith("comp-condition-") for name in names) == 2


def test_unknown_shape_and_size_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown shape"):
        source("ring", 10)
    with pytest.raises(ValueError, match="at least 1"):
        source("chain", 0)
