"""kfp v1 component YAML (``implementation.container``) converted as kfp 2.17 converts it.

Input and output names become snake_case (``Training data`` -> ``training_data``); v1 type
names map to parameter types or artifact classes (anything unknown, such as ``GCSPath`` or
``{GcsPath: {...}}``, becomes ``system.Artifact``); defaults are cast by type
(``'False'`` -> false, ``'10'`` -> 10, JSON text -> dicts and lists); placeholders become IR
placeholder strings, with ``Concat`` / ``IfPresent`` written as the JSON kfp writes.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Optional, Union

from kfp_lite import ir_types
from kfp_lite.dsl import io_types
from kfp_lite.dsl.interface import NO_DEFAULT, ComponentSpec, InputSpec, OutputSpec
from kfp_lite.dsl.placeholders import (
    InputPathPlaceholder,
    InputUriPlaceholder,
    InputValuePlaceholder,
    OutputParameterPlaceholder,
    OutputPathPlaceholder,
    OutputUriPlaceholder,
)
from kfp_lite.dsl.types import ARTIFACT_CLASSES

from . import LoadedComponent
from .problems import Problems

_COMPONENT_KEYS = (
    "name",
    "description",
    "metadata",
    "inputs",
    "outputs",
    "implementation",
    "version",
)
_INPUT_KEYS = ("name", "type", "description", "default", "optional", "annotations")
_OUTPUT_KEYS = ("name", "type", "description", "annotations")
_CONTAINER_KEYS = ("image", "command", "args", "env", "fileOutputs")
_PLACEHOLDERS = (
    "inputValue",
    "inputPath",
    "inputUri",
    "outputPath",
    "outputUri",
    "executorInput",
    "concat",
    "if",
)
_UNSUPPORTED = ("inputMetadata", "outputMetadata", "inputOutputPortName")
_GOOGLE_TYPE = re.compile(r"^google.[A-Za-z]+$")
_ARTIFACTS_BY_LOWER = {name.lower(): cls for name, cls in ARTIFACT_CLASSES.items()}

# A converted command-line element: an IR string, or a Concat / IfPresent structure
Element = Union[str, dict]


def sanitize_name(name: str) -> str:
    """kfp's input/output name rule: lowercase, other runs of characters to '_'."""
    return re.sub("[^_0-9a-z]+", "_", name.lower()).strip("_")


