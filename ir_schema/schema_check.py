"""Check a document against the checked-in JSON Schema and say what is wrong in plain words.

jsonschema's own messages quote whole sub-documents and name schema keywords; here each error
becomes a :class:`Problem` with the path of the offending value, what was expected there and,
for misspelled keys and enum values, a did-you-mean.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Iterator, List

from kfp_lite.ir_schema.problem import Problem, child, describe, did_you_mean, join_path

_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}


@functools.lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The checked-in ``pipeline_spec.schema.json`` (read once)."""
    from kfp_lite.ir_schema.generate import SCHEMA_PATH

    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=2)
def _validator(definition: str) -> Any:
    import jsonschema

    schema = load_schema()
    defs = schema["$defs"]
    target = schema if definition == "PipelineSpec" else defs[definition]
    # The schema has no recursive references, so every `$ref` is inlined once here:
    # resolving references on each use makes jsonschema about 2.5 times slower.
    return jsonschema.Draft202012Validator(_inline(target, defs))


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        out: dict[str, Any] = {}
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out.update(_inline(defs[ref[len("#/$defs/") :]], defs))
        for key, value in node.items():
            if key not in ("$ref", "$defs", "$schema", "$id"):
                out[key] = _inline(value, defs)
        return out
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def schema_problems(document: Any, definition: str, doc_index: int) -> List[Problem]:
    """Problems of ``document`` against the schema's ``definition`` (root or a ``$defs`` key)."""
    validator = _validator(definition)
    problems: dict[Problem, None] = {}  # ordered and without repeats
    for error in validator.iter_errors(document):
        for problem in _explain(error, doc_index):
            problems[problem] = None
    return list(problems)


def _explain(error: Any, doc_index: int) -> Iterator[Problem]:
    path = join_path(error.absolute_path)
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    title = schema.get("title")
    where = f" in {title}" if title and title != "KFP v2 PipelineSpec" else ""

    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in instance if k not in schema.get("properties", {})]
        for key in extras:
            hint = did_you_mean(key, allowed) if allowed else None
            if hint is None:
                hint = f"allowed keys: {', '.join(allowed)}" if allowed else "no keys allowed"
            yield Problem(
                child(path, str(key)), f"unknown key {str(key)!r}{where}", hint, doc_index
            )
    elif kind == "required":
        missing = [k for k in value if k not in instance]
        for key in missing:
            present = [k for k in instance if isinstance(k, str)]
            hint = did_you_mean(key, present)
            hint = f"found {hint[len('did you mean ') : -1]} instead; a typo?" if hint else None
            yield Problem(path, f"missing required key {key!r}{where}", hint, doc_index)
    elif kind == "type":
        expected = value if isinstance(value, list) else [value]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        yield Problem(path, f"expected {words}, got {describe(instance)}", None, doc_index)
    elif kind == "enum":
        options = [str(v) for v in value]
        field = _last_key(error)
        hint = did_you_mean(instance, options) or f"one of: {', '.join(options)}"
        what = f"a valid {field}" if field else "a valid value"
        yield Problem(path, f"{describe(instance)} is not {what}", hint, doc_index)
    elif kind == "const":
        yield Problem(path, f"expected {value!r}, got {describe(instance)}", None, doc_index)
    elif kind == "pattern":
        yield Problem(path, *_pattern_message(_last_key(error), instance), doc_index)
    elif kind == "not":
        names = _oneof_names(value)
        present = [n for n in names if isinstance(instance, dict) and n in instance]
        yield Problem(
            path,
            f"{' and '.join(repr(n) for n in present)} are alternatives; set only one{where}",
            None,
            doc_index,
        )
    elif kind == "anyOf" and _is_required_choice(value):
        names = [sub["required"][0] for sub in value]
        yield Problem(
            path,
            f"needs one of {', '.join(repr(n) for n in names)}{where}",
            None,
            doc_index,
        )
    elif kind == "anyOf":
        options = [_describe_schema(sub) for sub in value]
        yield Problem(
            path,
            f"expected {' or '.join(options)}, got {describe(instance)}",
            None,
            doc_index,
        )
    else:
        # a keyword the models do not produce today; still a readable line
        yield Problem(path, f"does not satisfy '{kind}': {value!r}", None, doc_index)


def _last_key(error: Any) -> str:
    for part in reversed(error.absolute_path):
        if isinstance(part, str):
            return part
    return ""


def _pattern_message(field: str, instance: Any) -> tuple[str, str | None]:
    if field == "schemaTitle":
        return (
            f"{instance!r} is not a well-formed artifact schema title",
            "expected '<namespace>.<Name>', e.g. 'system.Dataset'",
        )
    if field in ("backoffDuration", "backoffMaxDuration"):
        return (f"{instance!r} is not a duration", "write seconds with an 's', e.g. '30s'")
    if field == "count":
        return (f"{instance!r} is not an integer", "write a whole number, e.g. '1'")
    return (f"{instance!r} has the wrong format for {field or 'this value'}", None)


def _oneof_names(not_schema: Any) -> list[str]:
    if isinstance(not_schema, dict) and isinstance(not_schema.get("required"), list):
        return [str(name) for name in not_schema["required"]]
    return []


def _is_required_choice(subschemas: Any) -> bool:
    return isinstance(subschemas, list) and all(
        isinstance(s, dict) and list(s) == ["required"] for s in subschemas
    )


def _describe_schema(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "a value"
    kind = schema.get("type")
    if kind == "string" and "pattern" in schema:
        return "a string of digits"
    if isinstance(kind, str):
        return _TYPE_WORDS.get(kind, kind)
    if "$ref" in schema:
        return "a " + schema["$ref"].rsplit("/", 1)[-1]
    return "a value"
