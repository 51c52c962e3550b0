"""Placeholders: strings the backend fills in at run time, and ``dsl.ContainerSpec``.

Container components are defined by calling the user's function with placeholder
objects in place of its parameters; the placeholders render to the IR's
``{{$.inputs.parameters['x']}}`` strings, and Concat/IfPresent to their JSON form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, List, Optional, Union

from kfp_lite import codes

from .tracing import report, user_location

PIPELINE_JOB_NAME_PLACEHOLDER = "{{$.pipeline_job_name}}"
PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER = "{{$.pipeline_job_resource_name}}"
PIPELINE_JOB_ID_PLACEHOLDER = "{{$.pipeline_job_uuid}}"
PIPELINE_TASK_NAME_PLACEHOLDER = "{{$.pipeline_task_name}}"
PIPELINE_TASK_ID_PLACEHOLDER = "{{$.pipeline_task_uuid}}"
PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER = "{{$.outputs.output_file}}"
PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER = "{{$}}"
PIPELINE_ROOT_PLACEHOLDER = "{{$.pipeline_root}}"
PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER = "{{$.pipeline_job_create_time_utc}}"
PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER = "{{$.pipeline_job_schedule_time_utc}}"
WORKSPACE_PATH_PLACEHOLDER = "{{$.workspace_path}}"


class Placeholder:
    """A value known only at run time inside a container command line."""

    io_name = ""

    def to_string(self) -> str:
        raise NotImplementedError

    def to_struct(self) -> Any:
        return self.to_string()

    def __str__(self) -> str:
        return self.to_string()

    def __format__(self, spec: str) -> str:
        return format(self.to_string(), spec)

    def __repr__(self) -> str:
        return self.to_string()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Placeholder) and other.to_struct() == self.to_struct()

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_struct(), sort_keys=True))


class _Simple(Placeholder):
    template = ""

    def __init__(self, name: str) -> None:
        self.io_name = name

    def to_string(self) -> str:
        return self.template.format(name=self.io_name)


class InputValuePlaceholder(_Simple):
    template = "{{{{$.inputs.parameters['{name}']}}}}"


class InputListOfArtifactsPlaceholder(_Simple):
    template = "{{{{$.inputs.artifacts['{name}']}}}}"


class InputPathPlaceholder(_Simple):
    template = "{{{{$.inputs.artifacts['{name}'].path}}}}"


class InputUriPlaceholder(_Simple):
    template = "{{{{$.inputs.artifacts['{name}'].uri}}}}"


class InputMetadataPlaceholder(_Simple):
    template = "{{{{$.inputs.artifacts['{name}'].metadata}}}}"

    def __getitem__(self, key: str) -> str:
        return f"{{{{$.inputs.artifacts['{self.io_name}'].metadata['{key}']}}}}"


class OutputParameterPlaceholder(_Simple):
    template = "{{{{$.outputs.parameters['{name}'].output_file}}}}"


class OutputPathPlaceholder(_Simple):
    template = "{{{{$.outputs.artifacts['{name}'].path}}}}"


class OutputUriPlaceholder(_Simple):
    template = "{{{{$.outputs.artifacts['{name}'].uri}}}}"


class OutputListOfArtifactsPlaceholder(_Simple):
    template = "{{{{$.outputs.artifacts['{name}']}}}}"


class OutputMetadataPlaceholder(_Simple):
    template = "{{{{$.outputs.artifacts['{name}'].metadata}}}}"

    def __getitem__(self, key: str) -> str:
        return f"{{{{$.outputs.artifacts['{self.io_name}'].metadata['{key}']}}}}"


CommandLineElement = Union[str, Placeholder]


def element_to_struct(element: Any) -> Any:
    if isinstance(element, Placeholder):
        return element.to_struct()
    return element


def element_to_string(element: Any) -> Any:
    if isinstance(element, Placeholder):
        return element.to_string()
    return element


class _Structured(Placeholder):
    """Concat and IfPresent: rendered as JSON, never usable inside an f-string."""

    def to_string(self) -> str:
        return json.dumps(self.to_struct())

    def __str__(self) -> str:
        report(codes.BAD_PLACEHOLDER(
            f"dsl.{type(self).__name__} cannot be used inside an f-string or str()",
            location=user_location(),
            hint="put it in the command/args list directly, or list its parts in a "
                 "dsl.ConcatPlaceholder"))
        return self.to_string()

    def __format__(self, spec: str) -> str:
        return str(self)


class ConcatPlaceholder(_Structured):
    """Joins its items into one command-line argument at run time."""

    def __init__(self, items: List[CommandLineElement]) -> None:
        self.items = list(items)
        for item in self.items:
            if isinstance(item, IfPresentPlaceholder):
                item.check_single_elements()

    def to_struct(self) -> Any:
        return {"Concat": [element_to_struct(i) for i in self.items]}


class IfPresentPlaceholder(_Structured):
    """``then`` when the optional input ``input_name`` was given, else ``else_``."""

    def __init__(self, input_name: str, then: Union[CommandLineElement, List[CommandLineElement]],
                 else_: Optional[Union[CommandLineElement, List[CommandLineElement]]] = None) -> None:
        self.input_name = input_name
        self.then = then
        self.else_ = else_
        self.location = user_location()

    def check_single_elements(self) -> None:
        """Inside a Concat, then/else_ must be single elements, not lists (kfp's rule)."""
        if isinstance(self.then, list) or isinstance(self.else_, list):
            report(codes.BAD_PLACEHOLDER(
                "dsl.IfPresentPlaceholder inside a dsl.ConcatPlaceholder must have a single "
                "element for then/else_, not a list",
                location=self.location, hint="use then='--flag' rather than then=['--flag']"))
        for branch in (self.then, self.else_):
            if isinstance(branch, ConcatPlaceholder):
                for item in branch.items:
                    if isinstance(item, IfPresentPlaceholder):
                        item.check_single_elements()
            elif isinstance(branch, IfPresentPlaceholder):
                branch.check_single_elements()

    def to_struct(self) -> Any:
        then = ([element_to_struct(e) for e in self.then] if isinstance(self.then, list)
                else element_to_struct(self.then))
        struct: dict = {"IfPresent": {"InputName": self.input_name, "Then": then}}
        if self.else_:
            struct["IfPresent"]["Else"] = (
                [element_to_struct(e) for e in self.else_] if isinstance(self.else_, list)
                else element_to_struct(self.else_))
        return struct


@dataclass
class ContainerSpec:
    """What a container component runs: ``dsl.ContainerSpec(image, command, args)``."""

    image: str
    command: Optional[List[Any]] = None
    args: Optional[List[Any]] = None
    env: dict = field(default_factory=dict)


class InputArtifactHandle:
    """What a container component's function receives for ``Input[T]``: .uri/.path/.metadata."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def uri(self) -> Placeholder:
        return InputUriPlaceholder(self._name)

    @property
    def path(self) -> Placeholder:
        return InputPathPlaceholder(self._name)

    @property
    def metadata(self) -> InputMetadataPlaceholder:
        return InputMetadataPlaceholder(self._name)


class OutputArtifactHandle:
    """What a container component's function receives for ``Output[T]``."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def uri(self) -> Placeholder:
        return OutputUriPlaceholder(self._name)

    @property
    def path(self) -> Placeholder:
        return OutputPathPlaceholder(self._name)

    @property
    def metadata(self) -> OutputMetadataPlaceholder:
        return OutputMetadataPlaceholder(self._name)
