"""Serialize a lowered PipelineSpec to the exact text kfp writes, and write it atomically.

kfp writes ``yaml.dump_all(docs, sort_keys=True)`` with PyYAML's pure-Python emitter after a
``# PIPELINE DEFINITION`` comment header. libyaml's ``CSafeDumper`` is no substitute: it folds
long double-quoted scalars differently (a break at a space instead of an escaped ``\\`` line
continuation), so it disagrees with kfp on almost every lightweight component, and its
Python-side representer makes it slow on big documents anyway.

So this module has its own block-style emitter for the JSON-like data we produce (dicts,
lists, str, int, float, bool, None). The layout (indentation, indentless sequences, ``{}`` and
``[]`` for empty collections, line breaks) is reproduced here, and every scalar is rendered by
PyYAML's own pure-Python ``Emitter`` scalar writers, cached by value and position. Anything
outside the fast path (a key that cannot be a simple key, a non-string key) falls back to the
pure-Python dumper for the whole document, so the output is always byte-identical to it.
Shared sub-objects are written out in full, never as ``&id001`` anchors: kfp's documents come
from ``MessageToDict`` and never share objects.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from typing import Any, Dict, List, Optional, Tuple

from kfp_lite.ir_types import DISPLAY as _COMMENT_TYPES

__all__ = [
    "OutputWriteError",
    "OutputDirectoryMissing",
    "OutputPermissionDenied",
    "OutputIsADirectory",
    "render_header",
    "render_spec",
    "render_yaml",
    "write_output",
]

# ---------------------------------------------------------------------------------------------
# Comment header


_DESCRIPTION_CONTINUATION = "\n#              "
_USE_PIPELINE_INFO: Any = object()


def _signature_lines(definitions: Dict[str, Any], heading: str) -> List[str]:
    """One ``#    name: type [Default: v]`` line per parameter and artifact, sorted by name."""
    entries: List[Tuple[str, str]] = []
    for name, body in definitions.get("parameters", {}).items():
        ir_type = body.get("parameterType")
        try:
            line = f"#    {name}: {_COMMENT_TYPES[ir_type]}"
        except KeyError:
            raise ValueError(f"parameter {name!r} has unknown parameterType {ir_type!r}") from None
        if "defaultValue" in body:
            default = body["defaultValue"]
            shown = "'" + default + "'" if isinstance(default, str) else str(default)
            line += f" [Default: {shown}]"
        entries.append((name, line))
    for name, body in definitions.get("artifacts", {}).items():
        entries.append((name, f"#    {name}: {body['artifactType']['schemaTitle']}"))
    entries.sort(key=lambda entry: entry[0])  # stable: a parameter stays before an artifact
    return [heading] + [line for _, line in entries]


def render_header(pipeline_spec: Dict[str, Any], description: Optional[str] = None) -> str:
    """The ``# PIPELINE DEFINITION`` comment block kfp puts before the YAML."""
    lines = ["# PIPELINE DEFINITION", "# Name: " + pipeline_spec["pipelineInfo"]["name"]]
    if description:
        lines.append("# Description: " + _DESCRIPTION_CONTINUATION.join(description.splitlines()))
    root = pipeline_spec["root"]
    if "inputDefinitions" in root:
        lines.extend(_signature_lines(root["inputDefinitions"], "# Inputs:"))
    if "outputDefinitions" in root:
        lines.extend(_signature_lines(root["outputDefinitions"], "# Outputs:"))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# YAML body


class _Fallback(Exception):
    """The document needs a construct the fast path does not produce; use the pure dumper."""


class _Sink:
    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: List[str] = []

    def write(self, data: str) -> None:
        self.parts.append(data)

    def flush(self) -> None:
        pass


_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"


