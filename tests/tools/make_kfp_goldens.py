"""Generate the expected YAML of the conformance corpus with the real kfp SDK.

Run with a Python that has kfp 2.17.3 installed (never a dependency of kfp_lite), e.g.

    /opt/kfpref/bin/python tests/tools/make_kfp_goldens.py            # every case and sample
    /opt/kfpref/bin/python tests/tools/make_kfp_goldens.py NAME...    # only these

Each case file (``tests/cases/*.py``) and sample (``samples/*.py``) is written with kfp_lite
imports. This script rewrites ``kfp_lite`` to ``kfp`` in the source (and in the modules of
packages next to them, such as ``tests/cases/ml_platform``), imports the result from a
temporary directory (so ``inspect.getsource`` works) and compiles the module's ``TARGET``
(or its single pipeline) with ``kfp.compiler.Compiler``, passing ``PIPELINE_NAME`` and
``PIPELINE_PARAMETERS`` when the module defines them. Files that set ``KFP_LITE_ONLY`` use
kfp_lite extensions and are skipped. Output: ``tests/golden/kfp/<name>.yaml``
for cases and ``tests/golden/kfp/samples/<name>.yaml`` for samples; the ``sdkVersion`` inside
each file records which kfp made it.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "cases": (ROOT / "tests" / "cases", ROOT / "tests" / "golden" / "kfp"),
    "samples": (ROOT / "samples", ROOT / "tests" / "golden" / "kfp" / "samples"),
}


# a corpus file using kfp_lite extensions (hooks, map/product) sets KFP_LITE_ONLY = "why";
# kfp cannot compile it, so it has only kfp_lite's own golden
KFP_LITE_ONLY = re.compile(r"^KFP_LITE_ONLY\s*=", re.MULTILINE)


def rewrite(text: str) -> str:
    return re.sub(r"\bkfp_lite\b", "kfp", text)


def find_target(module):
    from kfp.dsl import base_component, graph_component

    target = getattr(module, "TARGET", None)
    if target is not None:
        return target
    pipelines = [
        v for v in vars(module).values() if isinstance(v, graph_component.GraphComponent)
    ]
    if len(pipelines) == 1:
        return pipelines[0]
    comps = [v for v in vars(module).values() if isinstance(v, base_component.BaseComponent)]
    if not pipelines and len(comps) == 1:
        return comps[0]
    raise SystemExit(f"{module.__file__}: set TARGET, found {len(pipelines)} pipelines")


def compile_one(src: Path, out: Path, tmp: Path) -> None:
    from kfp import compiler

    # copy the whole folder once so data files and sibling modules resolve
    mod_path = tmp / src.name
    mod_path.write_text(rewrite(src.read_text()))
    name = f"_golden_{src.stem}"
    spec = importlib.util.spec_from_file_location(name, mod_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    target = find_target(module)
    out.parent.mkdir(parents=True, exist_ok=True)
    compiler.Compiler().compile(
        target,
        str(out),
        pipeline_name=getattr(module, "PIPELINE_NAME", None),
        pipeline_parameters=getattr(module, "PIPELINE_PARAMETERS", None),
    )


def main(names: list[str]) -> int:
    failures = 0
    for kind, (src_dir, out_dir) in SOURCES.items():
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            for item in src_dir.iterdir():
                if item.is_dir() and item.name != "__pycache__":
                    shutil.copytree(item, tmp / item.name,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                    for module in (tmp / item.name).rglob("*.py"):  # a package of the corpus
                        module.write_text(rewrite(module.read_text()))
                elif item.is_file() and item.suffix != ".py":
                    shutil.copy(item, tmp / item.name)
            sys.path.insert(0, str(tmp))
            for src in sorted(src_dir.glob("*.py")):
                if src.name.startswith("_") or (names and src.stem not in names):
                    continue
                if KFP_LITE_ONLY.search(src.read_text()):
                    print(f"skip  {kind}/{src.stem}: a kfp_lite extension (KFP_LITE_ONLY)")
                    continue
                try:
                    compile_one(src, out_dir / f"{src.stem}.yaml", tmp)
                    print(f"ok    {kind}/{src.stem}")
                except Exception as exc:  # report and go on: one bad case must not hide others
                    failures += 1
                    print(f"FAIL  {kind}/{src.stem}: {type(exc).__name__}: {exc}")
            sys.path.remove(str(tmp))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
