"""Make specs compiled by the reference kfp runnable offline: swap in kfp_lite's command.

kfp's lightweight command pip-installs kfp at start-up; the local runner tests replace it with
``lightweight_container`` built from the same function source (the last command element).
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from kfp_lite.compiler.python_command import lightweight_container

ROOT = Path(__file__).resolve().parent
GOLDEN = ROOT / "golden" / "kfp"
KFP_PREAMBLE = (
    "import kfp",
    "from kfp import dsl",
    "from kfp.dsl import *",
    "from typing import *",
)


def lite_command(container: dict) -> dict:
    source = container["command"][-1]
    lines = [line for line in source.split("\n") if line not in KFP_PREAMBLE]
    text = "\n".join(lines).replace("from kfp", "from kfp_lite").replace("import kfp\n", "")
    name = container["args"][container["args"].index("--function_to_execute") + 1]
    new = lightweight_container(
        function_source=text, function_name=name, base_image=container["image"]
    )
    return {**container, **new}


def runnable(spec: dict) -> dict:
    spec = copy.deepcopy(spec)
    for executor in spec.get("deploymentSpec", {}).get("executors", {}).values():
        container = executor.get("container")
        if container and any("kfp.dsl.executor_main" in c for c in container.get("command", [])):
            executor["container"] = lite_command(container)
    return spec


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
