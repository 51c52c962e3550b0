"""Which materializer stores a typed input or output (see kfp_lite/materializers.py).

Resolution order for one annotation: the component's ``input_materializers`` /
``output_materializers`` entry, then ``dsl.Materialized[T, M]``'s own materializer, then the
materializers the program defines (newest first), then the built-in ones. Only ``implicit`` materializers are chosen by the annotation alone; plain
JSON-able types (str, int, float, bool, dict, list) stay parameters unless a materializer is
named explicitly.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Optional

from kfp_lite.materializers import (  # noqa: F401 - re-exported by kfp_lite.dsl
    BUILTIN_MATERIALIZERS,
    BytesMaterializer,
    DataFrameMaterializer,
    Materializer,
    NumpyMaterializer,
    PathMaterializer,
    PickleMaterializer,
    TextMaterializer,
)


class MaterializedType:
    """``dsl.Materialized[T]`` / ``dsl.Materialized[T, M]``: store T as an artifact (with M)."""

    def __init__(self, python_type: Any, materializer: Optional[type]) -> None:
        self.python_type = python_type
        self.materializer = materializer

    def __repr__(self) -> str:
        name = getattr(self.python_type, "__name__", repr(self.python_type))
        return f"Materialized[{name}]"


class Materialized:
    """``Materialized[str]``: pass a value as an artifact written by its materializer.

    Needed for types that are parameters by default (a large ``str`` or ``dict``); give the
    materializer as a second item to choose one (``Materialized[dict, PickleMaterializer]``).
    """

    def __class_getitem__(cls, item: Any) -> MaterializedType:
        if isinstance(item, tuple) and len(item) == 2:
            return MaterializedType(item[0], item[1])
        return MaterializedType(item, None)


def registered() -> list[type]:
    """Materializers defined by the program, newest first: as in ZenML, defining a subclass
    registers it (Python's own subclass list is the registry; set ``implicit = False`` to keep
    one for components that name it)."""
    found: list[type] = []
    pending = list(Materializer.__subclasses__())
    while pending:
        cls = pending.pop(0)
        pending.extend(cls.__subclasses__())
        if cls not in BUILTIN_MATERIALIZERS and cls not in (TextMaterializer, PickleMaterializer):
            found.append(cls)
    return found[::-1]


@dataclass(frozen=True)
class Resolved:
    """The materializer of one input or output and the Python type it stores."""

    materializer: type
    python_type: str  # dotted name, recorded in the IR description


def type_name(annotation: Any) -> str:
    if isinstance(annotation, type):
        module = annotation.__module__
        if module == "builtins" or module == "__main__" or module.startswith("_kfp_lite_user"):
            return annotation.__qualname__
        return f"{module.split('.')[0]}.{annotation.__qualname__}"
    return str(annotation).replace("typing.", "")


def _names(annotation: Any) -> set[str]:
    names: set[str] = set()
    for cls in getattr(annotation, "__mro__", ()):
        names.add(f"{cls.__module__}.{cls.__qualname__}")
        names.add(f"{cls.__module__.split('.')[0]}.{cls.__qualname__}")
    return names


def handles(materializer: type, annotation: Any) -> bool:
    """Whether the materializer declares the annotation's type (or a base of it)."""
    target = typing.get_origin(annotation) or annotation
    names = _names(target)
    for entry in getattr(materializer, "types", ()):
        if entry is object:
            return True
        if isinstance(entry, str) and entry in names:
            return True
        if isinstance(entry, type) and isinstance(target, type) and issubclass(target, entry):
            return True
    return False


def is_materializer(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, Materializer)


def resolve(annotation: Any, explicit: Optional[type], *, parameter_type: bool) -> Optional[Resolved]:
    """The materializer storing ``annotation`` (None: it stays a parameter or is unsupported)."""
    if isinstance(annotation, MaterializedType):
        chosen = explicit or annotation.materializer
        inner = annotation.python_type
        if chosen is None:
            for candidate in (*registered(), TextMaterializer, *BUILTIN_MATERIALIZERS):
                if handles(candidate, inner):
                    chosen = candidate
                    break
        return Resolved(chosen, type_name(inner)) if chosen is not None else None
    if explicit is not None:
        return Resolved(explicit, type_name(annotation))
    if parameter_type:
        return None
    for candidate in (*registered(), *BUILTIN_MATERIALIZERS):
        if getattr(candidate, "implicit", True) and handles(candidate, annotation):
            return Resolved(candidate, type_name(annotation))
    return None


def is_pickle(materializer: type) -> bool:
    return issubclass(materializer, PickleMaterializer)


def description(resolved: Resolved, doc: Optional[str]) -> str:
    """The IR description of a materialized input/output: the user's text, then the record."""
    record = f"kfp_lite materialized {resolved.python_type} with {resolved.materializer.__name__}"
    return f"{doc}\n\n{record}" if doc else record


def used_materializers(spec: Any) -> list[type]:
    """The materializers a component's inputs and outputs use, bases first, each once."""
    ordered: list[type] = []
    for entry in [*spec.inputs.values(), *spec.outputs.values()]:
        found = getattr(entry, "materialized", None)
        if found is None:
            continue
        for cls in reversed(found.materializer.__mro__):
            if is_materializer(cls) and cls not in ordered:
                ordered.append(cls)
    return ordered


def unshippable(spec: Any) -> list[str]:
    """Why materializers of a component cannot be shipped with its source (empty: they can)."""
    import inspect

    problems = []
    for cls in used_materializers(spec):
        if "<locals>" in cls.__qualname__:
            problems.append(f"the materializer {cls.__qualname__} is defined inside a function")
            continue
        try:
            inspect.getsource(cls)
        except (OSError, TypeError):
            problems.append(f"the source of the materializer {cls.__qualname__} cannot be read")
    return problems
