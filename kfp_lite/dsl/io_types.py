"""The type model of component inputs and outputs.

A component input or output is either a *parameter* (a JSON value with an IR
``parameterType``) or an *artifact* (a ``schemaTitle@schemaVersion``, possibly a list).
Parameter types keep the type text kfp's SDK derives from the annotation
(``Integer``, ``typing.List[int]``, ``List[String]``...) because loop-item typing and CEL
rendering depend on it, exactly as in kfp.
"""

from __future__ import annotations

import functools
import re
import typing
from dataclasses import dataclass
from typing import Any, Optional

from kfp_lite import ir_types
from kfp_lite.ir_types import PYTHON_TYPE_TEXT, parameter_type_of

from .types import ARTIFACT_CLASSES, Artifact, PipelineTaskFinalStatus, TaskConfig

# patterns compiled on first use (re caches them): loops and custom artifacts need them, most
# compiles never do
_ITEM_TYPE = r"(typing\.)?(?:\w+)(?:\[(?P<item_type>.+)\])"
_VALUE_TYPE = r"(typing\.)?(?:\w+)(?:\[\s*(?:\w+)\s*,\s*(?P<value_type>.+)\])"
_SCHEMA_TITLE = r"^[a-z][a-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$"


def list_item_type(type_text: str) -> Optional[str]:
    """``typing.List[int]`` -> ``int``: the type of a loop item over a list parameter."""
    match = re.match(_ITEM_TYPE, type_text)
    return match["item_type"].strip() if match else None


def dict_value_type(type_text: str) -> Optional[str]:
    """``Dict[str, int]`` -> ``int``: the type of a loop item's field."""
    match = re.match(_VALUE_TYPE, type_text)
    return match["value_type"].strip() if match else None


@dataclass(frozen=True)
class IOType:
    """The type of one input or output: a parameter type text or an artifact type."""

    type_text: str  # 'Integer', 'typing.List[int]', or 'system.Dataset@0.0.1'
    is_artifact: bool = False
    is_list: bool = False  # a list of artifacts

    # cached on the instance: the checks and the lowering ask a shared input type thousands of
    # times (a frozen dataclass still has a __dict__, where cached_property stores the value)
    @functools.cached_property
    def parameter_type(self) -> Optional[str]:
        return None if self.is_artifact else parameter_type_of(self.type_text)

    @functools.cached_property
    def schema_title(self) -> str:
        return self.type_text.split("@")[0]

    @functools.cached_property
    def schema_version(self) -> str:
        return self.type_text.split("@")[1]

    def display(self) -> str:
        """How messages name this type: ``int``, ``list``, ``system.Dataset``, ``List[system.Model]``."""
        if self.is_artifact:
            return f"List[{self.schema_title}]" if self.is_list else self.schema_title
        ir = self.parameter_type
        return ir_types.display_name(ir, self.type_text)

    def display_with_article(self) -> str:
        """``an int``, ``a float``, ``a system.Dataset``: for hints such as 'give an int'."""
        name = self.display()
        return ("an " if name[:1] in "aeiou" else "a ") + name

    def ir_artifact_type(self) -> dict:
        return {"schemaTitle": self.schema_title, "schemaVersion": self.schema_version}


def parameter(type_text: str) -> IOType:
    return IOType(type_text)


def artifact(schema_title: str, schema_version: str = "0.0.1", is_list: bool = False) -> IOType:
    return IOType(f"{schema_title}@{schema_version}", is_artifact=True, is_list=is_list)


def artifact_of_class(cls: type, is_list: bool = False) -> IOType:
    return artifact(cls.schema_title, getattr(cls, "schema_version", "0.0.1") or "0.0.1", is_list)


def is_artifact_class(obj: Any) -> bool:
    if isinstance(obj, type) and issubclass(obj, Artifact):
        return True
    # custom artifact classes and classes from other artifact libraries
    return isinstance(obj, type) and isinstance(getattr(obj, "schema_title", None), str) and \
        isinstance(getattr(obj, "schema_version", None), str)


def is_valid_schema_title(title: str) -> bool:
    return bool(re.match(_SCHEMA_TITLE, title))


def annotation_type_text(annotation: Any) -> Optional[str]:
    """The type text kfp derives from a parameter annotation (None when there is none)."""
    if annotation is None or annotation is _EMPTY:
        return None
    if isinstance(annotation, dict):
        return next(iter(annotation), None)
    origin = typing.get_origin(annotation)
    if origin in (list, dict):
        if getattr(annotation, "__module__", None) in ("typing", "typing_extensions"):
            return str(annotation)
        inner = [annotation_type_text(a) or str(a) for a in typing.get_args(annotation)]
        base = PYTHON_TYPE_TEXT[origin]
        return f"{base}[{', '.join(inner)}]" if inner else base
    if isinstance(annotation, type):
        if annotation in PYTHON_TYPE_TEXT:
            return PYTHON_TYPE_TEXT[annotation]
        if annotation is PipelineTaskFinalStatus or annotation.__name__ == "PipelineTaskFinalStatus":
            return "PipelineTaskFinalStatus"
        if annotation is TaskConfig:
            return "TaskConfig"
        if is_artifact_class(annotation):
            return annotation.schema_title
        return annotation.__name__
    if hasattr(annotation, "__forward_arg__"):
        return str(annotation.__forward_arg__)
    return str(annotation)


def artifact_from_name(name: str) -> IOType:
    """``'Dataset'`` -> system.Dataset; any other artifact name -> system.Artifact (as kfp)."""
    cls = ARTIFACT_CLASSES.get(name)
    if cls is not None:
        return artifact_of_class(cls)
    if "@" in name and is_valid_schema_title(name.split("@")[0]):
        title, version = name.split("@", 1)
        return artifact(title, version)
    return artifact("system.Artifact")


class _Empty:
    pass


_EMPTY = _Empty
