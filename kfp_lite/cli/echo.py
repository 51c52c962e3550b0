"""Printing a line of the command line's output without importing click.

``click.echo`` is what every command prints with, and importing click costs more than the
rest of a small ``kfp-lite compile``. For plain ASCII text without escape sequences,
``click.echo`` writes the text and a newline to the stream and flushes it; :func:`echo` does
exactly that. Anything else (non-ASCII text, where click may re-encode a misconfigured
stream, or ANSI codes, which it strips when the stream is not a terminal) goes to
``click.echo`` itself, so the output is the same either way.
"""

from __future__ import annotations

import sys

__all__ = ["echo"]


def echo(message: str = "", err: bool = False) -> None:
    """``click.echo(message, err=err)`` for a ``str`` message."""
    if not message.isascii() or "\x1b" in message:
        import click

        click.echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # no standard stream attached (as click.echo)
        return
    stream.write(message + "\n")
    stream.flush()
