"""Specs for the local runner tests: kfp_lite's own, or kfp 2.17.3's from the goldens.

kfp's lightweight command pip-installs kfp at start-up; the runner itself puts kfp_lite's
executor in its place, so kfp's specs run offline as they are.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
GOLDEN = ROOT / "golden" / "kfp"


def runnable(spec: dict) -> dict:
    return copy.deepcopy(spec)


def golden(name: str) -> dict:
    """The spec of a corpus case as kfp_lite compiles it (document 1)."""
    import importlib.util

    from kfp_lite.compiler import compile_documents

    path = ROOT / "cases" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_local_case_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return compile_documents(module.TARGET).pipeline_spec


def kfp_golden(name: str) -> dict:
    """The spec kfp 2.17.3 made for a corpus case, made runnable offline."""
    docs = list(yaml.safe_load_all((GOLDEN / f"{name}.yaml").read_text()))
    return runnable(docs[0])