def _truth(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("y", "yes", "t", "true", "on", "1"):
        return True
    if lowered in ("n", "no", "f", "false", "off", "0"):
        return False
    raise ValueError(f"{value!r} is not a truth value (true/false, yes/no, 1/0, on/off)")


def _json_or_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_bool(value: Any) -> Any:
    return _truth(value) if isinstance(value, str) else value


# how a v1 default (often written as text) becomes a value of its IR type
_DEFAULT_CASTS: dict[str, Callable[[Any], Any]] = {
    ir_types.NUMBER_INTEGER: int,
    ir_types.NUMBER_DOUBLE: float,
    ir_types.STRING: str,
    ir_types.BOOLEAN: _as_bool,
    ir_types.STRUCT: _json_or_text,
    ir_types.LIST: _json_or_text,
}


def _canonical(type_text: str) -> str:
    """``typing.List[int]`` -> ``List``: the outer name kfp looks types up by."""
    if type_text.startswith("typing."):
        type_text = type_text[len("typing.") :]
    if type_text.lower().startswith(("list", "dict")):
        return type_text.split("[")[0]
    return type_text


def v1_type(raw: Any, direction: str) -> Optional[io_types.IOType]:
    """The IOType kfp gives a v1 type (None when the type is not a string, mapping or absent)."""
    if raw is None or isinstance(raw, dict):
        return io_types.artifact("system.Artifact")
    if not isinstance(raw, str):
        return None
    name = _canonical(raw)
    if direction == "input" and name == "PipelineTaskFinalStatus":
        return io_types.parameter("PipelineTaskFinalStatus")
    ptype = ir_types.TYPE_TEXT_NAMES.get(name.lower())
    if ptype is not None:
        return io_types.parameter(ir_types.PARAMETER_TYPES[ptype].type_text)
    if _GOOGLE_TYPE.match(name):
        return io_types.artifact(name, "0.0.1")
    cls = _ARTIFACTS_BY_LOWER.get(name.lower())
    if cls is not None:
        return io_types.artifact_of_class(cls)
    return io_types.artifact("system.Artifact")


class _V1:
    """One v1 component being converted; problems are collected, not raised."""

    def __init__(self, document: dict, problems: Problems) -> None:
        self.document = document
        self.problems = problems
        name = document.get("name", "name")
        if not isinstance(name, str) or not name.strip():
            problems.bad(f"'name' must be a non-empty string, got {name!r}", document)
            name = "name"
        description = document.get("description")
        if description is not None and not isinstance(description, str):
            problems.bad("'description' must be a string", document)
            description = None
        self.spec = ComponentSpec(name=name, description=description, kind="container")

    @property
    def label(self) -> str:
        return f"component '{self.spec.name}'"

    def bad(self, message: str, node: Any = None, hint: Optional[str] = None) -> None:
        self.problems.bad(message, node if node is not None else self.document, hint)

    def _entries(self, key: str, allowed: tuple[str, ...]) -> list[dict]:
        entries = self.document.get(key) or []
        if not isinstance(entries, list):
            self.bad(f"'{key}' of {self.label} must be a list of {{name: ..., type: ...}} entries")
            return []
        result = []
        seen: dict[str, str] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                self.bad(
                    f"{key}[{index}] of {self.label} must be a mapping with a string 'name', got "
                    f"{entry!r}"
                )
                continue
            unknown = [k for k in entry if k not in allowed]
            if unknown:
                self.bad(
                    f"{key[:-1]} '{entry['name']}' of {self.label} has the unknown key"
                    f"{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
                    entry,
                    hint=f"allowed keys: {', '.join(allowed)}",
                )
            clean = sanitize_name(entry["name"])
            if not clean:
                self.bad(
                    f"{key[:-1]} name {entry['name']!r} of {self.label} has no letters or digits",
                    entry,
                )
                continue
            if clean in seen:
                self.bad(
                    f"{key[:-1]}s '{seen[clean]}' and '{entry['name']}' of {self.label} both become "
                    f"'{clean}'",
                    entry,
                    hint="give them names that differ in more than case/punctuation",
                )
                continue
            seen[clean] = entry["name"]
            result.append(entry)
        return result

    def read_interface(self) -> None:
        for entry in self._entries("inputs", _INPUT_KEYS):
            self._read_input(entry)
        for entry in self._entries("outputs", _OUTPUT_KEYS):
            name = sanitize_name(entry["name"])
            io_type = v1_type(entry.get("type"), "output")
            if io_type is None:
                self.bad(
                    f"output '{entry['name']}' of {self.label} has the type {entry.get('type')!r}; "
                    "a type is a name such as String or Dataset",
                    entry,
                )
                continue
            style = "artifact" if io_type.is_artifact else "path"
            self.spec.outputs[name] = OutputSpec(name, io_type, None, style)
        if set(self.spec.inputs) & set(self.spec.outputs):
            both = ", ".join(sorted(set(self.spec.inputs) & set(self.spec.outputs)))
            self.bad(
                f"{self.label} uses the name{'s' if ',' in both else ''} {both} for an input and an output"
            )

    def _read_input(self, entry: dict) -> None:
        name = sanitize_name(entry["name"])
        raw_type = entry.get("type")
        io_type = v1_type(raw_type, "input")
        if io_type is None:
            self.bad(
                f"input '{entry['name']}' of {self.label} has the type {raw_type!r}; "
                "a type is a name such as String or Dataset",
                entry,
            )
            return
        optional_flag = entry.get("optional", False)
        if not isinstance(optional_flag, bool):
            self.bad(f"'optional' of input '{entry['name']}' must be true or false", entry)
            optional_flag = False
        optional = optional_flag or "default" in entry
        if io_type.parameter_type == ir_types.TASK_FINAL_STATUS:
            self.spec.inputs[name] = InputSpec(name, io_type, True, NO_DEFAULT, None, "status")
            return
        if io_type.is_artifact:
            self.spec.inputs[name] = InputSpec(
                name, io_type, optional, NO_DEFAULT, None, "artifact"
            )
            return
        default = entry.get("default", NO_DEFAULT)
        if default is not NO_DEFAULT and default is not None:
            cast = _DEFAULT_CASTS.get(ir_types.TYPE_TEXT_NAMES.get(raw_type.lower(), ""), lambda value: value)
            try:
                default = cast(default)
            except (TypeError, ValueError) as exc:
                self.bad(
                    f"default {entry['default']!r} of input '{entry['name']}' of {self.label} does not "
                    f"fit its type {raw_type}: {exc}",
                    entry,
                )
                default = NO_DEFAULT  # keep the input so that its placeholders still resolve
        self.spec.inputs[name] = InputSpec(name, io_type, optional, default, None, "value")

    # --- the container ----------------------------------------------------------------
    def read_container(self) -> Optional[dict]:
        implementation = self.document.get("implementation")
        if not isinstance(implementation, dict) or "container" not in implementation:
            if isinstance(implementation, dict) and "graph" in implementation:
                self.bad(
                    f"{self.label} has a v1 graph implementation; only 'implementation.container' "
                    "components can be loaded",
                    implementation,
                    hint="compile the graph as a kfp v2 pipeline and load that YAML instead",
                )
            else:
                self.bad(
                    f"{self.label} has no 'implementation.container'",
                    implementation if isinstance(implementation, dict) else None,
                    hint="v1 components define implementation: {container: {image: ..., command: [...]}}",
                )
            return None
        container = implementation["container"]
        if not isinstance(container, dict):
            self.bad(
                f"'implementation.container' of {self.label} must be a mapping", implementation
            )
            return None
        unknown = [k for k in container if k not in _CONTAINER_KEYS]
        if unknown:
            self.bad(
                f"the container of {self.label} has the unknown key{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(map(repr, unknown))}",
                container,
                hint=f"allowed keys: {', '.join(_CONTAINER_KEYS)}",
            )
        image = container.get("image")
        if not isinstance(image, str) or not image:
            self.bad(f"the container of {self.label} has no image", container)
        result: dict[str, Any] = {"image": image if isinstance(image, str) else ""}
        for field in ("command", "args"):
            items = container.get(field)
            if items is None:
                continue
            if not isinstance(items, list):
                self.bad(f"'{field}' of {self.label} must be a list", container)
                continue
            converted = [
                self.top(item, f"{field}[{index}]", container) for index, item in enumerate(items)
            ]
            if converted:
                result[field] = converted
        env = container.get("env")
        if env is not None:
            if not isinstance(env, dict):
                self.bad(
                    f"'env' of {self.label} must be a mapping of variable names to values",
                    container,
                )
            else:
                result["env"] = [
                    {"name": str(key), "value": self.top(value, f"env[{key}]", container)}
                    for key, value in env.items()
                ]
        return result

    def top(self, item: Any, where: str, node: Any) -> str:
        element = self.element(item, where, node)
        return element if isinstance(element, str) else json.dumps(element)

    def element(self, item: Any, where: str, node: Any) -> Element:
        """One command-line element: a string, or a Concat / IfPresent structure."""
        if isinstance(item, str):
            return item
        if not isinstance(item, dict):
            kind = (
                "number"
                if isinstance(item, (int, float)) and not isinstance(item, bool)
                else type(item).__name__
                if item is not None
                else "null"
            )
            self.bad(
                f"{where} of {self.label} is a {kind} ({item!r}); command-line items are strings or "
                "placeholders",
                node,
                hint="quote it, e.g. '5'" if kind in ("number", "bool") else None,
            )
            return ""
        node = item if id(item) in self.problems.lines else node
        if len(item) != 1:
            self.bad(
                f"{where} of {self.label} is a mapping with {len(item)} keys ({', '.join(map(str, item))}); "
                "a placeholder has exactly one key",
                node,
            )
            return ""
        key, value = next(iter(item.items()))
        if key in _UNSUPPORTED:
            self.bad(
                f"{where} of {self.label} uses the v1 placeholder '{key}', which kfp v2 does not support",
                node,
            )
            return ""
        if key not in _PLACEHOLDERS:
            self.bad(
                f"{where} of {self.label} uses the unknown placeholder '{key}'",
                node,
                hint=f"v1 placeholders: {', '.join(_PLACEHOLDERS)}",
            )
            return ""
        if key == "executorInput":
            return "{{$}}"
        if key == "concat":
            if not isinstance(value, list):
                self.bad(f"'concat' in {where} of {self.label} must be a list", node)
                return ""
            parts = [self.element(v, f"{where}.concat[{i}]", node) for i, v in enumerate(value)]
            for part in parts:
                if (
                    isinstance(part, dict)
                    and "IfPresent" in part
                    and (
                        isinstance(part["IfPresent"].get("Then"), list)
                        or isinstance(part["IfPresent"].get("Else"), list)
                    )
                ):
                    self.bad(
                        f"an 'if' inside 'concat' in {where} of {self.label} has a list in 'then' or "
                        "'else'; inside concat they must be single items",
                        node,
                        hint="write then: --flag instead of then: [--flag]",
                    )
            return {"Concat": parts}
        if key == "if":
            return self._if(value, where, node)
        return self._io_placeholder(key, value, where, node)

    def _if(self, value: Any, where: str, node: Any) -> Element:
        cond = value.get("cond") if isinstance(value, dict) else None
        name = cond.get("isPresent") if isinstance(cond, dict) and len(cond) == 1 else None
        if not isinstance(name, str):
            self.bad(
                f"'if' in {where} of {self.label} must be {{cond: {{isPresent: <input>}}, then: [...]}}; "
                f"got {value!r}",
                node,
                hint="kfp v2 supports only isPresent conditions",
            )
            return ""
        if "then" not in value:
            self.bad(f"'if' in {where} of {self.label} has no 'then'", node)
            return ""
        unknown = [k for k in value if k not in ("cond", "then", "else")]
        if unknown:
            self.bad(
                f"'if' in {where} of {self.label} has the unknown key{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(map(repr, unknown))}",
                node,
            )
        input_name = sanitize_name(name)
        if input_name not in self.spec.inputs:
            self.bad(
                f"'if' in {where} of {self.label} tests isPresent: {name}, which is not an input",
                node,
                hint=self._known(self.spec.inputs, "input"),
            )
        struct: dict[str, Any] = {
            "InputName": input_name,
            "Then": self._branch(value["then"], f"{where}.then", node),
        }
        otherwise = value.get("else")
        if otherwise is not None:
            converted = self._branch(otherwise, f"{where}.else", node)
            if converted:
                struct["Else"] = converted
        return {"IfPresent": struct}

    def _branch(self, value: Any, where: str, node: Any) -> Union[Element, list[Element]]:
        if isinstance(value, list):
            return [self.element(v, f"{where}[{i}]", node) for i, v in enumerate(value)]
        return self.element(value, where, node)

    def _io_placeholder(self, key: str, value: Any, where: str, node: Any) -> str:
        if not isinstance(value, str):
            self.bad(
                f"{{{key}: ...}} in {where} of {self.label} must name an {'input' if key.startswith('input') else 'output'}, "
                f"got {value!r}",
                node,
            )
            return ""
        name = sanitize_name(value)
        if key.startswith("input"):
            spec = self.spec.inputs.get(name)
            if spec is None:
                self.bad(
                    f"{{{key}: {value}}} in {where} of {self.label} names no input",
                    node,
                    hint=self._known(self.spec.inputs, "input"),
                )
                return ""
            if key == "inputValue":
                if spec.type.is_artifact:
                    self.bad(
                        f"{{inputValue: {value}}} in {where} of {self.label}: input '{value}' is an artifact "
                        f"({spec.type.schema_title}), which has no value to put on the command line",
                        node,
                        hint=f"use {{inputPath: {value}}} or {{inputUri: {value}}}, or give the input a "
                        "parameter type such as String",
                    )
                    return ""
                return InputValuePlaceholder(name).to_string()
            if not spec.type.is_artifact:
                self.bad(
                    f"{{{key}: {value}}} in {where} of {self.label}: input '{value}' is a parameter "
                    f"({spec.type.type_text}), which has no {'path' if key == 'inputPath' else 'URI'}",
                    node,
                    hint=f"use {{inputValue: {value}}}, or give the input an artifact type such as Dataset",
                )
                return ""
            placeholder = InputPathPlaceholder if key == "inputPath" else InputUriPlaceholder
            return placeholder(name).to_string()
        spec_out = self.spec.outputs.get(name)
        if spec_out is None:
            self.bad(
                f"{{{key}: {value}}} in {where} of {self.label} names no output",
                node,
                hint=self._known(self.spec.outputs, "output"),
            )
            return ""
        if key == "outputPath":
            if not spec_out.type.is_artifact:
                return OutputParameterPlaceholder(name).to_string()
            return OutputPathPlaceholder(name).to_string()
        if not spec_out.type.is_artifact:
            self.bad(
                f"{{outputUri: {value}}} in {where} of {self.label}: output '{value}' is a parameter "
                f"({spec_out.type.type_text}), which has no URI",
                node,
                hint=f"use {{outputPath: {value}}}, or give the output an artifact type such as Dataset",
            )
            return ""
        return OutputUriPlaceholder(name).to_string()

    @staticmethod
    def _known(table: dict, singular: str) -> str:
        return f"its {singular}s are: {', '.join(table)}" if table else f"it has no {singular}s"


def convert_v1(document: dict, problems: Problems) -> Optional[LoadedComponent]:
    unknown = [k for k in document if k not in _COMPONENT_KEYS]
    if unknown:
        problems.bad(
            f"the v1 component has the unknown top-level key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))}",
            document,
            hint=f"allowed keys: {', '.join(_COMPONENT_KEYS)}",
        )
    converter = _V1(document, problems)
    converter.read_interface()
    container = converter.read_container()
    if container is None:
        return None
    env = {entry["name"]: entry["value"] for entry in container.get("env", [])}
    return LoadedComponent(converter.spec, container=container, env=env)
