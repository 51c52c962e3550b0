"""The size of a compiled document against what a Kubernetes object may hold.

Backends that keep a compiled pipeline as one Kubernetes object (Argo Workflows under
Kubeflow Pipelines) cannot store one over etcd's 1.5 MiB request limit. The warning names
what takes the room, so the fix is obvious: lightweight commands (the embedded executor
above all) or single executors with huge sources.
"""

from __future__ import annotations

import json
from typing import Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic

from .python_command import is_embedded, is_kfp_lightweight

LIMIT = 1536 * 1024  # bytes: 1.5 MiB


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KiB"


def size_diagnostics(text: str, spec: dict, limit: Optional[int] = None) -> list[Diagnostic]:
    """A KFL604 warning when ``text`` (the whole YAML) is over ``limit`` bytes, else nothing."""
    limit = LIMIT if limit is None else limit
    # the YAML body is ASCII (PyYAML's escapes); only a header may not be: skip the 1.5 MB
    # copy that encoding a big document costs when it is all ASCII (an O(1) test)
    size = len(text) if text.isascii() else len(text.encode("utf-8"))
    if size <= limit:
        return []
    executors = (spec.get("deploymentSpec") or {}).get("executors") or {}
    sizes = {label: len(json.dumps(executor)) for label, executor in executors.items()}
    commands = {label: (executor.get("container") or {}).get("command") or []
                for label, executor in executors.items() if isinstance(executor, dict)}
    embedded = [label for label, command in commands.items() if is_embedded(command)]
    kfp = [label for label, command in commands.items() if is_kfp_lightweight(command)]
    parts = []
    if embedded:
        total = sum(sizes[label] for label in embedded)
        parts.append(f"{len(embedded)} lightweight components with the embedded executor "
                     f"({_human(total)}, {_human(total // len(embedded))} each)")
    if kfp:
        total = sum(sizes[label] for label in kfp)
        parts.append(f"{len(kfp)} lightweight components ({_human(total)})")
    largest = sorted(sizes, key=lambda label: (-sizes[label], label))[:3]
    parts += [f"{label} ({_human(sizes[label])})" for label in largest]
    hint = ("compile with --executor kfp (the default; about a quarter of the size per "
            "lightweight component), or split the pipeline" if embedded else
            "split the pipeline into smaller ones, or move large function sources into an image "
            "(target_image=)")
    return [codes.LARGE_DOCUMENT(
        f"the compiled document is {_human(size)}, more than the {_human(limit)} a Kubernetes "
        f"object may hold; largest parts: {', '.join(parts)}",
        expected=f"at most {limit} bytes", got=f"{size} bytes", hint=hint)]