class _ScalarWriter:
    """Renders single scalars with PyYAML's pure-Python emitter, so quoting, escaping and
    folding are PyYAML's own, and caches the results."""

    def __init__(self) -> None:
        import yaml
        from yaml.emitter import Emitter
        from yaml.events import ScalarEvent
        from yaml.nodes import ScalarNode
        from yaml.resolver import Resolver

        self._sink = _Sink()
        self._emitter = Emitter(self._sink)
        self._emitter.tag_prefixes = dict(Emitter.DEFAULT_TAG_PREFIXES)
        self._resolver = Resolver()
        self._event_type = ScalarEvent
        self._node_type = ScalarNode
        self._representer = yaml.SafeDumper(None)  # only its float spelling is used
        # str value -> its rendering when it does not depend on the position, else None
        self.str_fixed: Dict[str, Optional[str]] = {}
        self.other_fixed: Dict[Tuple[str, str], Optional[str]] = {}
        # (text, tag, column, indent) -> rendering, for position-dependent scalars
        self.placed: Dict[Tuple[str, str, int, int], str] = {}
        self.keys: Dict[str, str] = {}
        self.keylines: Dict[int, Dict[str, str]] = {}

    def _event(self, text: str, tag: str) -> Any:
        resolve = self._resolver.resolve
        implicit = (
            tag == resolve(self._node_type, text, (True, False)),
            tag == resolve(self._node_type, text, (False, True)),
        )
        return self._event_type(None, tag, implicit, text)

    def _run(self, text: str, tag: str, column: int, indent: int, key: bool) -> str:
        """Emit one scalar the way the pure emitter does in a block mapping or sequence."""
        e = self._emitter
        e.event = self._event(text, tag)
        e.analysis = None
        e.style = None
        e.prepared_tag = None
        e.prepared_anchor = None
        e.flow_level = 0
        e.root_context = False
        e.sequence_context = False
        e.mapping_context = True
        e.simple_key_context = key
        e.column = column
        e.indent = indent
        e.whitespace = key  # keys start a line; values follow ':' or '-'
        e.indention = key
        if key and not e.check_simple_key():
            raise _Fallback
        style = e.choose_scalar_style()
        implicit = e.event.implicit
        if not ((style == "" and implicit[0]) or (style != "" and implicit[1])):
            raise _Fallback  # would need an explicit tag
        e.style = style
        self._sink.parts = []
        e.process_scalar()
        return "".join(self._sink.parts)

    def key(self, key: str) -> str:
        """Rendered simple key (without ':'), independent of its column."""
        try:
            return self.keys[key]
        except KeyError:
            pass
        if len(key) < 100 and _is_plain_safe(key):
            rendered = key
        else:
            rendered = self._run(key, _STR, 0, 0, True)
        self.keys[key] = rendered
        return rendered

    def value(self, text: str, tag: str, column: int, indent: int) -> str:
        """Rendered scalar value starting at ``column`` (after ':' or '-'), with its
        continuation lines indented by ``indent``."""
        if tag is _STR:
            known = self.str_fixed.get(text, False)
        else:
            known = self.other_fixed.get((text, tag), False)
        if known:
            return known
        where = (text, tag, column, indent)
        if known is None:  # position-dependent, seen before
            rendered = self.placed.get(where)
            if rendered is None:
                rendered = self._run(text, tag, column, indent, False)
                self.placed[where] = rendered
            return rendered
        if tag is _STR and _is_plain_safe(text):
            rendered = " " + text
        else:
            rendered = self._run(text, tag, column, indent, False)
            # plain and single-quoted scalars fold only at spaces and line breaks
            if " " in text or _has_break(text) or rendered[1:2] == '"':
                self.placed[where] = rendered
                rendered_fixed = None
            else:
                rendered_fixed = rendered
            if tag is _STR:
                self.str_fixed[text] = rendered_fixed
            else:
                self.other_fixed[(text, tag)] = rendered_fixed
            return rendered
        if tag is _STR:
            self.str_fixed[text] = rendered
        else:
            self.other_fixed[(text, tag)] = rendered
        return rendered

    def float_text(self, value: float) -> str:
        return self._representer.represent_float(value).value


# Strings that PyYAML always writes plain and unchanged: a letter, then letters, digits and
# ``_./+=-`` (no space, so no folding; none of them is an indicator after the first
# character), and not one of the words YAML 1.1 reads as bool or null. Base64 text (the
# embedded executor) is such a string, and skipping the emitter's analysis of its ~9 KB
# saves most of a one-task compile's emission time.
_PLAIN_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9_./+=-]*\Z").match
_RESERVED_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split()
)


def _is_plain_safe(text: str) -> bool:
    return _PLAIN_SAFE(text) is not None and text not in _RESERVED_WORDS


_BREAKS = ("\n", "\x85", "\u2028", "\u2029", "\r")


def _has_break(text: str) -> bool:
    return any(ch in text for ch in _BREAKS)


