"""Collecting every problem of a component YAML before failing once.

Components are loaded when the user's module is imported, so a mistake must surface as one
exception that lists everything wrong (with the file and line when known), never as a raw
``KeyError`` or a YAML traceback from deep inside the loader.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation, format_diagnostics, sort_diagnostics


class ComponentLoadError(ValueError):
    """A component YAML cannot be loaded; ``.diagnostics`` holds every problem found."""

    def __init__(self, source: str, diagnostics: Sequence[Diagnostic]) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = sort_diagnostics(diagnostics)
        count = len(self.diagnostics)
        header = (
            f"cannot load the component in {source}: {count} problem{'s' if count != 1 else ''}"
        )
        super().__init__(header + ":\n" + format_diagnostics(self.diagnostics))


class Problems:
    """The problems of one component source; ``lines`` maps parsed mappings to their lines."""

    def __init__(
        self, source: str, path: Optional[str], lines: Optional[dict[int, int]] = None
    ) -> None:
        self.source = source
        self.path = path
        self.lines: dict[int, int] = lines if lines is not None else {}
        self.diagnostics: list[Diagnostic] = []
        self.keep: list[Any] = []  # parsed mappings, so that their ids in ``lines`` stay unique

    def location(self, node: Any = None, line: Optional[int] = None) -> Optional[SourceLocation]:
        if self.path is None:
            return None
        if line is None:
            line = self.lines.get(id(node), 1) if node is not None else 1
        return SourceLocation(self.path, line, 1)

    def bad(self, message: str, node: Any = None, hint: Optional[str] = None) -> None:
        """A content problem (the YAML parses but is not a valid component)."""
        self.diagnostics.append(
            codes.BAD_COMPONENT_YAML(self._where(message), location=self.location(node), hint=hint)
        )

    def unreadable(
        self,
        message: str,
        line: Optional[int] = None,
        hint: Optional[str] = None,
        policy: bool = False,
    ) -> None:
        """The source cannot be read, is not YAML, or is YAML kfp_lite refuses (``policy``)."""
        code = codes.REFUSED_YAML if policy else codes.UNREADABLE_SPEC
        self.diagnostics.append(
            code(
                self._where(message),
                location=self.location(line=line) if line else self.location(),
                hint=hint,
            )
        )

    def _where(self, message: str) -> str:
        # the location already names a file; text and URLs are named in the message
        return message if self.path is not None else f"{self.source}: {message}"

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise ComponentLoadError(self.source, self.diagnostics)
