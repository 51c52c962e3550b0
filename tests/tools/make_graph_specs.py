"""Compile the small pipelines of ``tests/data/graph/sources`` with the reference kfp SDK.

The graph tests draw specs made by kfp itself, so they do not depend on kfp_lite's compiler.
Run with a Python that has kfp 2.17.3 installed (never a dependency of kfp_lite):

    /opt/kfpref/bin/python tests/tools/make_graph_specs.py

Output: ``tests/data/graph/<name>.yaml``, one per source file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_kfp_goldens import compile_one  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SRC_DIR = ROOT / "tests" / "data" / "graph" / "sources"
OUT_DIR = ROOT / "tests" / "data" / "graph"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmpdir:
        for src in sorted(SRC_DIR.glob("*.py")):
            compile_one(src, OUT_DIR / f"{src.stem}.yaml", Path(tmpdir))
            print(f"ok    {src.stem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
