"""Write ``run_config.schema.json`` from the pydantic model: ``python -m kfp_lite.config.schema``.

``--check`` exits 1 when the checked-in file differs from what would be written. Editors
that understand JSON Schema (e.g. with a ``# yaml-language-server: $schema=...`` comment)
complete and check run configuration files with it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

SCHEMA_PATH = Path(__file__).with_name("run_config.schema.json")
SCHEMA_ID = "https://kfp-lite.dev/schemas/run_config.schema.json"


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a run configuration file."""
    from .model import RunConfigModel

    generated = RunConfigModel.model_json_schema(ref_template="#/$defs/{model}")
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    schema.update(_clean(generated))
    if "$defs" in schema:
        schema["$defs"] = dict(sorted(schema.pop("$defs").items()))
    return schema


def _clean(node: Any) -> Any:
    """Drop pydantic's noise: ``default: null`` (an absent key) and per-property titles."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "default" and value is None:
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: _clean({k: v for k, v in prop.items() if k != "title"})
                            for name, prop in value.items()}
                continue
            out[key] = _clean(value)
        return out
    if isinstance(node, list):
        return [_clean(item) for item in node]
    return node


def render() -> str:
    """The exact text of the checked-in schema file."""
    return json.dumps(build_schema(), indent=2) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    from kfp_lite.ir_schema.generate import write_or_check

    args = sys.argv[1:] if argv is None else argv
    return write_or_check(SCHEMA_PATH, render(), args, "python -m kfp_lite.config.schema")


if __name__ == "__main__":
    raise SystemExit(main())
