"""``KFP_LITE_REGEN=1``: rewrite kfp_lite's own-output goldens instead of comparing with them.

A golden that CI rewrites compares the output with itself and can never fail, so the request
is refused when the ``CI`` environment variable is set (``conftest.py`` stops the run before
any test). Goldens are regenerated on a developer's machine, reviewed as a diff, and committed.
"""

from __future__ import annotations

import os
from typing import Mapping, Optional

VARIABLE = "KFP_LITE_REGEN"


def _set(value: Optional[str]) -> bool:
    return value is not None and value.strip().lower() not in ("", "0", "false", "no")


def requested(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this run should rewrite the goldens (checked to be outside CI at start-up)."""
    return environ.get(VARIABLE) == "1"


def refusal(environ: Mapping[str, str] = os.environ) -> Optional[str]:
    """Why this run must not start, or None: regenerating is asked for under CI."""
    if _set(environ.get(VARIABLE)) and _set(environ.get("CI")):
        return (f"{VARIABLE}={environ[VARIABLE]} rewrites golden files, which CI must never do "
                f"(the CI environment variable is set to {environ['CI']!r}): a rewritten golden "
                f"cannot fail. Unset {VARIABLE}, or regenerate on a development machine, review "
                "the diff and commit it.")
    return None
