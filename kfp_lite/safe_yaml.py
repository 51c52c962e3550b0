"""The one YAML reader of kfp_lite: bounded work on any input, however hostile.

Every YAML the tools read (compiled specs, run configuration files, ``-p`` values, component
files) goes through :func:`load_all` or :func:`compose_all`, which enforce one policy
(docs/security.md):

- at most :data:`MAX_BYTES` bytes (256 MiB, ``KFP_LITE_YAML_MAX_BYTES`` changes it); a file is
  judged by its size before it is read, a stream is read no further than the limit;
- UTF-8 text without NUL bytes;
- nesting at most :data:`MAX_DEPTH` (100) collections deep, the depth protobuf's JSON parser
  accepts (compiled specs nest about 15 deep);
- anchors and aliases are allowed, but aliases may add at most :data:`ALIAS_BUDGET` nodes to a
  document once expanded (a 300-byte "billion laughs" would add a billion), and an alias to
  a collection that contains it (``x: &r [*r]``) is refused;
- numbers are at most :data:`MAX_NUMBER_CHARS` characters long (no million-digit integers);
- duplicate keys in a mapping are found with their line; the caller refuses them or, for
  ``kfp-lite validate``, reports them.

Events come from libyaml's C parser when PyYAML has it (the pure-Python parser otherwise); the
composer here is iterative, so no input can exhaust the Python stack. This module imports only
the standard library and PyYAML, so every layer (``ir_schema`` included) can use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Optional, Union

from kfp_lite.collector import paused

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 100
ALIAS_BUDGET = 100_000
MAX_NUMBER_CHARS = 100

_CHUNK = 1 << 20
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class YamlRefused(Exception):
    """The input is not YAML, or is YAML this reader refuses; the message says which and where.

    ``line``/``column`` are 1-based (None when the problem has no place); ``policy`` is True
    for the limits above and False for plain syntax errors.
    """

    def __init__(self, reason: str, line: Optional[int] = None, column: Optional[int] = None,
                 *, policy: bool = True, hint: Optional[str] = None) -> None:
        where = f"line {line}: " if line is not None else ""
        super().__init__(where + reason)
        self.reason = reason
        self.line = line
        self.column = column
        self.policy = policy
        self.hint = hint


@dataclass(frozen=True)
class DuplicateKey:
    """A key given twice in one mapping: YAML would silently keep the last value."""

    key: str
    path: str  # the mapping's place, dotted ('root.dag.tasks'); '' for the top level
    line: int
    column: int
    first_line: int
    document: int = 1

    def describe(self) -> str:
        where = f" in {self.path}" if self.path else ""
        return f"the key '{self.key}' is given twice{where} (first at line {self.first_line})"


@dataclass
class Loaded:
    """The documents of a YAML stream and the duplicate keys found in them."""

    documents: list[Any]
    duplicates: list[DuplicateKey] = field(default_factory=list)


def max_bytes() -> int:
    """The size limit in force: :data:`MAX_BYTES` unless ``KFP_LITE_YAML_MAX_BYTES`` says."""
    text = os.environ.get("KFP_LITE_YAML_MAX_BYTES", "")
    return int(text) if text.isdigit() and int(text) > 0 else MAX_BYTES


def read_file(path: Union[str, os.PathLike]) -> bytes:
    """The bytes of ``path``, refusing files over the limit before reading them.

    Devices and pipes are read in chunks no further than the limit; OSError passes through.
    """
    limit = max_bytes()
    with open(path, "rb") as handle:
        return read_stream(handle, limit)


def read_stream(handle: BinaryIO, limit: Optional[int] = None) -> bytes:
    limit = max_bytes() if limit is None else limit
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        size = 0
    if size > limit:
        raise YamlRefused(_too_big(size, limit))
    chunks = []
    total = 0
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        if b"\x00" in chunk:
            raise _nul(b"".join(chunks) + chunk)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise YamlRefused(_too_big(limit, limit, at_least=True))
    return b"".join(chunks)


def to_text(data: Union[str, bytes]) -> str:
    """Decoded, NUL-free text within the size limit, or :class:`YamlRefused`."""
    limit = max_bytes()
    if isinstance(data, bytes):
        if len(data) > limit:
            raise YamlRefused(_too_big(len(data), limit))
        if b"\x00" in data:
            raise _nul(data)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise YamlRefused(f"not UTF-8 text (byte {exc.start})", line, policy=False) from None
    if len(data) > limit:
        raise YamlRefused(_too_big(len(data), limit))
    if "\x00" in data:
        raise _nul(data)
    return data


def load_all(data: Union[str, bytes], *, duplicates: str = "refuse", mapping_hook: Any = None) -> Loaded:
    """All documents of ``data`` as plain Python values, under the policy above.

    ``duplicates``: ``"refuse"`` raises at the first duplicate key, ``"collect"`` returns them
    in :attr:`Loaded.duplicates` (the last value wins, as in PyYAML). ``mapping_hook(dict,
    node)`` is called for every mapping built, e.g. to remember its line.
    """
    text = to_text(data)
    loader = _loader(text, duplicates)
    if mapping_hook is not None:
        loader.mapping_hook = mapping_hook
    try:
        with paused():  # millions of new containers would trigger ever longer full collections
            documents = []
            for node in loader.nodes():
                documents.append(None if node is None else loader.construct_document(node))
        return Loaded(documents, loader.found_duplicates)
    except YamlRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser or constructor failure is the input's
        raise _refusal(exc) from None
    finally:
        loader.dispose()


def load_one(data: Union[str, bytes], *, duplicates: str = "refuse") -> Any:
    """The single document of ``data`` (None when empty); more than one is refused."""
    documents = load_all(data, duplicates=duplicates).documents
    if len(documents) > 1:
        raise YamlRefused(f"expected one YAML document, found {len(documents)}", policy=False)
    return documents[0] if documents else None


def compose_all(data: Union[str, bytes], *, duplicates: str = "refuse") -> tuple[Any, list[Any]]:
    """``(loader, nodes)``: the checked node trees, for callers that need every node's mark.

    Build values with ``loader.construct_object(node, deep=True)``; call ``loader.dispose()``.
    """
    text = to_text(data)
    loader = _loader(text, duplicates)
    try:
        return loader, list(loader.nodes())
    except YamlRefused:
        loader.dispose()
        raise
    except Exception as exc:  # noqa: BLE001
        loader.dispose()
        raise _refusal(exc) from None


def uses_libyaml() -> bool:
    """True when events come from libyaml's C parser."""
    return _classes()[0] is not _classes()[1]


