"""The loaded run configuration and the error raised when a file cannot be used.

Plain data only (no pydantic): a :class:`RunConfig` is what ``load_config`` returns after
the file passed validation; the compiler resolves it against the pipeline (``config.apply``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Sequence

from kfp_lite.diagnostics import Diagnostic, SourceLocation, format_diagnostics, sort_diagnostics

from .yaml_source import YamlSource

if TYPE_CHECKING:
    from kfp_lite.dsl.components import GraphComponent


class ConfigError(ValueError):
    """A run configuration file that cannot be used; ``.diagnostics`` has every problem."""

    def __init__(self, diagnostics: Sequence[Diagnostic], partial: Optional[RunConfig] = None) -> None:
        self.diagnostics: list[Diagnostic] = sort_diagnostics(diagnostics)
        #: the file without the keys that have problems, when the rest is usable: checked
        #: against the pipeline too, so that one typo does not hide the file's other problems
        self.partial = partial
        count = len(self.diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the run configuration:\n"
                         + format_diagnostics(self.diagnostics))

    def problems_with(self, graph: Any) -> list[Diagnostic]:
        """Every problem of the file: its own and, for the rest of it, those found against
        the pipeline ``graph`` (a component or anything else: only its own)."""
        from kfp_lite.dsl.components import GraphComponent

        if self.partial is None or not isinstance(graph, GraphComponent):
            return list(self.diagnostics)
        return sort_diagnostics([*self.diagnostics, *self.partial.apply(graph)])


@dataclass(frozen=True)
class RunConfig:
    """A validated run configuration: pipeline parameters, run-level caching, step settings."""

    file: str
    parameters: dict[str, Any] = field(default_factory=dict)
    enable_cache: Optional[bool] = None
    executor: Optional[str] = None
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[tuple, SourceLocation] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_source(cls, source: YamlSource) -> RunConfig:
        data = source.data or {}
        return cls(
            file=source.file,
            parameters=dict(data.get("parameters") or {}),
            enable_cache=data.get("enable_cache"),
            executor=data.get("executor"),
            steps={name: dict(settings or {}) for name, settings in (data.get("steps") or {}).items()},
            places=dict(source.places),
        )

    def where(self, path: tuple) -> SourceLocation:
        """The file and line of a key, e.g. ``('steps', 'train', 'enable_cache')``."""
        return YamlSource(self.file, None, self.places).where(path)

    def apply(self, graph: GraphComponent) -> list[Diagnostic]:
        """Every problem of this configuration against ``graph`` (which is left as it is).

        Pipeline parameters are only checked here; the compiler turns them into the
        compiled defaults together with ``-p`` values (which win).
        """
        from .apply import resolve

        return list(resolve(graph, self).diagnostics)


__all__ = ["ConfigError", "RunConfig"]
