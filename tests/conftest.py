"""Run-wide settings of the test suite."""

from __future__ import annotations

import pytest
import regen


def pytest_configure(config: pytest.Config) -> None:
    problem = regen.refusal()
    if problem:
        raise pytest.UsageError(problem)
