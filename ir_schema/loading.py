"""Read a compiled spec file: one YAML document (PipelineSpec) or two (plus platform spec)."""

from __future__ import annotations

import os
from typing import Any, List, Union


class SpecFileError(Exception):
    """The file cannot be read or is not YAML; the message says which and where."""


def load_spec_file(path: Union[str, os.PathLike[str]]) -> List[Any]:
    """The YAML documents of ``path`` (usually one or two), or :class:`SpecFileError`.

    Only the reading is judged here; whether the documents are a valid spec is for
    :func:`ir_schema.validate_documents`.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise SpecFileError(f"{os.fspath(path)}: no such file") from None
    except IsADirectoryError:
        raise SpecFileError(f"{os.fspath(path)}: is a directory, not a spec file") from None
    except OSError as exc:
        raise SpecFileError(f"{os.fspath(path)}: cannot be read ({exc.strerror or exc})") from None
    return load_spec_text(data, os.fspath(path))


def load_spec_text(data: Union[str, bytes], name: str = "<string>") -> List[Any]:
    """The YAML documents in ``data``; :class:`SpecFileError` when it is not YAML."""
    import yaml

    if isinstance(data, bytes):
        if b"\x00" in data:
            raise SpecFileError(f"{name}: is a binary file, not YAML")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SpecFileError(f"{name}: is not UTF-8 text (byte {exc.start})") from None
    else:
        text = data
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return list(yaml.load_all(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SpecFileError(f"{name}{where}: not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SpecFileError(f"{name}: not valid YAML: {exc}") from None
    except RecursionError:
        raise SpecFileError(f"{name}: nested too deeply to read") from None
