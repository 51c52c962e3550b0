"""Materializers: how a typed Python value is stored as a plain KFP artifact and read back.

A component may annotate an input or a return value with a type that is not a KFP parameter
type (``pandas.DataFrame``, ``numpy.ndarray``, ``bytes``, ``pathlib.Path``, ...). The compiler
makes it an artifact (``system.Dataset`` or ``system.Artifact``) and ships, next to the
function, the source of the materializer classes it needs and a generated wrapper that loads
the inputs and saves the outputs (see ``compiler/materialized_source.py``). This module is
therefore written to be shipped: standard library only, every third-party import inside the
method that needs it, each class self-contained.

See docs/materializers.md for the user's side.
"""

from __future__ import annotations

from typing import Any, Optional


class Materializer:
    """Base class: save a value to an artifact path and load it back.

    ``types`` lists the Python types handled, as classes or dotted names
    (``"pandas.DataFrame"``) so that kfp_lite never imports the library itself.
    ``artifact_type`` is the artifact's schema title. ``implicit`` says whether an annotation
    alone selects this materializer; an explicit one (pickle) must be named per component.
    ``save`` may return extra metadata recorded on the artifact (e.g. the file format).
    """

    types: tuple = ()
    artifact_type = "system.Artifact"
    implicit = True

    def save(self, value: Any, path: str) -> Optional[dict]:
        raise NotImplementedError

    def load(self, path: str) -> Any:
        raise NotImplementedError


class BytesMaterializer(Materializer):
    """``bytes``: the raw bytes, as one file."""

    types = (bytes,)

    def save(self, value: Any, path: str) -> Optional[dict]:
        with open(path, "wb") as handle:
            handle.write(bytes(value))
        return None

    def load(self, path: str) -> Any:
        with open(path, "rb") as handle:
            return handle.read()


class TextMaterializer(Materializer):
    """``str`` as a UTF-8 file; only through ``dsl.Materialized[str]`` (a plain str is a parameter)."""

    types = (str,)
    implicit = False

    def save(self, value: Any, path: str) -> Optional[dict]:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(str(value))
        return None

    def load(self, path: str) -> Any:
        with open(path, encoding="utf-8") as handle:
            return handle.read()


class PathMaterializer(Materializer):
    """``pathlib.Path``: a file is copied to the artifact path, a folder copied as the folder."""

    types = ("pathlib.Path", "pathlib.PurePath")

    def save(self, value: Any, path: str) -> Optional[dict]:
        import os
        import shutil

        if os.path.isdir(str(value)):
            if os.path.exists(path):
                shutil.rmtree(path)
            shutil.copytree(str(value), path)
            return {"path_kind": "folder"}
        shutil.copyfile(str(value), path)
        return {"path_kind": "file"}

    def load(self, path: str) -> Any:
        import pathlib

        return pathlib.Path(path)


class DataFrameMaterializer(Materializer):
    """``pandas.DataFrame``: a folder with ``data.parquet`` (pyarrow importable) or ``data.csv``."""

    types = ("pandas.DataFrame",)
    artifact_type = "system.Dataset"

    def save(self, value: Any, path: str) -> Optional[dict]:
        import os

        os.makedirs(path, exist_ok=True)
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            value.to_csv(os.path.join(path, "data.csv"), index=False)
            return {"format": "csv"}
        value.to_parquet(os.path.join(path, "data.parquet"))
        return {"format": "parquet"}

    def load(self, path: str) -> Any:
        import os

        import pandas

        parquet = os.path.join(path, "data.parquet")
        if os.path.exists(parquet):
            return pandas.read_parquet(parquet)
        return pandas.read_csv(os.path.join(path, "data.csv"))


class NumpyMaterializer(Materializer):
    """``numpy.ndarray``: one ``.npy`` file (no pickled objects)."""

    types = ("numpy.ndarray",)
    artifact_type = "system.Dataset"

    def save(self, value: Any, path: str) -> Optional[dict]:
        import numpy

        with open(path, "wb") as handle:
            numpy.save(handle, value, allow_pickle=False)
        return {"format": "npy"}

    def load(self, path: str) -> Any:
        import numpy

        with open(path, "rb") as handle:
            return numpy.load(handle, allow_pickle=False)


class PickleMaterializer(Materializer):
    """Any value, pickled. Never chosen implicitly: loading a pickle runs code of its writer."""

    types = (object,)
    implicit = False

    def save(self, value: Any, path: str) -> Optional[dict]:
        import pickle

        with open(path, "wb") as handle:
            pickle.dump(value, handle)
        return {"format": "pickle"}

    def load(self, path: str) -> Any:
        import pickle

        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - explicit opt-in, documented


BUILTIN_MATERIALIZERS: tuple = (BytesMaterializer, PathMaterializer, DataFrameMaterializer,
                                NumpyMaterializer)


def kfp_lite_load(materializer: Any, artifact: Any) -> Any:
    """Read an input artifact's value (shipped with the generated wrapper)."""
    if artifact is None:
        return None
    return materializer().load(artifact.path)


def kfp_lite_save(materializer: Any, value: Any, artifact: Any) -> None:
    """Write an output value and record how it was stored (shipped with the wrapper)."""
    kind = type(value)
    extra = materializer().save(value, artifact.path) or {}
    # the public spelling (pandas.DataFrame, pathlib.PosixPath), the same on every Python
    package = kind.__module__.split(".")[0]
    artifact.metadata.update({"materializer": materializer.__name__,
                              "python_type": package + "." + kind.__qualname__})
    artifact.metadata.update(extra)