# -- internals ---------------------------------------------------------------------------------


def _too_big(size: int, limit: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (f"the file is too large to read ({more}{size:,} bytes, the limit is {limit:,}); "
            "set KFP_LITE_YAML_MAX_BYTES to read larger files")


def _nul(data: Union[str, bytes]) -> YamlRefused:
    index = data.index(b"\x00" if isinstance(data, bytes) else "\x00")
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, index) + 1  # type: ignore[arg-type]
    return YamlRefused(f"a NUL byte at offset {index}: this is a binary file, not YAML text", line)


def describe_error(exc: BaseException) -> YamlRefused:
    """A PyYAML (or constructor) exception as a :class:`YamlRefused` with its place."""
    return _refusal(exc)


def _refusal(exc: BaseException) -> YamlRefused:
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit (1,000)
            line = mark.line + 1 if mark is not None else None
            return YamlRefused(f"nested more than {MAX_DEPTH} levels deep", line)
        problem = " ".join(str(exc.problem or exc).split())
        context = f" ({exc.context})" if exc.context and exc.context != exc.problem else ""
        if mark is not None:
            return YamlRefused(f"not valid YAML: {problem}{context}", mark.line + 1, mark.column + 1,
                               policy=False)
        return YamlRefused(f"not valid YAML: {problem}{context}", policy=False)
    if isinstance(exc, (RecursionError, MemoryError)):
        return YamlRefused(f"cannot be read ({type(exc).__name__})")
    detail = " ".join(str(exc).split())
    return YamlRefused(f"not valid YAML: {detail}", policy=False)


