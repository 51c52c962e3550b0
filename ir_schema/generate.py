"""Write ``pipeline_spec.schema.json`` from the models: ``python -m kfp_lite.ir_schema.generate``.

``--check`` exits 1 when the checked-in file differs from what would be written (for CI).
The schema is draft 2020-12. Its root describes the first YAML document (PipelineSpec); the
second document (PlatformSpec) is ``#/$defs/PlatformSpec``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("pipeline_spec.schema.json")
SCHEMA_ID = "https://kfp-lite.dev/schemas/pipeline_spec.schema.json"


def build_schema() -> dict[str, Any]:
    """Generate the JSON Schema of a PipelineSpec document (with PlatformSpec in ``$defs``)."""
    from kfp_lite.ir_schema.models import PipelineSpec, PlatformSpec
    from pydantic.json_schema import GenerateJsonSchema, models_json_schema

    class _Generator(GenerateJsonSchema):
        # An absent key is how the proto JSON mapping writes "unset"; `null` is never emitted,
        # so optional fields are not nullable in the schema.
        def nullable_schema(self, schema: Any) -> dict[str, Any]:
            return self.generate_inner(schema["schema"])

    _, top = models_json_schema(
        [(PipelineSpec, "validation"), (PlatformSpec, "validation")],
        schema_generator=_Generator,
        ref_template="#/$defs/{model}",
    )
    defs = _clean(top["$defs"])
    root = dict(defs.pop("PipelineSpec"))
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    schema.update(root)
    schema["$defs"] = dict(sorted(defs.items()))
    return schema


def _clean(node: Any) -> Any:
    """Drop pydantic's noise: ``default: null`` and auto-generated property titles."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "default" and value is None:
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {
                    name: _clean({k: v for k, v in prop.items() if k != "title"})
                    for name, prop in value.items()
                }
                continue
            out[key] = _clean(value)
        return out
    if isinstance(node, list):
        return [_clean(item) for item in node]
    return node


def render() -> str:
    """The exact text of the checked-in schema file."""
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"


def write_or_check(path: Path, text: str, args: list[str], command: str) -> int:
    """Write a generated file, or with ``--check`` exit 1 when the checked-in one is stale."""
    if "--check" in args:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            sys.stderr.write(f"{path} is stale; run: {command}\n")
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {path}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return write_or_check(SCHEMA_PATH, render(), args, "python -m kfp_lite.ir_schema.generate")


if __name__ == "__main__":
    raise SystemExit(main())
