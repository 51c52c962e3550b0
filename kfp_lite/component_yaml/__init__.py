"""Reading component YAML (kfp v2 IR, compiled pipelines and kfp v1 component files).

``parse_component`` turns YAML text into a :class:`LoadedComponent`: the interface as a
:class:`~kfp_lite.dsl.interface.ComponentSpec` plus either the container (whose strings are
already IR placeholders) or the whole PipelineSpec of a graph. kfp's rules decide which
format a document is and how v1 names, types, defaults and placeholders convert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from kfp_lite.dsl.interface import ComponentSpec

from .problems import ComponentLoadError, Problems

__all__ = ["ComponentLoadError", "LoadedComponent", "parse_component"]


@dataclass
class LoadedComponent:
    """What a component YAML defines; ``container`` for one step, ``pipeline_spec`` for a graph."""

    spec: ComponentSpec
    container: Optional[dict] = None
    pipeline_spec: Optional[dict] = None
    platform_spec: dict = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)


def parse_component(text: str, source: str, path: Optional[str] = None) -> LoadedComponent:
    """Parse component YAML text; raise ComponentLoadError listing every problem."""
    problems = Problems(source, path)
    documents = _load_documents(text, problems)
    problems.raise_if_any()
    if not documents or documents[0] is None:
        problems.unreadable("the YAML is empty; expected a component definition")
        problems.raise_if_any()
    if len(documents) > 2:
        problems.bad(
            f"expected one YAML document (and optionally a platform spec), got {len(documents)}"
        )
    first = documents[0]
    if not isinstance(first, dict):
        problems.bad(
            f"the YAML is a {_kind(first)}, not a mapping; expected a component definition "
            "(kfp v2 YAML with 'pipelineInfo', or kfp v1 YAML with 'implementation')"
        )
        problems.raise_if_any()
    platform = documents[1] if len(documents) > 1 else {}
    if platform is None:
        platform = {}
    if not isinstance(platform, dict):
        problems.bad(
            f"the second YAML document (the platform spec) is a {_kind(platform)}, not a mapping"
        )
    if "implementation" in first:
        from .v1 import convert_v1

        loaded = convert_v1(first, problems)
    else:
        from .ir import convert_ir

        loaded = convert_ir(first, text, problems)
    problems.raise_if_any()
    assert loaded is not None
    if isinstance(platform, dict):
        loaded.platform_spec = platform
    return loaded


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return type(value).__name__


def _load_documents(text: str, problems: Problems) -> list[Any]:
    """All YAML documents, recording the line of every mapping for messages.

    Read with kfp_lite's bounded YAML reader: aliases within a budget, no duplicate keys,
    nesting at most 100 deep (docs/security.md).
    """
    from kfp_lite.safe_yaml import YamlRefused, load_all

    lines = problems.lines
    keep = problems.keep

    def remember(data: dict, node: Any) -> None:
        lines[id(data)] = node.start_mark.line + 1
        keep.append(data)  # ids stay valid while the documents live

    try:
        return load_all(text, mapping_hook=remember).documents
    except YamlRefused as exc:
        reason = exc.reason if exc.policy or exc.reason.startswith("not valid YAML") else \
            f"not valid YAML: {exc.reason}"
        where = f" (line {exc.line})" if exc.line and not problems.path else ""
        problems.unreadable(reason + where, line=exc.line, hint=exc.hint, policy=exc.policy)
        return []
