"""Run-wide settings of the test suite.

Click 8.2 (Python 3.10+) keeps a command's standard error apart in ``CliRunner`` results and
shows both streams in ``result.output``; click 8.1, the newest for Python 3.9, mixes them into
``stdout`` by default. The runner below gives the tests click 8.2's behaviour on 8.1, so one
suite runs on every supported Python.
"""

from __future__ import annotations

from typing import Any

import click.testing
import pytest
import regen


def pytest_configure(config: pytest.Config) -> None:
    problem = regen.refusal()
    if problem:
        raise pytest.UsageError(problem)


if "mix_stderr" in click.testing.CliRunner.__init__.__code__.co_varnames:

    class _Result(click.testing.Result):
        @property
        def output(self) -> str:  # both streams, as click 8.2 shows them
            return self.stdout + (self.stderr if self.stderr_bytes is not None else "")

    class _CliRunner(click.testing.CliRunner):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("mix_stderr", False)
            super().__init__(*args, **kwargs)

        def invoke(self, *args: Any, **kwargs: Any) -> click.testing.Result:
            result = super().invoke(*args, **kwargs)
            result.__class__ = _Result
            return result

    click.testing.CliRunner = _CliRunner  # type: ignore[misc]