class _BlockEmitter:
    """Writes one document in PyYAML's default block style (indent 2, width 80)."""

    def __init__(self, writer: _ScalarWriter) -> None:
        self.writer = writer
        self.parts: List[str] = []
        # indent -> key -> "\n<indent spaces><rendered key>:"
        self.keylines: Dict[int, Dict[str, str]] = writer.keylines

    def keyline(self, key: Any, indent: int) -> str:
        if type(key) is not str:
            raise _Fallback
        line = "\n" + " " * indent + self.writer.key(key) + ":"
        self.keylines.setdefault(indent, {})[key] = line
        return line

    def scalar(self, value: Any, column: int, indent: int) -> str:
        """A non-str scalar value (after ':' or '-' at ``column``)."""
        kind = type(value)
        if kind is bool:
            return " true" if value else " false"
        if kind is int:
            return " " + str(value)
        if value is None:
            return " null"
        if kind is float:
            return self.writer.value(self.writer.float_text(value), _FLOAT, column, indent)
        raise TypeError(f"cannot emit a value of type {kind.__name__}: {value!r}")

    def mapping(self, data: Dict[Any, Any], indent: int, inline: bool) -> None:
        """Block mapping with keys at column ``indent``; ``inline``: the first key follows
        a '-' on the same line."""
        out = self.parts
        append = out.append
        writer = self.writer
        str_fixed = writer.str_fixed
        keylines = self.keylines.get(indent)
        if keylines is None:
            keylines = self.keylines[indent] = {}
        try:
            keys = sorted(data)
        except TypeError:
            raise _Fallback from None
        child = indent + 2
        for key in keys:
            line = keylines.get(key)
            if line is None:
                line = self.keyline(key, indent)
            column = len(line) - 1
            if inline:  # the first key shares the line of its '-'
                line = " " + line[indent + 1 :]
                inline = False
            value = data[key]
            kind = type(value)
            if kind is str:
                rendered = str_fixed.get(value)
                if rendered is None:
                    rendered = writer.value(value, _STR, column, child)
                if len(rendered) < 256:
                    append(line + rendered)
                else:  # keep one shared copy of a long cached rendering
                    append(line)
                    append(rendered)
            elif kind is dict:
                if value:
                    append(line)
                    self.mapping(value, child, False)
                else:
                    append(line + " {}")
            elif kind is list:
                if value:
                    append(line)
                    self.sequence(value, indent, False)  # indentless inside a mapping
                else:
                    append(line + " []")
            else:
                append(line + self.scalar(value, column, child))

    def sequence(self, data: List[Any], indent: int, inline: bool) -> None:
        """Block sequence with its dashes at column ``indent``."""
        out = self.parts
        append = out.append
        writer = self.writer
        str_fixed = writer.str_fixed
        dash = "\n" + " " * indent + "-"
        child = indent + 2
        column = indent + 1
        for item in data:
            if inline:  # the first item shares the line of the outer '-'
                line = " -"
                inline = False
            else:
                line = dash
            kind = type(item)
            if kind is str:
                rendered = str_fixed.get(item)
                if rendered is None:
                    rendered = writer.value(item, _STR, column, child)
                if len(rendered) < 256:
                    append(line + rendered)
                else:
                    append(line)
                    append(rendered)
            elif kind is dict:
                if item:
                    append(line)
                    self.mapping(item, child, True)
                else:
                    append(line + " {}")
            elif kind is list:
                if item:
                    append(line)
                    self.sequence(item, child, True)
                else:
                    append(line + " []")
            else:
                append(line + self.scalar(item, column, child))


def _check_types(value: Any) -> None:
    """Reject values the proto-JSON form never contains (the pure dumper would tag them)."""
    kind = type(value)
    if kind is dict:
        for item in value.values():
            _check_types(item)
    elif kind is list:
        for item in value:
            _check_types(item)
    elif kind not in (str, int, float, bool) and value is not None:
        raise TypeError(f"cannot emit a value of type {kind.__name__}: {value!r}")


