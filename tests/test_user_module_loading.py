"""The commands import the user's pipeline file from its current content, as Python would."""

from __future__ import annotations

import os
from pathlib import Path

from kfp_lite.cli._loading import load_module


def test_a_file_rewritten_at_the_same_size_and_time_is_read_anew(tmp_path: Path) -> None:
    path = tmp_path / "p.py"
    path.write_text("VALUE = 1\n")
    assert load_module(str(path)).VALUE == 1
    stamp = path.stat()
    path.write_text("VALUE = 2\n")  # an edit within the same second: same size, same mtime
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert load_module(str(path)).VALUE == 2
    assert not (tmp_path / "__pycache__").exists()


def test_the_file_is_compiled_with_its_own_future_flags_only(tmp_path: Path) -> None:
    # this test module (and the loader) postpone annotations; the user's file must not
    path = tmp_path / "p.py"
    path.write_text("def f(x: int) -> str:\n    return str(x)\n")
    assert load_module(str(path)).f.__annotations__ == {"x": int, "return": str}
    path.write_text("from __future__ import annotations\n\ndef f(x: int) -> str:\n    return str(x)\n")
    assert load_module(str(path)).f.__annotations__ == {"x": "int", "return": "str"}
