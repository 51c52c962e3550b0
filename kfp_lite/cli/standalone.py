"""Running a command's body as click's standalone mode would, without click.

The ``kfp-lite`` entry point runs the plain ``compile`` and ``check`` command lines without
importing click (see ``kfp_lite.cli.main``); what click does around a command must then
happen here too: Ctrl-C (or end of input) prints a blank line and ``Aborted!`` and exits 1,
and a closed output pipe exits 1 quietly. Everything else the body raises propagates, as it
does through click.
"""

from __future__ import annotations

import errno
import sys
from typing import Any, Callable

from .echo import echo

__all__ = ["run_standalone"]


def run_standalone(body: Callable[..., int], options: dict[str, Any], pause_gc: bool = False) -> int:
    """``body(**options)``'s exit status, with click's handling of interrupts and pipes.

    ``pause_gc`` pauses the cyclic garbage collector meanwhile, for a command that imports
    the package and one user module and ends: the imports allocate enough to trigger a dozen
    collections, each walking every live object, and such a command frees almost nothing
    before the process ends (reference counting still frees whatever is not in a cycle).
    """
    try:
        if not pause_gc:
            return body(**options)
        from kfp_lite.collector import paused

        with paused():
            return body(**options)
    except (EOFError, KeyboardInterrupt):
        echo(err=True)  # closes the terminal's ^C echo
        echo("Aborted!", err=True)
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _QuietFlush(sys.stdout)  # type: ignore[assignment]
        sys.stderr = _QuietFlush(sys.stderr)  # type: ignore[assignment]
        return 1


class _QuietFlush:
    """A stream whose ``flush`` ignores a closed pipe, so exiting after one is quiet."""

    def __init__(self, wrapped: Any) -> None:
        self._wrapped = wrapped

    def flush(self) -> None:
        try:
            self._wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)
