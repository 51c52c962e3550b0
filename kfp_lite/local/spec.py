"""Reading a compiled PipelineSpec for the local runner: the documents and typed values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Union

from kfp_lite.ir_types import accepts_json, display_name
from kfp_lite.ir_types import coerce as coerce_parameter

__all__ = [
    "LoadedSpec",
    "ParameterError",
    "coerce_parameter",
    "load_spec",
    "parse_cli_value",
]


class ParameterError(ValueError):
    """A pipeline argument is unknown, missing or of the wrong type."""


@dataclass(frozen=True)
class LoadedSpec:
    pipeline: dict
    platform: dict

    @property
    def name(self) -> str:
        return self.pipeline.get("pipelineInfo", {}).get("name", "pipeline")

    @property
    def components(self) -> dict:
        return self.pipeline.get("components", {})

    @property
    def executors(self) -> dict:
        return self.pipeline.get("deploymentSpec", {}).get("executors", {})

    @property
    def root(self) -> dict:
        return self.pipeline["root"]

    def platform_executor_config(self, executor_label: str) -> dict:
        kube = self.platform.get("platforms", {}).get("kubernetes", {})
        return kube.get("deploymentSpec", {}).get("executors", {}).get(executor_label, {})


def load_spec(source: Union[str, Path, Mapping[str, Any]]) -> LoadedSpec:
    """Read a spec file (or take an already-loaded dict); the platform spec is optional."""
    if isinstance(source, Mapping):
        return LoadedSpec(dict(source), {})
    from kfp_lite.safe_yaml import load_all, read_file

    # raises YamlRefused, with a one-line reason, when the file is unreadable or refused
    docs = [d for d in load_all(read_file(source)).documents if d is not None]
    if not docs or not isinstance(docs[0], dict) or "root" not in docs[0]:
        raise ValueError(f"{source}: not a compiled pipeline spec (no 'root')")
    platform = docs[1] if len(docs) > 1 and isinstance(docs[1], dict) else {}
    return LoadedSpec(docs[0], platform)


def parse_cli_value(name: str, text: str, parameter_type: str) -> Any:
    """A ``-p NAME=VALUE`` value: a YAML scalar (or flow list/map) checked against the type."""
    from kfp_lite.ir_types import number_problem
    from kfp_lite.safe_yaml import YamlRefused, load_one

    if parameter_type == "STRING":
        return text  # '-p tag=007' means the string, not the number 7
    try:
        value = load_one(text) if text.strip() else ""
    except YamlRefused as exc:
        raise ParameterError(f"-p {name}={text[:80]}: not a YAML value ({exc.reason})") from None
    problem = number_problem(value)
    if problem:
        raise ParameterError(f"-p {name}={text[:80]}: {problem}")
    if parameter_type == "NUMBER_DOUBLE" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not accepts_json(parameter_type, value):
        raise ParameterError(
            f"-p {name}={text}: expected {display_name(parameter_type)}, got {type(value).__name__}"
        )
    return value


def resolve_pipeline_arguments(spec: LoadedSpec, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Check the run's arguments against root inputs and add defaults; raise on any problem."""
    definitions = spec.root.get("inputDefinitions", {}).get("parameters", {})
    artifact_defs = spec.root.get("inputDefinitions", {}).get("artifacts", {})
    problems = []
    for name in arguments:
        if name not in definitions:
            known = ", ".join(sorted(definitions)) or "none"
            problems.append(f"unknown pipeline parameter {name!r} (parameters: {known})")
    values: dict[str, Any] = {}
    for name, definition in definitions.items():
        ptype = definition.get("parameterType", "")
        if name in arguments:
            value = coerce_parameter(arguments[name], ptype)
            if not accepts_json(ptype, value):
                problems.append(
                    f"parameter {name!r} expects {display_name(ptype)}, "
                    f"got {type(arguments[name]).__name__} {arguments[name]!r}"
                )
            values[name] = value
        elif "defaultValue" in definition:
            values[name] = coerce_parameter(definition["defaultValue"], ptype)
        elif not definition.get("isOptional"):
            problems.append(f"missing value for pipeline parameter {name!r} ({display_name(ptype)})")
    for name, definition in artifact_defs.items():
        if not definition.get("isOptional"):
            problems.append(f"pipeline input artifact {name!r} cannot be given to a local run")
    if problems:
        raise ParameterError("; ".join(problems))
    return values
