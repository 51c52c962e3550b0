"""Compile the local runner's test pipelines (tests/data/local/*.py) with the reference kfp.

    /opt/kfpref/bin/python tests/tools/make_local_specs.py

The YAML is checked in next to each source; the tests swap kfp's lightweight commands for
kfp_lite's (tests/local_specs.py) so the specs run offline.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "data" / "local"


def main() -> None:
    from kfp import compiler
    from kfp.dsl import graph_component

    with tempfile.TemporaryDirectory() as tmp:
        for src in sorted(HERE.glob("*.py")):
            target = Path(tmp) / src.name
            target.write_text(re.sub(r"\bkfp_lite\b", "kfp", src.read_text()))
            spec = importlib.util.spec_from_file_location(f"_local_{src.stem}", target)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            pipelines = [
                v for v in vars(module).values() if isinstance(v, graph_component.GraphComponent)
            ]
            assert len(pipelines) == 1, src
            compiler.Compiler().compile(pipelines[0], str(src.with_suffix(".yaml")))


if __name__ == "__main__":
    main()
