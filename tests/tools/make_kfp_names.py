"""Record kfp 2.17.3's public names and module paths: tests/data/kfp_names.json.

Run with a Python that has kfp 2.17.3 installed (never a dependency of kfp_lite):

    /work/kfp-venv/bin/python tests/tools/make_kfp_names.py

``public``: for each public module (``kfp``, ``kfp.dsl``, ``kfp.compiler``, ``kfp.components``,
``kfp.local``, ``kfp.v2``...), the names ``dir()`` shows, without private names and the
standard-library modules kfp happens to import (``os``, ``sys``, ``warnings``).

``paths``: for each module a user can reach from a public module (``kfp.dsl.pipeline_task``,
``kfp.dsl.types.artifact_types``, ``kfp.components.load_yaml_utilities``...), the names in it
that are the very object a public module exports, with that public spelling
(``kfp.dsl.pipeline_task.PipelineTask`` -> ``kfp.dsl.PipelineTask``).
``tests/test_kfp_names.py`` checks kfp_lite against both.
"""

import importlib
import json
import sys
import types
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "kfp_names.json"
PUBLIC = ["kfp", "kfp.dsl", "kfp.compiler", "kfp.components", "kfp.local", "kfp.v2",
          "kfp.v2.dsl", "kfp.v2.compiler", "kfp.v2.components", "kfp.dsl.types"]
# where a short name is looked up first: the spelling users see in kfp's docs
SHORT_HOMES = ["kfp.dsl", "kfp.components", "kfp.compiler", "kfp.local", "kfp"]
SKIP_MODULES = {"kfp.cli", "kfp.client", "kfp.kubernetes", "kfp.kubeflow_client", "kfp.registry",
                "kfp.pipeline_spec"}


def public_names(module: types.ModuleType) -> list:
    names = []
    for name in dir(module):
        value = getattr(module, name)
        if name.startswith("_"):
            continue
        if isinstance(value, types.ModuleType) and not value.__name__.startswith("kfp"):
            continue  # os, sys, warnings: kfp's own imports
        names.append(name)
    return sorted(names)


def reachable_modules() -> list:
    """Modules a user reaches from a public module: its submodules (recursively) and the
    modules a public module re-exports under another name (``kfp.components.placeholders``)."""
    found, queue = [], list(PUBLIC)
    while queue:
        name = queue.pop(0)
        if name in found or any(name == s or name.startswith(s + ".") for s in SKIP_MODULES):
            continue
        found.append(name)
        module = importlib.import_module(name)
        for attr in dir(module):
            value = getattr(module, attr)
            if not isinstance(value, types.ModuleType) or not value.__name__.startswith("kfp."):
                continue
            if value.__name__ == f"{name}.{attr}":
                queue.append(value.__name__)  # a true submodule
            elif name in PUBLIC and f"{name}.{attr}" not in found:
                found.append(f"{name}.{attr}")  # a re-exported module: kfp.components.placeholders
    return found


def main() -> None:
    warnings.simplefilter("ignore")
    import kfp

    public = {name: public_names(importlib.import_module(name)) for name in PUBLIC}
    by_id = {}
    for home in reversed(SHORT_HOMES):
        module = importlib.import_module(home)
        for name in public_names(module):
            value = getattr(module, name)
            if isinstance(value, (str, bool, types.ModuleType)) or value is None:
                continue
            by_id[id(value)] = f"{home}.{name}"
    paths = {}
    for path in reachable_modules():
        if path in PUBLIC:
            continue
        parent, _, attr = path.rpartition(".")
        module = getattr(importlib.import_module(parent), attr)
        entries = {}
        for name in public_names(module):
            short = by_id.get(id(getattr(module, name)))
            if short is not None:
                entries[name] = short
        paths[path] = entries
    data = {"kfp_version": kfp.__version__, "public": public, "paths": paths}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(public)} public modules and {len(paths)} module paths to {OUT}")


if __name__ == "__main__":
    sys.exit(main())
