"""The KFP v2 PipelineSpec: pydantic models, a published JSON Schema, and ``validate``.

Importing this package is cheap: pydantic and jsonschema load only when a model, the schema
or ``validate`` is first used (the compile path never pays for them).

    problems = ir_schema.validate(document)            # list[Problem], [] when valid
    problems = ir_schema.validate_documents(docs)      # PipelineSpec + optional platform spec
    docs = ir_schema.load_spec_file("pipeline.yaml")   # raises SpecFileError
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kfp_lite.ir_schema.generate import SCHEMA_PATH
    from kfp_lite.ir_schema.loading import (
        SpecFileError,
        load_spec_file,
        load_spec_text,
        read_spec_file,
    )
    from kfp_lite.ir_schema.problem import Problem
    from kfp_lite.ir_schema.schema_check import load_schema
    from kfp_lite.ir_schema.validation import validate, validate_documents

# public name -> module that defines it
_EXPORTS = {
    "Problem": "kfp_lite.ir_schema.problem",
    "validate": "kfp_lite.ir_schema.validation",
    "validate_documents": "kfp_lite.ir_schema.validation",
    "load_spec_file": "kfp_lite.ir_schema.loading",
    "load_spec_text": "kfp_lite.ir_schema.loading",
    "read_spec_file": "kfp_lite.ir_schema.loading",
    "SpecFileError": "kfp_lite.ir_schema.loading",
    "load_schema": "kfp_lite.ir_schema.schema_check",
    "SCHEMA_PATH": "kfp_lite.ir_schema.generate",
}

__all__ = [
    "SCHEMA_PATH",
    "Problem",
    "SpecFileError",
    "load_schema",
    "load_spec_file",
    "load_spec_text",
    "read_spec_file",
    "validate",
    "validate_documents",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ir_schema' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
