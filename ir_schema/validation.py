"""``validate``: JSON Schema plus reference checks of a PipelineSpec, never raising."""

from __future__ import annotations

import datetime
from typing import Any, List, Sequence

from kfp_lite.ir_schema.platform_references import kubernetes_reference_problems
from kfp_lite.ir_schema.problem import Problem, child, json_type
from kfp_lite.ir_schema.references import platform_problems, reference_problems
from kfp_lite.ir_schema.safe_names import unsafe_names
from kfp_lite.ir_schema.schema_check import schema_problems


def validate(document: Any) -> List[Problem]:
    """All problems of a PipelineSpec document (the first YAML document), [] when valid.

    ``document`` is what a YAML loader returned; any value is accepted and judged, nothing
    is raised. Problems come in document order: schema problems, then reference problems.
    """
    return validate_documents([document])


def validate_documents(documents: Sequence[Any]) -> List[Problem]:
    """Problems of a whole spec file: the PipelineSpec and an optional platform spec."""
    try:
        return _validate_documents(documents)
    except RecursionError:
        return [Problem("", "the document is nested too deeply to check")]
    except Exception as exc:  # noqa: BLE001 - a validator must answer, never crash
        return [Problem("", f"could not be checked: {type(exc).__name__}: {exc}")]


def _validate_documents(documents: Sequence[Any]) -> List[Problem]:
    if len(documents) == 0:
        return [Problem("", "the file holds no document", "expected a PipelineSpec mapping")]
    if len(documents) > 2:
        return [
            Problem(
                "",
                f"the file holds {len(documents)} YAML documents",
                "expected a PipelineSpec, optionally followed by a platform spec",
            )
        ]
    spec = documents[0]
    if not isinstance(spec, dict):
        return [Problem("", f"expected a mapping (the PipelineSpec), got {_kind(spec)}")]
    problems = _keys_and_values(spec, 1)
    problems += schema_problems(spec, "PipelineSpec", 1)
    problems += reference_problems(spec)
    problems += [
        Problem(u.field, f"{u.name!r} {u.reason}", "a name here becomes a file name of a run")
        for u in unsafe_names(spec)
    ]
    if len(documents) == 2:
        platform = documents[1]
        if not isinstance(platform, dict):
            problems.append(
                Problem(
                    "", f"expected a mapping (the platform spec), got {_kind(platform)}", None, 2
                )
            )
        else:
            problems += _keys_and_values(platform, 2)
            problems += schema_problems(platform, "PlatformSpec", 2)
            problems += platform_problems(platform, spec)
            problems += kubernetes_reference_problems(platform, spec)
    return problems


def _kind(value: Any) -> str:
    kind = json_type(value)
    return {"array": "a list", "null": "nothing (empty document)", "string": "a string"}.get(
        kind, f"a value of type {kind}"
    )


_SCALARS = (str, int, float, bool, type(None))


def _keys_and_values(document: Any, doc_index: int) -> List[Problem]:
    """Keys that are not strings and values JSON cannot hold (dates, binary, ...).

    YAML can say ``1: x`` or ``when: 2024-01-01``; the proto JSON mapping cannot. One
    iterative walk over the document, so deep nesting does not recurse.
    """
    problems: List[Problem] = []
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    problems.append(
                        Problem(
                            child(path, str(key)),
                            f"key {key!r} is {json_type(key)}; keys must be strings",
                            "quote it in the YAML",
                            doc_index,
                        )
                    )
                stack.append((child(path, str(key)), value))
        elif isinstance(node, list):
            stack.extend((child(path, i), item) for i, item in enumerate(node))
        elif not isinstance(node, _SCALARS) or _is_special_float(node):
            what = (
                "a date"
                if isinstance(node, (datetime.date, datetime.datetime))
                else (f"a value of type {type(node).__name__}")
            )
            problems.append(
                Problem(
                    path, f"{what} cannot be written in JSON", "quote it in the YAML", doc_index
                )
            )
    problems.reverse()
    return problems


def _is_special_float(value: Any) -> bool:
    return isinstance(value, float) and (value != value or value in (float("inf"), float("-inf")))
