"""``--config RUN.yaml`` of ``compile``, ``run`` and ``check``: one way to read the file.

A file with problems is reported whole: its own problems (syntax, unknown keys, wrong
types) and, for the rest of it, those found against the pipeline (unknown tasks and
parameters, conflicts with the code), so one typo does not hide the others.
"""

from __future__ import annotations

import os
from typing import Any

from kfp_lite import codes

from ._loading import UsageError

__all__ = ["read_config"]

EXIT_DIAGNOSTICS = 1


def read_config(config_path: str, target: Any = None) -> Any:
    """The :class:`~kfp_lite.config.RunConfig` of ``config_path``; a UsageError (exit 1)
    with every problem of the file, checked against ``target`` (a pipeline) when given."""
    from kfp_lite.config import ConfigError, load_config

    if not os.path.isfile(config_path):
        raise UsageError(codes.CONFIG_SYNTAX(
            f"{config_path} is a directory, not a configuration file" if os.path.isdir(config_path)
            else f"no such configuration file: {config_path}",
            hint="check the --config path; `kfp-lite config-template FILE.py` writes a starting point"))
    try:
        return load_config(config_path)
    except ConfigError as exc:
        problems = exc.problems_with(target) if target is not None else exc.diagnostics
        raise UsageError(*problems, status=EXIT_DIAGNOSTICS) from None

