"""Unknown keyword arguments are mistakes, reported with a did-you-mean.

A few entry points keep ``**kwargs`` (to accept kfp's spellings or pass options on);
whatever they do not know must not vanish silently: ``enable_cahce=False`` that does
nothing is worse than an error.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation


class UnknownKeywordError(TypeError):
    """A call got keyword arguments it does not take; ``.diagnostics`` says which (KFL012).

    A ``TypeError``, as Python raises for an unexpected keyword, so code written for kfp
    that catches one still does.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("; ".join(
            d.message + (f" ({d.hint})" if d.hint else "") for d in diagnostics))


def refuse_unknown(call: str, given: Mapping[str, object], known: Iterable[str]) -> None:
    """Raise :class:`UnknownKeywordError` when ``given`` holds any keyword."""
    if not given:
        return
    import difflib  # only for a mistake

    names = sorted(known)
    location = _caller()
    found = []
    for name in given:
        close = difflib.get_close_matches(name, names, n=1)
        found.append(codes.UNKNOWN_KEYWORD(
            f"{call} got an unknown keyword argument '{name}'", location=location,
            hint=f"did you mean '{close[0]}'?" if close else f"it takes: {', '.join(names)}"))
    raise UnknownKeywordError(found)


def _caller() -> Optional[SourceLocation]:
    """The first frame outside kfp_lite (its compiler may live in a folder of its own)."""
    import os
    import sys

    ours = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    compiler = sys.modules.get("kfp_lite.compiler")
    if compiler is not None and getattr(compiler, "__file__", None):
        ours.append(os.path.dirname(os.path.abspath(compiler.__file__)))
    frame = sys._getframe(2)
    while frame is not None and (
            frame.f_code.co_filename.startswith(tuple(d + os.sep for d in ours))
            or frame.f_code.co_filename.startswith("<frozen")):
        frame = frame.f_back
    if frame is None:
        return None
    return SourceLocation(frame.f_code.co_filename, frame.f_lineno, 1)


__all__ = ["UnknownKeywordError", "refuse_unknown"]