def _pure_dump(documents: List[Dict[str, Any]]) -> str:
    import yaml

    class _NoAliasDumper(yaml.Dumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    for document in documents:
        _check_types(document)
    return yaml.dump_all(documents, Dumper=_NoAliasDumper, sort_keys=True)


def _render_parts(documents: List[Dict[str, Any]], parts: List[str]) -> None:
    """Append the YAML of ``documents`` to ``parts`` (one join at the end keeps memory low).

    The scalar caches live for one call: nothing is shared between threads or compiles.
    """
    writer = _ScalarWriter()
    start = len(parts)
    try:
        for index, document in enumerate(documents):
            if type(document) is not dict or not document:
                raise _Fallback
            block = _BlockEmitter(writer)
            block.parts = parts
            first = len(parts)
            if index:  # later documents follow an explicit '---'
                parts.append("---")
            block.mapping(document, 0, False)
            if not index:  # the first document starts at column 0, not on a new line
                parts[first] = parts[first][1:]
            parts.append("\n")
    except _Fallback:
        del parts[start:]
        parts.append(_pure_dump(documents))


def render_yaml(documents: List[Dict[str, Any]]) -> str:
    """``yaml.dump_all(documents, sort_keys=True)`` with the pure-Python dumper, but fast.

    Every document must be a dict of dicts, lists, str, int, float, bool and None.
    """
    parts: List[str] = []
    _render_parts(documents, parts)
    return "".join(parts)


def render_spec(
    pipeline_spec: Dict[str, Any],
    platform_spec: Optional[Dict[str, Any]] = None,
    *,
    description: Optional[str] = _USE_PIPELINE_INFO,
) -> str:
    """The whole file kfp 2.17.3 writes for these documents: header, then the YAML of the
    PipelineSpec and, when ``platform_spec`` has platforms, the PlatformSpec after ``---``.

    ``description`` defaults to ``pipelineInfo.description``. Pass it explicitly when
    compiling a lone component: kfp puts the component's description in the header but not
    in ``pipelineInfo``.
    """
    if description is _USE_PIPELINE_INFO:
        description = pipeline_spec.get("pipelineInfo", {}).get("description")
    documents = [pipeline_spec]
    if platform_spec and platform_spec.get("platforms"):
        documents.append(platform_spec)
    parts = [render_header(pipeline_spec, description)]
    _render_parts(documents, parts)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Atomic output


class OutputWriteError(OSError):
    """The compiled spec could not be written; ``str()`` is a complete user-facing sentence."""

    def __init__(self, path: str, reason: str, code: int = 0) -> None:
        super().__init__(code, reason, path)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path!r}: {self.reason}"


class OutputDirectoryMissing(OutputWriteError, FileNotFoundError):
    """The directory that should hold the output does not exist."""


class OutputPermissionDenied(OutputWriteError, PermissionError):
    """No permission to create or replace the output."""


class OutputIsADirectory(OutputWriteError, IsADirectoryError):
    """The output path names a directory."""


def _translate(path: str, exc: OSError) -> OutputWriteError:
    if isinstance(exc, OutputWriteError):
        return exc
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputPermissionDenied(path, f"permission denied ({reason})", exc.errno)
    if exc.errno == errno.EISDIR:
        return OutputIsADirectory(path, "it is a directory", exc.errno)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        parent = os.path.dirname(path) or "."
        return OutputDirectoryMissing(path, f"directory {parent!r} does not exist", exc.errno)
    return OutputWriteError(path, reason, exc.errno or 0)


def _make_temp(directory: str, prefix: str) -> Tuple[int, str]:
    """A new private file beside the target, as ``tempfile.mkstemp`` makes one; written here
    because importing ``tempfile`` (random, shutil, the compression modules) costs start-up."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = os.path.join(directory, prefix + os.urandom(6).hex() + ".tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", directory)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def _write_encoded(handle: Any, text: str, chunk: int = 1 << 20) -> None:
    """UTF-8 in slices, so a 100 MB spec is not copied whole into bytes."""
    for begin in range(0, len(text), chunk):
        handle.write(text[begin : begin + chunk].encode("utf-8"))


def write_output(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that a failure never leaves a partial file.

    ``-`` writes to standard output. An existing special file (``/dev/null``, a FIFO) is
    written directly. Otherwise the text goes to a temporary file in the same directory,
    which then replaces ``path`` (following a symlink to its target), keeping the permission
    bits of the file it replaces. Raises an :class:`OutputWriteError` subclass.
    """
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        existing: Optional[os.stat_result] = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _translate(path, exc) from exc
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise OutputIsADirectory(path, "it is a directory", errno.EISDIR)
        if not stat.S_ISREG(existing.st_mode):
            try:
                with open(target, "wb") as special:
                    _write_encoded(special, text)
            except OSError as exc:
                raise _translate(path, exc) from exc
            return
    directory = os.path.dirname(target) or "."
    if not os.path.isdir(directory):
        raise OutputDirectoryMissing(path, f"directory {directory!r} does not exist", errno.ENOENT)
    try:
        fd, temp = _make_temp(directory, "." + os.path.basename(target) + ".")
    except OSError as exc:
        raise _translate(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_encoded(handle, text)
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _translate(path, exc) from exc
        raise