def _loader(text: str, duplicates: str, pure: bool = False) -> Any:
    return _classes()[1 if pure else 0](text, duplicates)


_CLASSES: list = []


def _classes() -> list:
    """The two loader classes, made once (PyYAML is imported lazily)."""
    if _CLASSES:
        return _CLASSES
    import yaml
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _Constructor(SafeConstructor):
        mapping_hook: Any = None

        def construct_yaml_int(self, node: Any) -> Any:
            _check_number(node)
            return super().construct_yaml_int(node)

        def construct_yaml_float(self, node: Any) -> Any:
            _check_number(node)
            return super().construct_yaml_float(node)

        def construct_yaml_map(self, node: Any) -> Any:
            data: dict = {}
            if self.mapping_hook is not None:
                self.mapping_hook(data, node)
            yield data
            data.update(self.construct_mapping(node))

    for tag, method in ((_INT, "construct_yaml_int"), (_FLOAT, "construct_yaml_float"),
                        (_MAP, "construct_yaml_map")):
        _Constructor.add_constructor(tag, getattr(_Constructor, method))

    class _Composer(Composer):
        def __init__(self, duplicates: str) -> None:
            Composer.__init__(self)
            self.duplicates_mode = duplicates
            self.found_duplicates: list[DuplicateKey] = []
            self.document_number = 0
            self.tag_cache: dict = {}

        def nodes(self) -> Any:
            from yaml.events import StreamEndEvent

            self.get_event()  # stream start
            while not self.check_event(StreamEndEvent):
                self.document_number += 1
                yield _compose_document(self)
            self.get_event()

    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml: the pure-Python parser
        CParser = None

    class _PureLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Composer,
                      _Constructor, Resolver):
        def __init__(self, text: str, duplicates: str) -> None:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _Constructor.__init__(self)
            Resolver.__init__(self)
            _Composer.__init__(self, duplicates)

    if CParser is None:
        _CLASSES.extend([_PureLoader, _PureLoader])
        return _CLASSES

    class _CLoader(_Composer, CParser, _Constructor, Resolver):
        def __init__(self, text: str, duplicates: str) -> None:
            CParser.__init__(self, text)
            _Constructor.__init__(self)
            Resolver.__init__(self)
            _Composer.__init__(self, duplicates)

    _CLASSES.extend([_CLoader, _PureLoader])
    return _CLASSES


def _check_number(node: Any) -> None:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise YamlRefused(
            f"a number of {len(node.value):,} characters (at most {MAX_NUMBER_CHARS} are read)",
            node.start_mark.line + 1, node.start_mark.column + 1,
            hint="quote it to make it a string")


@dataclass
class _Frame:
    node: Any
    label: Any  # the key or index under which the node sits in its parent
    keys: Optional[dict] = None  # mapping frames: key identity -> first line
    pending: Any = None  # mapping frames: a key node waiting for its value
    size: int = 1  # nodes in this subtree once aliases are expanded


