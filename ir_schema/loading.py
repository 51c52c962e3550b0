"""Read a compiled spec file: one YAML document (PipelineSpec) or two (plus platform spec).

Reading goes through kfp_lite's bounded YAML reader (``kfp_lite.safe_yaml``, standard library
and PyYAML only), so a hostile file ends with a one-line reason instead of a hang.
"""

from __future__ import annotations

import os
from typing import Any, List, Union

from kfp_lite.safe_yaml import DuplicateKey, Loaded, YamlRefused, load_all, read_file


class SpecFileError(Exception):
    """The file cannot be read or is not YAML; the message says which and where.

    ``policy`` is True when the YAML is refused by kfp_lite's reading limits
    (docs/security.md) rather than being unreadable or invalid YAML.
    """

    def __init__(self, message: str, policy: bool = False) -> None:
        super().__init__(message)
        self.policy = policy


def load_spec_file(path: Union[str, os.PathLike[str]]) -> List[Any]:
    """The YAML documents of ``path`` (usually one or two), or :class:`SpecFileError`.

    Only the reading is judged here; whether the documents are a valid spec is for
    :func:`ir_schema.validate_documents`. A duplicate key is a :class:`SpecFileError`.
    """
    return read_spec_file(path, duplicates="refuse").documents


def read_spec_file(path: Union[str, os.PathLike[str]], duplicates: str = "collect") -> Loaded:
    """The documents of ``path`` and, with ``duplicates="collect"``, its duplicate keys."""
    name = os.fspath(path)
    try:
        data = read_file(path)
    except FileNotFoundError:
        raise SpecFileError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise SpecFileError(f"{name}: is a directory, not a spec file") from None
    except OSError as exc:
        raise SpecFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except YamlRefused as exc:
        raise _error(name, exc) from None
    return read_spec_text(data, name, duplicates)


def load_spec_text(data: Union[str, bytes], name: str = "<string>") -> List[Any]:
    """The YAML documents in ``data``; :class:`SpecFileError` when it is not YAML."""
    return read_spec_text(data, name, "refuse").documents


def read_spec_text(data: Union[str, bytes], name: str = "<string>",
                   duplicates: str = "collect") -> Loaded:
    try:
        return load_all(data, duplicates=duplicates)
    except YamlRefused as exc:
        raise _error(name, exc) from None


def _error(name: str, exc: YamlRefused) -> SpecFileError:
    where = f":{exc.line}" if exc.line is not None else ""
    where += f":{exc.column}" if exc.line is not None and exc.column is not None else ""
    return SpecFileError(f"{name}{where}: {exc.reason}", policy=exc.policy)


__all__ = ["DuplicateKey", "SpecFileError", "load_spec_file", "load_spec_text", "read_spec_file",
           "read_spec_text"]
