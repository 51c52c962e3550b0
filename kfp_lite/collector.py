"""Pausing the cyclic garbage collector around work that allocates much and frees little.

Compiling a pipeline, reading a large spec and a short command of the CLI each create
hundreds of thousands of dicts and lists and free almost none of them before they end, so
every burst of allocations would trigger a collection whose full passes walk every live
object. Reference counting still frees whatever is not in a cycle; the collector runs again
afterwards, and is left off when the caller had turned it off.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic garbage collector is off inside the block (as it was after it)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
