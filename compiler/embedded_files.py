"""Files carried inside a lightweight component's command: ``embedded_artifact_path=`` and
``@dsl.notebook_component``.

kfp packs the files into a gzip'd tar archive, base64-encodes it and puts it in the component's
source with a few lines that unpack it into a temporary directory when the component's module
loads (``__KFP_EMBEDDED_ASSET_DIR``, ``__KFP_EMBEDDED_ASSET_FILE`` for a single file); the
executor then gives a ``dsl.EmbeddedInput[...]`` parameter an artifact at that path. kfp_lite
writes the same unpacking lines, so kfp's executor and kfp_lite's run the component alike.

One deliberate difference: kfp's archive records each file's modification time, owner and the
time of the compile, so kfp's YAML changes at every compile; kfp_lite's archive is reproducible
(entries sorted, times zero, no owner names), so the same files compile to the same bytes.

A notebook component runs its notebook with ``nbclient`` when the function calls
``dsl.run_notebook(**parameters)``; the runner below is kfp_lite's own (kfp embeds a longer one
of its own), with the same rule for parameters: a cell of assignments inserted after the cell
tagged ``parameters``, or at the top when there is none.
"""

from __future__ import annotations

import base64
import io
import struct
import tarfile
import zlib
from pathlib import Path
from typing import Optional

__all__ = ["archive_b64", "archive_bytes", "extraction_helper", "notebook_helper"]

LARGE_ARCHIVE_BYTES = 1024 * 1024


def _normalized(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
    return info


def archive_bytes(path: str) -> bytes:
    """A reproducible tar.gz of a file (stored under its name) or a directory (under ``.``)."""
    root = Path(path)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        if root.is_dir():
            tar.add(str(root), arcname=".", recursive=False, filter=_normalized)
            for relative in sorted(p.relative_to(root).as_posix() for p in root.rglob("*")):
                tar.add(str(root / relative), arcname="./" + relative, recursive=False,
                        filter=_normalized)
        else:
            tar.add(str(root), arcname=root.name, recursive=False, filter=_normalized)
    return _gzip(buffer.getvalue())


def _gzip(data: bytes) -> bytes:
    """gzip with a fixed header (no name, no time, best compression, OS Unix).

    ``gzip.compress`` writes a different OS byte depending on the Python version (3 on 3.11,
    255 on 3.9 and 3.12+), so the same files would compile to different YAML under different
    interpreters; this header is the one 3.11 writes.
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"
    return header + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def archive_b64(path: str) -> str:
    return base64.b64encode(archive_bytes(path)).decode("ascii")


def extraction_helper(encoded: str, file_basename: Optional[str]) -> str:
    """The lines that unpack the archive when the component's module loads (kfp's layout)."""
    file_line = ""
    if file_basename:
        file_line = (
            "\n__KFP_EMBEDDED_ASSET_FILE = __kfp_os.path.join(__KFP_EMBEDDED_ASSET_DIR, "
            f"'{file_basename}')\n"
        )
    return (
        f"__KFP_EMBEDDED_ARCHIVE_B64 = '{encoded}'\n"
        "\n"
        "import base64 as __kfp_b64\n"
        "import io as __kfp_io\n"
        "import os as __kfp_os\n"
        "import sys as __kfp_sys\n"
        "import tarfile as __kfp_tarfile\n"
        "import tempfile as __kfp_tempfile\n"
        "\n"
        "# Extract embedded archive at import time to ensure sys.path and globals are set\n"
        "__kfp_tmpdir = __kfp_tempfile.TemporaryDirectory()\n"
        "__KFP_EMBEDDED_ASSET_DIR = __kfp_tmpdir.name\n"
        "try:\n"
        "    __kfp_bytes = __kfp_b64.b64decode(__KFP_EMBEDDED_ARCHIVE_B64.encode('ascii'))\n"
        "    with __kfp_tarfile.open(fileobj=__kfp_io.BytesIO(__kfp_bytes), mode='r:gz') as __kfp_tar:\n"
        "        __kfp_tar.extractall(path=__KFP_EMBEDDED_ASSET_DIR)\n"
        "except Exception as __kfp_e:\n"
        "    raise RuntimeError(f'Failed to extract embedded archive: {__kfp_e}')\n"
        "\n"
        "# Always prepend the extracted directory to sys.path for import resolution\n"
        "if __KFP_EMBEDDED_ASSET_DIR not in __kfp_sys.path:\n"
        "    __kfp_sys.path.insert(0, __KFP_EMBEDDED_ASSET_DIR)\n"
        f"{file_line}\n"
    )


# kfp_lite's notebook runner: unpacks the archive, then binds dsl.run_notebook to a function
# that injects the parameters and executes the notebook with nbclient, printing cell output
_NOTEBOOK_RUNNER = '''
def __kfp_lite_run_notebook(**parameters):
    """Run the embedded notebook with these parameters; outputs print as cells finish."""
    import json
    import sys

    import nbformat
    from nbclient import NotebookClient

    path = __kfp_os.path.join(__KFP_EMBEDDED_ASSET_DIR, __KFP_NOTEBOOK_REL_PATH)
    notebook = nbformat.read(path, as_version=4)
    if parameters:
        lines = ["import json"] + [
            f"{name} = json.loads({json.dumps(value)!r})" for name, value in parameters.items()]
        cell = nbformat.v4.new_code_cell(source="\\n".join(lines) + "\\n")
        cell.metadata["tags"] = ["injected-parameters"]
        at = 0
        for index, existing in enumerate(notebook.cells):
            tags = existing.get("metadata", {}).get("tags", []) or []
            if existing.get("cell_type") == "code" and "parameters" in tags:
                at = index + 1
                break
        notebook.cells.insert(at, cell)
    client = NotebookClient(notebook, kernel_name="python3",
                            resources={"metadata": {"path": __kfp_os.path.dirname(path)}})
    client.execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                stream = sys.stderr if output.get("name") == "stderr" else sys.stdout
                stream.write(output.get("text", ""))
            elif "data" in output and "text/plain" in output["data"]:
                print(output["data"]["text/plain"])
    nbformat.write(notebook, path)


dsl.run_notebook = __kfp_lite_run_notebook
run_notebook = __kfp_lite_run_notebook
'''


def notebook_helper(encoded: str, notebook_relpath: str) -> str:
    """Unpacking lines, the notebook's path inside the archive, and kfp_lite's runner."""
    return (
        f"__KFP_NOTEBOOK_REL_PATH = {notebook_relpath!r}\n\n"
        + extraction_helper(encoded, None)
        + _NOTEBOOK_RUNNER
    )
