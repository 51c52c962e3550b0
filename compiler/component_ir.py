"""Component interfaces as IR ``ComponentSpec`` dicts (input/output definitions)."""

from __future__ import annotations

from typing import Any

from kfp_lite.dsl.interface import ComponentSpec, InputSpec, OutputSpec
from kfp_lite.ir_types import BACKEND_FILLED, default_value


def input_definition(spec: InputSpec) -> tuple[str, dict]:
    """('parameters' | 'artifacts', definition) of one input."""
    io = spec.type
    if io.is_artifact:
        definition: dict[str, Any] = {"artifactType": io.ir_artifact_type()}
        if io.is_list:
            definition["isArtifactList"] = True
        if spec.optional:
            definition["isOptional"] = True
        if spec.description:
            definition["description"] = spec.description
        return "artifacts", definition
    ptype = io.parameter_type
    definition = {}
    if ptype:
        definition["parameterType"] = ptype
    if ptype in BACKEND_FILLED:
        definition["isOptional"] = True
    elif spec.optional:
        definition["isOptional"] = True
        if spec.default is not None and spec.has_default:
            definition["defaultValue"] = default_value(ptype or "", spec.default)
    if spec.description:
        definition["description"] = spec.description
    return "parameters", definition


def output_definition(spec: OutputSpec) -> tuple[str, dict]:
    io = spec.type
    if io.is_artifact:
        definition: dict[str, Any] = {"artifactType": io.ir_artifact_type()}
        if io.is_list:
            definition["isArtifactList"] = True
    else:
        definition = {"parameterType": io.parameter_type} if io.parameter_type else {}
    if spec.description:
        definition["description"] = spec.description
    return ("artifacts" if io.is_artifact else "parameters"), definition


def interface_ir(spec: ComponentSpec) -> dict:
    """inputDefinitions / outputDefinitions of a component (empty sections left out)."""
    result: dict[str, Any] = {}
    inputs: dict[str, dict] = {}
    for name, input_spec in spec.inputs.items():
        section, definition = input_definition(input_spec)
        inputs.setdefault(section, {})[name] = definition
    if inputs:
        result["inputDefinitions"] = inputs
    outputs: dict[str, dict] = {}
    for name, output_spec in spec.outputs.items():
        section, definition = output_definition(output_spec)
        outputs.setdefault(section, {})[name] = definition
    if outputs:
        result["outputDefinitions"] = outputs
    if spec.task_config_passthroughs:
        result["taskConfigPassthroughs"] = [p.to_ir() for p in spec.task_config_passthroughs]
    return result
