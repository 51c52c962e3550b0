"""Only ``kfp_lite`` is a top-level import package: the compiler and the IR schema live under it.

A user's own ``compiler.py`` or ``ir_schema/`` next to their pipeline must never shadow ours
(``python my_pipeline.py`` puts the script's folder first on ``sys.path``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_compiler_and_ir_schema_are_subpackages(tmp_path: Path) -> None:
    out = _run(
        "import importlib.util as u, kfp_lite.compiler as c, kfp_lite.ir_schema as i;"
        "from kfp_lite import compiler;"
        "print(compiler is c, u.find_spec('compiler') is None, u.find_spec('ir_schema') is None)",
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]


def test_users_own_compiler_module_does_not_shadow_ours(tmp_path: Path) -> None:
    (tmp_path / "ir_schema").mkdir()
    (tmp_path / "ir_schema" / "__init__.py").write_text("raise SystemExit('user ir_schema')\n")
    (tmp_path / "my_pipeline.py").write_text(textwrap.dedent("""
        import compiler  # the user's own module, imported by their pipeline file

        from kfp_lite import compiler as kfp_compiler, dsl

        @dsl.container_component
        def hello():
            return dsl.ContainerSpec(image="alpine:3.19", command=["echo", "hi"])

        @dsl.pipeline
        def p():
            hello()

        if __name__ == "__main__":
            kfp_compiler.Compiler().compile(p, "out.yaml")
    """))
    (tmp_path / "compiler.py").write_text("USER = True  # has no Compiler: shadowing ours would fail\n")
    out = subprocess.run(
        [sys.executable, "my_pipeline.py"], capture_output=True, text=True, cwd=tmp_path,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out.yaml").read_text().startswith("# PIPELINE DEFINITION")
    cli = subprocess.run(
        [sys.executable, "-m", "kfp_lite", "compile", "my_pipeline.py", "-o", "cli.yaml"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert cli.returncode == 0, cli.stderr
    assert (tmp_path / "cli.yaml").read_bytes() == (tmp_path / "out.yaml").read_bytes()