def _compose_document(loader: Any) -> Any:
    """One document's node tree, built without recursion and checked against the policy."""
    from yaml.events import (
        AliasEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    get_event = loader.get_event
    get_event()  # document start
    anchors: dict[str, tuple[Any, Optional[int]]] = {}  # name -> (node, size; None while open)
    open_anchors: dict[int, str] = {}
    stack: list[_Frame] = []
    tag_cache = loader.tag_cache
    extra = 0  # nodes added by expanding aliases
    root = None
    while True:
        event = get_event()
        kind = event.__class__
        size = 1
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                cache_key = (event.value, event.implicit)
                tag = tag_cache.get(cache_key)
                if tag is None:
                    tag = loader.resolve(ScalarNode, event.value, event.implicit)
                    if len(tag_cache) < 100_000:
                        tag_cache[cache_key] = tag
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if event.anchor is not None:
                anchors[event.anchor] = (node, 1)
        elif kind is AliasEvent:
            entry = anchors.get(event.anchor)
            if entry is None:
                raise YamlRefused(f"not valid YAML: the alias *{event.anchor} names no anchor",
                                  event.start_mark.line + 1, event.start_mark.column + 1, policy=False)
            node, size = entry
            if size is None:
                raise YamlRefused(
                    f"the alias *{event.anchor} is inside the collection &{event.anchor} it refers to "
                    "(a recursive alias)", event.start_mark.line + 1, event.start_mark.column + 1,
                    hint="write the data out; kfp_lite does not read self-referencing YAML")
            extra += size - 1
            if extra > ALIAS_BUDGET:
                raise YamlRefused(
                    f"aliases expand this document by more than {ALIAS_BUDGET:,} nodes "
                    f"(at *{event.anchor})", event.start_mark.line + 1, event.start_mark.column + 1,
                    hint="an alias bomb? write the repeated data out, or use fewer aliases")
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise YamlRefused(f"nested more than {MAX_DEPTH} levels deep",
                                  event.start_mark.line + 1, event.start_mark.column + 1)
            tag = event.tag
            is_map = kind is MappingStartEvent
            if tag is None or tag == "!":
                tag = _MAP if is_map else _SEQ
            node = (MappingNode if is_map else SequenceNode)(
                tag, [], event.start_mark, None, flow_style=event.flow_style)
            if event.anchor is not None:
                anchors[event.anchor] = (node, None)
                open_anchors[id(node)] = event.anchor
            stack.append(_Frame(node, _label(stack), {} if is_map else None))
            continue
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            frame = stack.pop()
            node = frame.node
            node.end_mark = event.end_mark
            if frame.pending is not None:  # cannot happen with a well-formed event stream
                raise YamlRefused("not valid YAML: a key without a value", policy=False)
            size = frame.size
            name = open_anchors.pop(id(node), None)
            if name is not None:
                anchors[name] = (node, size)
        else:
            raise YamlRefused(f"not valid YAML: unexpected {kind.__name__}", policy=False)
        if not stack:
            root = node
            break
        _attach(loader, stack, node, size)
    get_event()  # document end
    return root


def _label(stack: list[_Frame]) -> Any:
    if not stack:
        return None
    parent = stack[-1]
    if parent.keys is None:
        return len(parent.node.value)
    if parent.pending is None:
        return "<key>"
    return parent.pending.value if isinstance(parent.pending.value, str) else "<key>"


def _attach(loader: Any, stack: list[_Frame], node: Any, size: int) -> None:
    parent = stack[-1]
    parent.size += size
    if parent.keys is None:
        parent.node.value.append(node)
        return
    if parent.pending is None:
        parent.pending = node
        return
    key = parent.pending
    parent.pending = None
    parent.node.value.append((key, node))
    if key.tag == _MERGE or not isinstance(key.value, str):
        return
    identity = (key.tag, key.value)
    first = parent.keys.get(identity)
    if first is None:
        parent.keys[identity] = key.start_mark.line + 1
        return
    duplicate = DuplicateKey(
        key.value, _path(stack), key.start_mark.line + 1, key.start_mark.column + 1, first,
        loader.document_number)
    if loader.duplicates_mode == "refuse":
        raise YamlRefused(duplicate.describe(), duplicate.line, duplicate.column,
                          hint="keep one of them; YAML would silently use the last")
    loader.found_duplicates.append(duplicate)


def _path(stack: list[_Frame]) -> str:
    text = ""
    for frame in stack[1:]:
        label = frame.label
        if isinstance(label, int):
            text += f"[{label}]"
        else:
            text += ("." if text else "") + str(label)
    return text
