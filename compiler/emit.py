"""Serialize a lowered PipelineSpec to the exact text kfp writes, and write it atomically.

kfp writes ``yaml.dump_all(docs, sort_keys=True)`` with PyYAML's pure-Python emitter after a
``# PIPELINE DEFINITION`` comment header. libyaml's ``CSafeDumper`` is no substitute: it folds
long double-quoted scalars differently (a break at a space instead of an escaped ``\\`` line
continuation), so it disagrees with kfp on almost every lightweight component. The pure
emitter itself is slow (an event per node, every scalar analysed character by character),
and importing PyYAML costs several milliseconds of regular-expression compiles.

So this module writes the block layout itself for the JSON-like data we produce (dicts,
lists, str, int, float, bool, None): keys sorted, indent 2, sequences inside a mapping not
indented, ``{}`` and ``[]`` for empty collections, an item's mapping on the line of its
``-``. The text of each scalar comes from :mod:`.yaml_scalars`, our own statement of
PyYAML's rules for quoting, escaping and folding, cached for one render by value (and by
column and indent where a long value folds). Compiling never imports PyYAML. A document
outside what that module covers (a key PyYAML would write as a complex ``? key``, a
non-string key, an empty document) goes whole to PyYAML's pure dumper, imported only then.
The tests hold the output to the pure dumper on generated documents and on every golden
file. Shared sub-objects are written out in full, never as ``&id001`` anchors: kfp's
documents come from ``MessageToDict`` and never share objects.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

from kfp_lite.ir_types import DISPLAY as _COMMENT_TYPES

from .yaml_scalars import KEY_LIMIT, WIDTH, float_text, key_text, plain_at_any_column, value_text

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


class _Scalars:
    """String values rendered by :mod:`.yaml_scalars`, cached for one render.

    Most renderings are the same wherever the value stands (``anywhere``, the one lookup
    of the hot loop). Text with spaces or escapes folds once it passes column 80, so its
    rendering holds up to a last column (``bounded``); multi-line renderings depend on the
    column and the indent (``placed``).
    """

    __slots__ = ("anywhere", "bounded", "placed")

    def __init__(self) -> None:
        self.anywhere: Dict[str, str] = {}
        self.bounded: Dict[str, Tuple[str, int]] = {}
        self.placed: Dict[Tuple[str, int, int], str] = {}

    def value(self, text: str, column: int, indent: int) -> str:
        """``text`` after an indicator ending at ``column``, continuation lines at ``indent``."""
        rendered = self.anywhere.get(text)
        if rendered is not None:
            return rendered
        if plain_at_any_column(text):
            rendered = self.anywhere[text] = " " + text
            return rendered
        known = self.bounded.get(text)
        if known is not None and column <= known[1]:
            return known[0]
        where = (text, column, indent)
        rendered = self.placed.get(where)
        if rendered is not None:
            return rendered
        rendered = value_text(text, column, indent)
        if "\n" in rendered:
            self.placed[where] = rendered
        elif " " in text or rendered[1] == '"':
            # unfolded here, so also at any column to the left, and wherever it ends by 80
            limit = max(column, WIDTH - len(rendered))
            if known is None or known[1] < limit:
                self.bounded[text] = (rendered, limit)
        else:  # no place to fold: plain or single-quoted text without spaces
            self.anywhere[text] = rendered
        return rendered


class _Level:
    """What is written at one indent: the line of each key, the line start of a sequence
    item, and the next level in."""

    __slots__ = ("indent", "prefix", "dash", "lines", "items", "inner", "words")

    def __init__(self, indent: int, words: Dict[str, str]) -> None:
        self.indent = indent
        self.prefix = "\n" + " " * indent
        self.dash = self.prefix + "-"
        # key -> line break, spaces, rendered key and ":" (a plain dict: a subclass's lookups
        # are much slower, and this is the lookup of every key of the document)
        self.lines: Dict[str, str] = {}
        # str sequence items at this level: all stand at the same column and indent
        self.items: Dict[str, str] = {}
        self.inner: Optional[_Level] = None
        # the render's renderings that hold anywhere; most keys are also values (a task's
        # name is a key of ``tasks`` and the value of its ``taskInfo``), so they share them
        self.words = words

    def key_line(self, key: Any) -> str:
        """The line of a key not written at this level before."""
        if type(key) is not str:
            raise _Fallback
        known = self.words.get(key)
        if known is not None and 0 < len(key) <= KEY_LIMIT:
            text: Optional[str] = known[1:]  # without the separating space
        else:
            text = key_text(key)
            if text is None:  # not a simple key: PyYAML writes '? key'
                raise _Fallback
            if " " not in key and text[0] != '"':  # nowhere to fold as a value either
                self.words[key] = " " + text
        line = self.lines[key] = self.prefix + text + ":"
        return line

    def deeper(self) -> _Level:
        if self.inner is None:
            self.inner = _Level(self.indent + 2, self.words)
        return self.inner


def _other_scalar(value: Any) -> str:
    """A value that is not a str, dict or list, with its separating space."""
    kind = type(value)
    if kind is bool:
        return " true" if value else " false"
    if kind is int:
        return " " + str(value)
    if value is None:
        return " null"
    if kind is float:
        # every float spelling (1.5, 1.0e+20, -.inf, .nan) is plain text that reads back as a
        # float, so it never needs quotes or a tag
        return " " + float_text(value)
    raise TypeError(f"cannot emit a value of type {kind.__name__}: {value!r}")


def _block_writer(parts: List[str]) -> Callable[[Dict[Any, Any]], None]:
    """A function that appends one document, in PyYAML's default block style (indent 2,
    width 80), to ``parts``.

    Every key and sequence item starts a part with its line break and indentation. A mapping
    or sequence that is an item of a sequence starts on the line of its ``-``: its first
    line's indentation is replaced by the dash afterwards (both are ``indent + 2`` wide).

    ``mapping`` and ``sequence`` run once per mapping and sequence of the document (tens of
    thousands in a big pipeline, most of them one key), so they are closures over what they
    share, do one lookup per key and nothing that only some values need.
    """
    append = parts.append
    scalars = _Scalars()
    anywhere = scalars.anywhere
    placed_value = scalars.value
    # keys in insertion order -> the same keys sorted: a spec has few shapes of mapping (every
    # task's keys come in the same order), and a lookup costs a fraction of a sort
    orders: Dict[Tuple[Any, ...], List[Any]] = {}

    def mapping(data: Dict[Any, Any], level: _Level) -> None:
        inner = level.inner
        if inner is None:
            inner = level.deeper()
        if len(data) == 1:
            keys: Any = data
        else:
            shape = tuple(data)
            keys = orders.get(shape)
            if keys is None:
                try:
                    keys = orders[shape] = sorted(data)
                except TypeError:
                    raise _Fallback from None
        lines = level.lines
        for key in keys:
            line = lines.get(key)
            if line is None:
                line = level.key_line(key)
            value = data[key]
            kind = type(value)
            if kind is dict:
                if value:
                    append(line)
                    mapping(value, inner)
                else:
                    append(line + " {}")
            elif kind is str:
                rendered = anywhere.get(value)  # the one lookup most values need
                if rendered is None:
                    rendered = placed_value(value, len(line) - 1, inner.indent)
                append(line)
                append(rendered)  # not concatenated: cheaper, and a long text stays shared
            elif kind is list:
                if value:
                    append(line)
                    sequence(value, level)  # indentless inside a mapping
                else:
                    append(line + " []")
            elif kind is bool:
                append(line + (" true" if value else " false"))
            else:
                append(line + _other_scalar(value))

    def sequence(data: List[Any], level: _Level) -> None:
        inner = level.inner
        if inner is None:
            inner = level.deeper()
        dash = level.dash
        column = level.indent + 1
        items = level.items
        for item in data:
            kind = type(item)
            if kind is str:
                rendered = items.get(item)
                if rendered is None:
                    rendered = items[item] = placed_value(item, column, inner.indent)
                append(dash)
                append(rendered)
            elif (kind is dict or kind is list) and item:
                first = len(parts)
                if kind is dict:
                    mapping(item, inner)
                else:
                    sequence(item, inner)
                parts[first] = dash + " " + parts[first][column + 2 :]
            elif kind is dict:
                append(dash + " {}")
            elif kind is list:
                append(dash + " []")
            else:
                append(dash + _other_scalar(item))

    top = _Level(0, anywhere)

    def document(data: Dict[Any, Any]) -> None:
        mapping(data, top)

    return document


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
    write = _block_writer(parts)
    start = len(parts)
    try:
        for index, document in enumerate(documents):
            if type(document) is not dict or not document:
                raise _Fallback
            first = len(parts)
            if index:  # later documents follow an explicit '---'
                parts.append("---")
            write(document)
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
