"""The container command of a lightweight Python component: offline, kfp-free.

kfp's lightweight components ``pip install kfp`` when the container starts. Ours embed the
standard-library-only executor (``kfp_lite/executor.py``) in the command next to the
function's source, so a stock ``python:3.x`` image runs them with no network; only the user's
``packages_to_install`` are pip-installed, by a first ``sh -c`` step shaped like kfp's.

Layout of ``command`` (``args`` are appended by the backend after it)::

    [sh, -c, PIP_STEP, sh,]   # only when packages_to_install is not empty
    sh, -ec, LOADER, SOURCE, EXECUTOR

``SOURCE`` is the user's function with a small import preamble, kept as plain text so the
YAML stays reviewable and diffable. ``EXECUTOR`` is the executor's source, zlib-compressed and
base64-encoded: it is repeated once per component in the YAML, and compression cuts it to
about a third while its text is the same for every component (readable in the repository,
not in the YAML). ``LOADER`` writes both to a temporary directory and runs the executor. It
mentions ``kfp.dsl.executor_main`` in a comment so that kfp's own local SubprocessRunner
recognises the component as a lightweight Python component; the user's source directly
follows the loader, which is where that runner expects it (it rewrites ``python3`` in every
other element, so the encoded executor is checked never to contain that text).
"""

from __future__ import annotations

import base64
import functools
import zlib
from pathlib import Path
from typing import Sequence

# kfp_lite/executor.py, wherever the package is installed (this folder installs as kfp_lite.compiler)
EXECUTOR_FILE = Path(__file__).resolve().parent.parent / "kfp_lite" / "executor.py"
if not EXECUTOR_FILE.is_file():
    EXECUTOR_FILE = Path(__file__).resolve().parent.parent / "executor.py"

SOURCE_PREAMBLE = (
    "from kfp_lite import dsl",
    "from kfp_lite.dsl import *",
    "from typing import *",
)

LOADER = """\
# kfp_lite: a standard-library executor that stands in for kfp.dsl.executor_main
program_path=$(mktemp -d)
printf "%s" "$0" > "$program_path/ephemeral_component.py"
printf "%s" "$1" | python3 -c 'import base64,sys,zlib; sys.stdout.buffer.write(zlib.decompress(base64.b64decode(sys.stdin.read())))' > "$program_path/kfp_lite_executor.py"
shift
python3 "$program_path/kfp_lite_executor.py" --component_module_path "$program_path/ephemeral_component.py" "$@"
"""

PIP_STEP = """
if ! [ -x "$(command -v pip)" ]; then
    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip
fi
{venv}
PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location {options}{packages} && "$0" "$@"
"""

VENV_STEP = """
tmp=$(mktemp -d)
python3 -m venv "$tmp/venv" --system-site-packages
. "$tmp/venv/bin/activate"
"""


@functools.lru_cache(maxsize=1)
def encoded_executor() -> str:
    """The executor's source, compressed and base64-encoded (read once per process)."""
    source = EXECUTOR_FILE.read_bytes()
    encoded = base64.b64encode(zlib.compress(source, 9)).decode("ascii")
    if "python3" in encoded:  # kfp's SubprocessRunner would corrupt it; never seen in practice
        raise RuntimeError("the encoded executor contains the text 'python3'")
    return encoded


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


def _index_options(
    pip_index_urls: Sequence[str] | None, pip_trusted_hosts: Sequence[str] | None
) -> str:
    """pip options for the index urls; trusted hosts default to the index urls, as in kfp."""
    if not pip_index_urls:
        return ""
    first, *extra = pip_index_urls
    options = [f"--index-url {_quote(first)}"]
    options += [f"--extra-index-url {_quote(url)}" for url in extra]
    hosts = list(pip_index_urls) if pip_trusted_hosts is None else list(pip_trusted_hosts)
    options += [f"--trusted-host {_quote(host)}" for host in hosts]
    return " ".join(options) + " "


def component_source(function_source: str, extra_imports: Sequence[str] = ()) -> str:
    """The program text the loader writes: the import preamble, then the function."""
    preamble = "\n".join([*SOURCE_PREAMBLE, *extra_imports])
    return "\n" + preamble + "\n\n" + function_source.strip("\n") + "\n"


def lightweight_container(
    *,
    function_source: str,
    function_name: str,
    base_image: str,
    packages_to_install: Sequence[str] = (),
    pip_index_urls: Sequence[str] | None = None,
    pip_trusted_hosts: Sequence[str] | None = None,
    use_venv: bool = False,
    extra_imports: Sequence[str] = (),
) -> dict:
    """The ``container`` executor dict (image, command, args) of a lightweight component."""
    command: list[str] = []
    if packages_to_install:
        pip = PIP_STEP.format(
            venv=VENV_STEP if use_venv else "",
            options=_index_options(pip_index_urls, pip_trusted_hosts),
            packages=" ".join(_quote(p) for p in packages_to_install),
        )
        command += ["sh", "-c", pip]
    command += [
        "sh",
        "-ec",
        LOADER,
        component_source(function_source, extra_imports),
        encoded_executor(),
    ]
    return {
        "image": base_image,
        "command": command,
        "args": ["--executor_input", "{{$}}", "--function_to_execute", function_name],
    }
