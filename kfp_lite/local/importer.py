"""An importer task in a local run: the artifact it names, with its metadata filled in."""

from __future__ import annotations

import os
import re
from typing import Any, Mapping

from .inputs import RunContext
from .placeholders import PlaceholderError, substitute
from .states import SUCCEEDED, TaskOutcome, TaskRecord
from .tracking import Tracker

__all__ = ["run_importer"]

_WHOLE_INPUT = re.compile(r"\{\{\$\.inputs\.parameters\['([^']*)'\]\}\}")


def run_importer(
    tracker: Tracker,
    record: TaskRecord,
    context: RunContext,
    component: Mapping,
    importer: Mapping,
    params: dict,
) -> TaskOutcome:
    tracker.started(record)
    uri_spec = importer.get("artifactUri", {})
    if "runtimeParameter" in uri_spec:
        uri = params.get(uri_spec["runtimeParameter"])
    else:
        uri = uri_spec.get("constant")
    view = {"inputs": {"parameterValues": params}, "outputs": {}}
    values = context.values(record.name)

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            whole = _WHOLE_INPUT.fullmatch(value)
            if whole and whole.group(1) in params:
                return params[whole.group(1)]
            return substitute(value, view, values) if "{{$" in value else value
        if isinstance(value, dict):
            return {fill(k): fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    try:
        metadata = fill(importer.get("metadata", {}))
    except PlaceholderError as exc:
        return tracker.failed(record, str(exc))
    if not isinstance(uri, str) or not uri:
        return tracker.failed(record, f"importer has no artifact URI (got {uri!r})")
    local = uri[len("file://") :] if uri.startswith("file://") else uri
    if "://" not in local and not os.path.exists(local):
        tracker.warn(record.path, f"imported artifact {uri!r} does not exist on this machine")
    elif "://" in local:
        tracker.warn(
            record.path, f"remote URI {uri!r} is passed on as is; tasks see its mount path"
        )
    out_name = next(iter(component.get("outputDefinitions", {}).get("artifacts", {})), "artifact")
    artifact = {
        "name": out_name,
        "type": importer.get("typeSchema", {}),
        "uri": local if "://" not in local else uri,
        "metadata": metadata,
    }
    record.inputs = {"parameters": params, "artifacts": {}}
    outcome = TaskOutcome(SUCCEEDED, artifacts={out_name: [artifact]})
    return tracker.finished(record, outcome, f"imported {uri}")
