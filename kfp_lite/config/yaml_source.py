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
    """Compose ``text``; syntax errors and duplicate keys end up in ``problems``."""
    import yaml

    source = YamlSource(file, None)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            source.places[()] = _place(file, node)
            source.data = _build(loader, node, (), source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourceLocation(file, mark.line + 1, mark.column + 1) if mark else SourceLocation(file, 1, 1)
        problem = exc.problem or str(exc)
        context = f" ({exc.context})" if exc.context and exc.context != problem else ""
        source.problems.append(codes.CONFIG_SYNTAX(
            f"the file is not valid YAML: {problem}{context}", location=where,
            hint="check the indentation and the ':' after each key at this line"))
        source.data = None
    except yaml.YAMLError as exc:  # e.g. a reader error (a control character) without a mark
        source.problems.append(codes.CONFIG_SYNTAX(f"the file is not valid YAML: {exc}",
                                                   location=SourceLocation(file, 1, 1)))
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
