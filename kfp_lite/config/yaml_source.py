"""Read a YAML file into plain data plus the line of every key, for located diagnostics.

PyYAML's ``safe_load`` forgets where things were; composing the node tree keeps each node's
mark, so a problem at ``steps.train.parameters.epochs`` can name ``run.yaml:7``. Duplicate
keys, which ``safe_load`` silently resolves to the last one, are reported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation

Path = tuple  # a path into the data: keys of mappings and indexes of lists


@dataclass
class YamlSource:
    """The parsed document and where each of its keys (or list items) starts."""

    file: str
    data: Any
    places: dict[Path, SourceLocation] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def where(self, path: Path) -> SourceLocation:
        """The place of ``path``, or of its closest ancestor that has one."""
        path = tuple(path)
        while path:
            place = self.places.get(path)
            if place is not None:
                return place
            path = path[:-1]
        return self.places.get((), SourceLocation(self.file, 1, 1))


def dotted(path: Path) -> str:
    """``('steps', 'train', 'parameters', 'epochs')`` -> ``steps.train.parameters.epochs``."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(top level)"


def read_yaml(file: str, text: str) -> YamlSource:
    """Compose ``text``; syntax errors, refused YAML and duplicate keys end up in ``problems``.

    Composition is kfp_lite's bounded reader (docs/security.md); duplicate keys are reported
    below with both lines.
    """
    from kfp_lite.safe_yaml import YamlRefused, compose_all

    source = YamlSource(file, None)
    try:
        loader, nodes = compose_all(text, duplicates="collect")
    except YamlRefused as exc:
        where = SourceLocation(file, exc.line or 1, exc.column or 1)
        if exc.policy:
            source.problems.append(codes.REFUSED_YAML(
                f"the file is refused: {exc.reason}", location=where,
                hint=exc.hint or "see docs/security.md for the limits on YAML input"))
        else:
            reason = exc.reason if exc.reason.startswith("not valid YAML") else f"not valid YAML: {exc.reason}"
            source.problems.append(codes.CONFIG_SYNTAX(
                f"the file is {reason}", location=where,
                hint="check the indentation and the ':' after each key at this line"))
        return source
    try:
        if len(nodes) > 1:
            source.problems.append(codes.CONFIG_SYNTAX(
                f"the file holds {len(nodes)} YAML documents; a run configuration is one",
                location=_place(file, nodes[1]), hint="remove the '---' line"))
        elif nodes and nodes[0] is not None:
            node = nodes[0]
            source.places[()] = _place(file, node)
            source.data = _build(loader, node, (), source)
    except YamlRefused as exc:  # e.g. an overlong number met while building values
        source.problems.append(codes.REFUSED_YAML(
            f"the file is refused: {exc.reason}",
            location=SourceLocation(file, exc.line or 1, exc.column or 1), hint=exc.hint))
        source.data = None
    except Exception as exc:  # noqa: BLE001 - a constructor error (bad tag, bad timestamp)
        from kfp_lite.safe_yaml import describe_error

        refused = describe_error(exc)
        source.problems.append(codes.CONFIG_SYNTAX(
            f"the file is {refused.reason}",
            location=SourceLocation(file, refused.line or 1, refused.column or 1)))
        source.data = None
    finally:
        loader.dispose()
    return source


def _place(file: str, node: Any) -> SourceLocation:
    mark = node.start_mark
    return SourceLocation(file, mark.line + 1, mark.column + 1)


def _build(loader: Any, node: Any, path: Path, source: YamlSource) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first: dict[Any, SourceLocation] = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node, path + ("<key>",), source)
            try:
                hash(key)
            except TypeError:
                source.problems.append(codes.CONFIG_BAD_VALUE(
                    f"{dotted(path)}: a key must be a name, got a {type(key).__name__}",
                    location=_place(source.file, key_node)))
                continue
            place = _place(source.file, key_node)
            if key in first:
                source.problems.append(codes.CONFIG_BAD_VALUE(
                    f"{dotted(path + (key,))}: the key '{key}' is given twice (first at line {first[key].line})",
                    location=place, hint="keep one of them; YAML would silently use the last"))
                continue
            first[key] = place
            source.places[path + (key,)] = place
            result[key] = _build(loader, value_node, path + (key,), source)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            source.places[path + (index,)] = _place(source.file, item)
            items.append(_build(loader, item, path + (index,), source))
        return items
    return loader.construct_object(node, deep=True)


def nearest(name: str, known: list[str]) -> Optional[str]:
    """The closest known name, for did-you-mean hints."""
    import difflib

    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return close[0] if close else None
