"""kfp v2 IR YAML: a compiled component (one container) or a compiled pipeline (a graph).

kfp's rule decides which: when ``deploymentSpec.executors`` has ``exec-<pipeline name>`` the
document is that single container component, with the interface of ``comp-<pipeline name>``
(or of ``root``); otherwise it is a graph and the whole PipelineSpec is reused as a task.
Input descriptions are not carried over, as in kfp.
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from kfp_lite import ir_types
from kfp_lite.dsl import io_types
from kfp_lite.dsl.interface import NO_DEFAULT, ComponentSpec, InputSpec, OutputSpec
from kfp_lite.dsl.tracing import sanitize_k8s_name

from . import LoadedComponent
from .problems import Problems

_REFERENCE = re.compile(r"\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']*)'\]")
_IF_PRESENT_NAME = re.compile(r'"InputName":\s*"((?:[^"\\]|\\.)*)"')
_DESCRIPTION = "# Description: "
_DESCRIPTION_MORE = "#             "


def convert_ir(document: dict, text: str, problems: Problems) -> Optional[LoadedComponent]:
    info = document.get("pipelineInfo")
    name = info.get("name") if isinstance(info, dict) else None
    if not isinstance(name, str) or not name:
        problems.bad(
            "no 'pipelineInfo.name'; this is neither kfp v2 component YAML (as written by "
            "Compiler().compile) nor kfp v1 component YAML (with 'implementation')",
            document,
        )
        return None
    root = document.get("root")
    if not isinstance(root, dict):
        problems.bad("no 'root' mapping; kfp v2 component YAML has a 'root' component", document)
        return None
    deployment = document.get("deploymentSpec", {})
    executors = deployment.get("executors", {}) if isinstance(deployment, dict) else None
    if not isinstance(executors, dict):
        problems.bad("'deploymentSpec.executors' is not a mapping", deployment)
        return None
    components = document.get("components", {})
    if not isinstance(components, dict):
        problems.bad("'components' is not a mapping", document)
        return None
    key = sanitize_k8s_name(name)
    interface = components.get(f"comp-{key}", root)
    if not isinstance(interface, dict):
        problems.bad(f"component 'comp-{key}' is not a mapping", components)
        return None
    spec = ComponentSpec(name=name, description=_header_description(text))
    _read_inputs(interface, spec, problems)
    _read_outputs(interface, spec, problems)
    executor = executors.get(f"exec-{key}")
    if executor is None:
        if not isinstance(root.get("dag"), dict):
            problems.bad(
                f"there is no executor 'exec-{key}' for component '{name}' and 'root' has no "
                "'dag', so this is neither a component nor a pipeline",
                root,
            )
            return None
        spec.kind = "graph"
        return LoadedComponent(spec, pipeline_spec=document)
    container = executor.get("container") if isinstance(executor, dict) else None
    if not isinstance(container, dict):
        what = (
            "an importer"
            if isinstance(executor, dict) and "importer" in executor
            else "not a container"
        )
        problems.bad(
            f"executor 'exec-{key}' is {what}; only container components can be loaded", executor
        )
        return None
    spec.kind = "container"
    read = _read_container(container, spec, f"exec-{key}", problems)
    env = {entry["name"]: entry.get("value", "") for entry in read.get("env", [])}
    return LoadedComponent(spec, container=read, env=env)


def _header_description(text: str) -> Optional[str]:
    """The description kfp writes into the header comment (``# Description: ...``)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            return None
        if line.startswith(_DESCRIPTION):
            parts = [line[len(_DESCRIPTION) :]]
            for more in lines[index + 1 :]:
                if not more.startswith(_DESCRIPTION_MORE):
                    break
                parts.append(more[len(_DESCRIPTION_MORE) + 1 :])
            return "\n".join(parts)
    return None


def _section(interface: dict, which: str, kind: str, problems: Problems) -> dict:
    definitions = interface.get(which, {})
    if not isinstance(definitions, dict):
        problems.bad(f"'{which}' is not a mapping", interface)
        return {}
    section = definitions.get(kind, {})
    if not isinstance(section, dict):
        problems.bad(f"'{which}.{kind}' is not a mapping", definitions)
        return {}
    return section


def _parameter_type(name: str, definition: dict, what: str, problems: Problems) -> Optional[str]:
    ptype = definition.get("parameterType")
    text = ir_types.type_text_of(ptype) if isinstance(ptype, str) else None
    if text is None:
        known = ", ".join(ir_types.NAMES)
        problems.bad(
            f"{what} '{name}' has the unknown parameterType {ptype!r}; expected one of {known}",
            definition,
        )
    return text


def _artifact_type(
    name: str, definition: dict, what: str, problems: Problems
) -> Optional[io_types.IOType]:
    artifact = definition.get("artifactType")
    title = artifact.get("schemaTitle") if isinstance(artifact, dict) else None
    version = artifact.get("schemaVersion", "0.0.1") if isinstance(artifact, dict) else None
    if not isinstance(title, str) or not isinstance(version, str):
        problems.bad(
            f"{what} '{name}' has no artifactType with a schemaTitle and schemaVersion", definition
        )
        return None
    return io_types.artifact(title, version, bool(definition.get("isArtifactList", False)))


def _read_inputs(interface: dict, spec: ComponentSpec, problems: Problems) -> None:
    for name, definition in _section(interface, "inputDefinitions", "parameters", problems).items():
        if not isinstance(definition, dict):
            problems.bad(f"input parameter '{name}' is not a mapping", interface)
            continue
        text = _parameter_type(name, definition, "input parameter", problems)
        if text is None:
            continue
        default = definition.get("defaultValue", NO_DEFAULT)
        optional = bool(definition.get("isOptional", "defaultValue" in definition))
        style = {ir_types.TASK_FINAL_STATUS: "status", ir_types.TASK_CONFIG: "taskconfig"}.get(
            definition["parameterType"], "value"
        )
        spec.inputs[name] = InputSpec(
            name, io_types.parameter(text), optional, default, None, style
        )
    for name, definition in _section(interface, "inputDefinitions", "artifacts", problems).items():
        if not isinstance(definition, dict):
            problems.bad(f"input artifact '{name}' is not a mapping", interface)
            continue
        io_type = _artifact_type(name, definition, "input artifact", problems)
        if io_type is None:
            continue
        if name in spec.inputs:
            problems.bad(f"input '{name}' is both a parameter and an artifact", definition)
        optional = bool(definition.get("isOptional", False))
        spec.inputs[name] = InputSpec(name, io_type, optional, NO_DEFAULT, None, "artifact")


def _read_outputs(interface: dict, spec: ComponentSpec, problems: Problems) -> None:
    for name, definition in _section(
        interface, "outputDefinitions", "parameters", problems
    ).items():
        if not isinstance(definition, dict):
            problems.bad(f"output parameter '{name}' is not a mapping", interface)
            continue
        text = _parameter_type(name, definition, "output parameter", problems)
        if text is not None:
            spec.outputs[name] = OutputSpec(name, io_types.parameter(text), None, "path")
    for name, definition in _section(interface, "outputDefinitions", "artifacts", problems).items():
        if not isinstance(definition, dict):
            problems.bad(f"output artifact '{name}' is not a mapping", interface)
            continue
        io_type = _artifact_type(name, definition, "output artifact", problems)
        if io_type is None:
            continue
        if name in spec.outputs:
            problems.bad(f"output '{name}' is both a parameter and an artifact", definition)
        spec.outputs[name] = OutputSpec(name, io_type, None, "artifact")


def _read_container(container: dict, spec: ComponentSpec, label: str, problems: Problems) -> dict:
    image = container.get("image")
    if not isinstance(image, str) or not image:
        problems.bad(f"the container of executor '{label}' has no image", container)
    result: dict[str, Any] = {"image": image if isinstance(image, str) else ""}
    for field in ("command", "args"):
        items = container.get(field)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            problems.bad(f"'{field}' of executor '{label}' must be a list of strings", container)
            continue
        for item in items:
            _check_references(item, spec, f"'{field}' of executor '{label}'", container, problems)
        if items:
            result[field] = list(items)
    env = container.get("env")
    if env is not None:
        pairs = env if isinstance(env, list) else []
        if not isinstance(env, list) or not all(
            isinstance(p, dict) and isinstance(p.get("name"), str) for p in pairs
        ):
            problems.bad(
                f"'env' of executor '{label}' must be a list of {{name, value}} entries", container
            )
        else:
            result["env"] = [
                {k: v for k, v in (("name", p["name"]), ("value", p.get("value"))) if v}
                for p in pairs
            ]
    return result


def _check_references(
    item: str, spec: ComponentSpec, where: str, node: Any, problems: Problems
) -> None:
    """Placeholders in a command line must name inputs and outputs of the right kind."""
    for direction, section, name in _REFERENCE.findall(item):
        table = spec.inputs if direction == "inputs" else spec.outputs
        declared = table.get(name)
        singular = "input" if direction == "inputs" else "output"
        if declared is None:
            problems.bad(
                f"{where} uses {{{{$.{direction}.{section}['{name}']}}}}, but the component has "
                f"no {singular} '{name}'",
                node,
                hint=_known(table, singular),
            )
        elif declared.type.is_artifact != (section == "artifacts"):
            kind = "an artifact" if declared.type.is_artifact else "a parameter"
            problems.bad(
                f"{where} uses {{{{$.{direction}.{section}['{name}']}}}}, but {singular} "
                f"'{name}' is {kind}",
                node,
            )
    if item.startswith('{"IfPresent"') or '"IfPresent"' in item:
        for raw in _IF_PRESENT_NAME.findall(item):
            name = json.loads(f'"{raw}"')
            if name not in spec.inputs:
                problems.bad(
                    f"{where} has an IfPresent placeholder for '{name}', which is not an input",
                    node,
                    hint=_known(spec.inputs, "input"),
                )


def _known(table: dict, singular: str) -> str:
    return f"its {singular}s are: {', '.join(table)}" if table else f"it has no {singular}s"
