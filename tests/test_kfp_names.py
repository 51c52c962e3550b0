"""kfp_lite offers kfp's public names and module paths, checked against kfp 2.17.3's own list.

``tests/data/kfp_names.json`` was made by kfp 2.17.3 (``tests/tools/make_kfp_names.py``):

* ``public``: what ``dir()`` shows of each public kfp module; the same names must be in the
  kfp_lite module of the same path (``kfp`` -> ``kfp_lite``), apart from ``NOT_PROVIDED``.
* ``paths``: for each module a user reaches from a public one (``kfp.dsl.pipeline_task``,
  ``kfp.dsl.types.artifact_types``...), the names in it that are a public object of kfp; in
  kfp_lite the same import path must give the very object of the public spelling.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

DATA = json.loads((Path(__file__).parent / "data" / "kfp_names.json").read_text())

# names kfp shows that kfp_lite leaves out on purpose, with the reason (docs/module-paths.md)
NOT_PROVIDED = {
    "kfp.pipeline_spec": "kfp's protobuf classes; kfp_lite writes the IR without protobuf",
    "kfp.dsl.constants": "kfp internals with no public name",
    "kfp.dsl.container_component_artifact_channel": "kfp internals with no public name",
    "kfp.dsl.utils": "kfp internals with no public name",
    "kfp.dsl.v1_modelbase": "kfp's v1 component model; kfp_lite reads v1 YAML in kfp_lite.component_yaml",
    "kfp.dsl.v1_structures": "kfp's v1 component model; kfp_lite reads v1 YAML in kfp_lite.component_yaml",
    "kfp.local.logging_utils": "kfp.local internals with no public name",
    "kfp.local.pipeline_orchestrator": "kfp.local internals with no public name",
    "kfp.local.placeholder_utils": "kfp.local internals with no public name",
    "kfp.local.status": "kfp.local internals with no public name",
    "kfp.local.utils": "kfp.local internals with no public name",
}

# kfp internals real code imports although no public module exports them
EXTRA_PATHS = {
    "kfp.dsl.graph_component": {"GraphComponent": "kfp.dsl.GraphComponent"},
    "kfp.dsl.pipeline_channel": {"PipelineChannel": "kfp.dsl.PipelineChannel"},
    "kfp.dsl.types.type_annotations": {"Input": "kfp.dsl.Input", "Output": "kfp.dsl.Output"},
    "kfp.dsl.tasks_group": {"ParallelFor": "kfp.dsl.ParallelFor"},
    "kfp.components": {"load_component_from_file": "kfp.components.load_component_from_file"},
}


def _ours(path: str) -> str:
    return "kfp_lite" + path[len("kfp"):]


def _resolve(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_made_by_kfp_2_17_3() -> None:
    assert DATA["kfp_version"] == "2.17.3"
    assert "kfp.dsl.pipeline_task" in DATA["paths"]


@pytest.mark.parametrize("module", sorted(DATA["public"]))
def test_public_module_has_kfps_names(module: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # kfp_lite.v2 warns, as kfp.v2
        ours = importlib.import_module(_ours(module))
    missing = [name for name in DATA["public"][module]
               if name not in dir(ours) and f"{module}.{name}" not in NOT_PROVIDED]
    assert not missing, f"{_ours(module)} lacks {missing}"
    for name in DATA["public"][module]:
        if f"{module}.{name}" not in NOT_PROVIDED:
            getattr(ours, name)  # dir() must not promise what getattr cannot give


PATHS = sorted(set(DATA["paths"]) | set(EXTRA_PATHS))


@pytest.mark.parametrize("path", PATHS)
def test_module_path_resolves_to_the_public_object(path: str) -> None:
    if path in NOT_PROVIDED:
        pytest.skip(NOT_PROVIDED[path])
    parent, _, attr = _ours(path).rpartition(".")
    module = getattr(importlib.import_module(parent), attr)  # `from kfp.dsl import pipeline_task`
    if module.__name__ == _ours(path):  # a true submodule: `import kfp.dsl.pipeline_task` too
        assert importlib.import_module(_ours(path)) is module
    entries = {**DATA["paths"].get(path, {}), **EXTRA_PATHS.get(path, {})}
    for name, public in entries.items():
        assert getattr(module, name) is _resolve(_ours(public)), f"{_ours(path)}.{name}"


def test_not_provided_names_are_ones_kfp_has() -> None:
    known = set(DATA["paths"]) | {f"{m}.{n}" for m, names in DATA["public"].items() for n in names}
    assert set(NOT_PROVIDED) <= known


def test_v2_warns_like_kfp_and_reexports() -> None:
    code = ("import warnings\nwarnings.simplefilter('error', DeprecationWarning)\n"
            "try:\n    import kfp_lite.v2\nexcept DeprecationWarning as w:\n    print('warned', w)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("warned") and "kfp_lite.v2" in out.stdout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from kfp_lite.v2 import compiler, components, dsl
    import kfp_lite

    assert dsl.component is kfp_lite.dsl.component and dsl.PipelineTask is kfp_lite.dsl.PipelineTask
    assert compiler.Compiler is kfp_lite.compiler.Compiler
    assert components.load_component_from_file is kfp_lite.components.load_component_from_file


def test_module_paths_keep_dsl_import_light() -> None:
    """`import kfp_lite.dsl` loads none of the alias modules, the compiler or the local runner."""
    code = ("import sys, kfp_lite.dsl\n"
            "print(sorted(m for m in sys.modules if m.startswith('kfp_lite')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(eval(out.stdout))  # noqa: S307 - our own printed list
    assert not any(m.startswith(("kfp_lite.compiler", "kfp_lite.local")) for m in loaded)
    assert "kfp_lite.dsl.pipeline_task" not in loaded and "kfp_lite.dsl.structures" not in loaded


def test_internals_real_code_imports_exist() -> None:
    from kfp_lite.dsl.structures import ComponentSpec, InputSpec, OutputSpec
    from kfp_lite.dsl.tasks_group import TasksGroup

    assert {ComponentSpec.__name__, InputSpec.__name__, OutputSpec.__name__} == {
        "ComponentSpec", "InputSpec", "OutputSpec"}
    assert issubclass(importlib.import_module("kfp_lite.dsl").ParallelFor, TasksGroup)

