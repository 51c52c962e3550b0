"""kfp's module path ``kfp.dsl.types.type_annotations``: the annotation markers."""

from __future__ import annotations

from typing import TypeVar

from . import (
    EmbeddedAnnotation,
    EmbeddedInput,
    Input,
    InputAnnotation,
    InputPath,
    Output,
    OutputAnnotation,
    OutputPath,
)

__all__ = ["EmbeddedAnnotation", "EmbeddedInput", "Input", "InputAnnotation", "InputPath",
           "Output", "OutputAnnotation", "OutputPath", "TypeVar"]
