"""SARIF 2.1.0 output of ``kfp-lite check --format sarif``, for code-scanning dashboards.

One run with the ``kfp-lite`` driver. Its rules are the whole codes catalogue (id, name,
summary, default level, and a help link to the code's section of docs/diagnostics.md);
each diagnostic is a result that points at its rule, with the file relative to the working
directory (under ``%SRCROOT%``), line and column. The tests validate the output against the
OASIS SARIF 2.1.0 JSON Schema.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any, Sequence
from urllib.parse import quote

from kfp_lite import __version__, codes
from kfp_lite.diagnostics import ERROR, Diagnostic, display_path, sort_diagnostics

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# where docs/diagnostics.md is published; every rule's helpUri is an anchor below it
DIAGNOSTICS_DOC = "https://github.com/kfp-lite/kfp-lite/blob/main/docs/diagnostics.md"
SOURCE_ROOT = "%SRCROOT%"


def doc_anchor(code: codes.Code) -> str:
    """The anchor GitHub gives the code's heading ``### KFL701 unpinned-image (warning)``."""
    suffix = "-warning" if code.severity != ERROR else ""
    return f"{code.code.lower()}-{code.name}{suffix}"


def rule(code: codes.Code) -> dict[str, Any]:
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary},
        "helpUri": f"{DIAGNOSTICS_DOC}#{doc_anchor(code)}",
        "defaultConfiguration": {"level": "error" if code.severity == ERROR else "warning"},
    }


def _artifact_location(path: str) -> dict[str, str]:
    shown = display_path(path)
    if os.path.isabs(shown):
        return {"uri": pathlib.Path(shown).as_uri()}
    return {"uri": quote(shown.replace(os.sep, "/")), "uriBaseId": SOURCE_ROOT}


def result(diagnostic: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    text = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
    found: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": "error" if diagnostic.is_error else "warning",
        "message": {"text": text},
    }
    if diagnostic.code in index:
        found["ruleIndex"] = index[diagnostic.code]
    if diagnostic.location is not None:
        found["locations"] = [{"physicalLocation": {
            "artifactLocation": _artifact_location(diagnostic.location.file),
            "region": {"startLine": max(diagnostic.location.line, 1),
                       "startColumn": max(diagnostic.location.column, 1)},
        }}]
    properties = {k: v for k, v in (("taskPath", diagnostic.task_path), ("expected", diagnostic.expected),
                                    ("got", diagnostic.got)) if v}
    if properties:
        found["properties"] = properties
    return found


def sarif_document(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The SARIF log of one check, as plain data."""
    catalogue = sorted(codes.CATALOGUE.values(), key=lambda c: c.code)
    index = {c.code: i for i, c in enumerate(catalogue)}
    root = pathlib.Path(os.getcwd()).as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kfp-lite",
                "version": __version__,
                "informationUri": DIAGNOSTICS_DOC,
                "rules": [rule(c) for c in catalogue],
            }},
            "originalUriBaseIds": {SOURCE_ROOT: {"uri": root}},
            "results": [result(d, index) for d in sort_diagnostics(diagnostics)],
        }],
    }


def format_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    import json

    return json.dumps(sarif_document(diagnostics), indent=2)


__all__ = ["sarif_document", "format_sarif", "doc_anchor", "rule"]
