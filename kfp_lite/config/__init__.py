"""Run configuration files: ``kfp-lite compile --config run.yaml`` and
``my_pipeline.with_options(config_path=...)``.

``parameters:`` sets pipeline parameters (they become the compiled defaults) and
``steps: <task-name>:`` sets task arguments and settings. The file is strict: unknown keys,
task names and parameters, wrong types and values that contradict the code are errors with
the file's line. See ``docs/configuration.md``.

Importing this package is cheap: pydantic loads only inside :func:`load_config`.
"""

from __future__ import annotations

from typing import Any

from .run_config import ConfigError, RunConfig

__all__ = ["ConfigError", "RunConfig", "load_config"]


def load_config(path: Any) -> RunConfig:
    """Read and validate a run configuration file; raise :class:`ConfigError` on any problem."""
    from .loading import load_config as _load

    return _load(path)
