"""Pipeline channels: the run-time values a pipeline function wires between tasks.

A channel stands for a value that exists only when the pipeline runs: a pipeline
parameter, a task output, a loop item, a fan-in (``Collected``) or a pick among branches
(``OneOf``). Channels render into strings as ``{{channel:task=..;name=..;type=..;}}`` so
that f-strings keep them; the compiler finds and replaces those patterns.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from . import io_types
from .io_types import IOType
from .tracing import current_builder, user_location

if TYPE_CHECKING:
    from .groups import ConditionBranches
    from .tasks import PipelineTask

CHANNEL_PATTERN = re.compile(r"\{\{channel:task=([\w\s_-]*);name=([\w\s_-]+);type=([\w\s{}\":_\-\[\],.@]*);\}\}")


class PipelineChannel:
    """A reference to a value known only at run time."""

    # set on stand-in channels returned after a reported mistake, so later checks stay quiet
    invalid: Any = None
    # on a channel written into an f-string: the loop item it was written from
    origin: Any = None

    def __init__(self, name: str, io_type: IOType, task: Optional[PipelineTask] = None) -> None:
        self.name = name
        self.io_type = io_type
        self.task = task

    # --- identity -------------------------------------------------------------------
    @property
    def task_name(self) -> Optional[str]:
        return self.task.name if self.task is not None else None

    @property
    def full_name(self) -> str:
        return f"{self.task_name}-{self.name}" if self.task_name else self.name

    @property
    def channel_type(self) -> str:
        return self.io_type.type_text

    @property
    def is_artifact(self) -> bool:
        return self.io_type.is_artifact

    @property
    def is_artifact_list(self) -> bool:
        return self.io_type.is_list

    @property
    def pattern(self) -> str:
        return "{{{{channel:task={};name={};type={};}}}}".format(self.task_name or "", self.name, self.channel_type)

    def __str__(self) -> str:
        builder = current_builder()
        if builder is not None:
            builder.register_pattern(self)
        return self.pattern

    def __repr__(self) -> str:
        return str(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __hash__(self) -> int:
        return id(self)

    # --- comparisons build conditions ---------------------------------------------
    def __eq__(self, other: Any) -> ConditionOperation:  # type: ignore[override]
        return ConditionOperation("==", self, other)

    def __ne__(self, other: Any) -> ConditionOperation:  # type: ignore[override]
        return ConditionOperation("!=", self, other)

    def __lt__(self, other: Any) -> ConditionOperation:
        return ConditionOperation("<", self, other)

    def __le__(self, other: Any) -> ConditionOperation:
        return ConditionOperation("<=", self, other)

    def __gt__(self, other: Any) -> ConditionOperation:
        return ConditionOperation(">", self, other)

    def __ge__(self, other: Any) -> ConditionOperation:
        return ConditionOperation(">=", self, other)

    def __bool__(self) -> bool:
        _report_truthiness(f"pipeline value '{self.full_name}'")
        return True

    def __iter__(self):
        _report_truthiness(f"pipeline value '{self.full_name}'", what="iterated over")
        return iter(())

    # string concatenation with + is a common kfp mistake; make it work like an f-string
    def __add__(self, other: Any) -> str:
        return str(self) + str(other)

    def __radd__(self, other: Any) -> str:
        return str(other) + str(self)


def _report_truthiness(subject: str, what: str = "used as a Python truth value") -> None:
    builder = current_builder()
    if builder is None:
        return
    from kfp_lite import codes

    builder.report(codes.CHANNEL_TRUTHINESS(
        f"{subject} is {what}; its value is only known when the pipeline runs",
        location=user_location(),
        hint="use dsl.If(value == ...) / dsl.Elif / dsl.Else for run-time decisions, "
             "or dsl.ParallelFor to iterate",
    ))


class PipelineParameterChannel(PipelineChannel):
    pass


class PipelineArtifactChannel(PipelineChannel):
    pass


def make_channel(name: str, io_type: IOType, task: Optional[PipelineTask] = None) -> PipelineChannel:
    cls = PipelineArtifactChannel if io_type.is_artifact else PipelineParameterChannel
    return cls(name, io_type, task)


class ConditionOperation:
    """``left <op> right``, where at least one side is a channel; ``negate`` for Elif/Else."""

    def __init__(self, operator: str, left: Any, right: Any, negate: bool = False) -> None:
        self.operator = operator
        self.left_operand = left
        self.right_operand = right
        self.negate = negate
        self.location = user_location()

    def negated(self) -> ConditionOperation:
        op = ConditionOperation(self.operator, self.left_operand, self.right_operand, True)
        op.location = self.location
        return op

    def copy(self) -> ConditionOperation:
        op = ConditionOperation(self.operator, self.left_operand, self.right_operand, self.negate)
        op.location = self.location
        return op

    def channels(self) -> list[PipelineChannel]:
        return [x for x in (self.left_operand, self.right_operand) if isinstance(x, PipelineChannel)]

    def __bool__(self) -> bool:
        _report_truthiness("a comparison of pipeline values")
        return True


# --- loops ----------------------------------------------------------------------------



class LoopArgument(PipelineParameterChannel):
    """The item of a ``dsl.ParallelFor`` over raw items or a list parameter."""

    def __init__(self, name: str, io_type: IOType, items: Any, items_channel: Optional[PipelineChannel]) -> None:
        super().__init__(name, io_type, items_channel.task if items_channel is not None else None)
        self.items = items  # the raw list, or the channel iterated over
        self.items_channel = items_channel
        self.subvars: dict[str, LoopArgumentVariable] = {}

    @property
    def is_with_items(self) -> bool:
        return self.items_channel is None

    def __getitem__(self, key: str) -> LoopArgumentVariable:
        """``item['name']``: a field of a dict item, also one whose key is an attribute name."""
        subvars = self.__dict__["subvars"]
        if key not in subvars:
            subvars[key] = LoopArgumentVariable(self, key)
        return subvars[key]

    def __getattr__(self, name: str) -> LoopArgumentVariable:
        if name.startswith("__") or name in ("items", "items_channel", "subvars"):
            raise AttributeError(name)
        subvars = self.__dict__.get("subvars")
        if subvars is None:
            raise AttributeError(name)
        if name not in subvars:
            subvars[name] = LoopArgumentVariable(self, name)
        return subvars[name]


class LoopArtifactArgument(PipelineArtifactChannel):
    """The item of a ``dsl.ParallelFor`` over a list of artifacts."""

    def __init__(self, name: str, io_type: IOType, items_channel: PipelineChannel) -> None:
        super().__init__(name, io_type, items_channel.task)
        self.items = items_channel
        self.items_channel = items_channel

    @property
    def is_with_items(self) -> bool:
        return False


class LoopArgumentVariable(PipelineParameterChannel):
    """A field of a loop item that is a dict: ``item.a``."""

    def __init__(self, loop_argument: LoopArgument, subvar_name: str) -> None:
        self.loop_argument = loop_argument
        self.subvar_name = subvar_name
        value_type = io_types.dict_value_type(loop_argument.channel_type) or "String"
        super().__init__(f"{loop_argument.name}-subvar-{subvar_name}", io_types.parameter(value_type),
                         loop_argument.task)

    @property
    def invalid(self) -> Any:  # type: ignore[override]
        return self.loop_argument.invalid

    @property
    def items_channel(self) -> Optional[PipelineChannel]:
        return self.loop_argument.items_channel

    @property
    def items(self) -> Any:
        return self.loop_argument.items

    @property
    def is_with_items(self) -> bool:
        return self.loop_argument.is_with_items


def is_loop_channel(value: Any) -> bool:
    return isinstance(value, (LoopArgument, LoopArtifactArgument, LoopArgumentVariable))


# --- fan-in and branches ----------------------------------------------------------------

class Collected(PipelineChannel):
    """``dsl.Collected(task.output)``: every iteration's value of a loop output, as a list."""

    def __init__(self, output: PipelineChannel) -> None:
        self.output = output
        self.location = user_location()
        if not isinstance(output, PipelineChannel):
            io_type = io_types.parameter("LIST")
            super().__init__("invalid", io_type, None)
            self.invalid = f"dsl.Collected expects a task output, got {type(output).__name__}"
            return
        self.invalid = None
        if output.is_artifact:
            io_type = io_types.IOType(output.io_type.type_text, is_artifact=True, is_list=True)
        else:
            io_type = io_types.parameter("LIST")
        super().__init__(output.name, io_type, output.task)


class OneOfChannel(PipelineChannel):
    """``dsl.OneOf(a, b, ...)``: the output of whichever If/Elif/Else branch ran."""

    def __init__(self, channels: list[PipelineChannel], branches: Optional[ConditionBranches],
                 oneof_id: int, io_type: IOType, problem: Optional[str]) -> None:
        self.channels = channels
        self.branches = branches
        self.problem = problem
        self.location = user_location()
        name = f"pipelinechannel--{branches.name}-oneof-{oneof_id}" if branches is not None else "oneof"
        super().__init__(name, io_type, None)

    @property
    def task_name(self) -> Optional[str]:
        return self.branches.name if self.branches is not None else None

    def __str__(self) -> str:
        builder = current_builder()
        if builder is not None:
            from kfp_lite import codes

            builder.report(codes.BAD_ONEOF(
                "dsl.OneOf cannot be used inside a string", location=user_location(),
                hint="pass the OneOf to a task input and build the string inside the component"))
        return self.pattern


def OneOf(*channels: PipelineChannel) -> OneOfChannel:  # noqa: N802 - kfp's public name
    """Pick the output of whichever ``dsl.If`` / ``dsl.Elif`` / ``dsl.Else`` branch ran."""
    from .groups import ConditionBranches, Else

    problem: Optional[str] = None
    branches: Optional[ConditionBranches] = None
    if not channels:
        problem = "dsl.OneOf needs at least one task output"
    elif any(not isinstance(c, PipelineChannel) for c in channels):
        problem = "dsl.OneOf takes task outputs only"
    elif any(isinstance(c, Collected) for c in channels):
        problem = "dsl.Collected cannot be used inside dsl.OneOf"
    elif any(isinstance(c, OneOfChannel) for c in channels):
        problem = "dsl.OneOf cannot be used inside another dsl.OneOf"
    else:
        first = channels[0]
        if any(c.is_artifact != first.is_artifact for c in channels):
            problem = "task outputs passed to dsl.OneOf must all be parameters or all artifacts"
        else:
            for index, c in enumerate(channels[1:], start=1):
                if c.io_type != first.io_type:
                    problem = (f"task outputs passed to dsl.OneOf must be the same type; got "
                               f"{first.io_type.display()} at index 0 and {c.io_type.display()} at index {index}")
                    break
        task = first.task
        group = task.parent_group if task is not None else None
        parent = group.parent if group is not None else None
        if isinstance(parent, ConditionBranches):
            branches = parent
            if problem is None and not isinstance(parent.groups[-1], Else):
                problem = ("dsl.OneOf must include an output from a task in a dsl.Else group, "
                           "so that one output always exists at run time")
        elif problem is None:
            problem = ("dsl.OneOf takes outputs of tasks directly inside the branches of one "
                       "dsl.If/dsl.Elif/dsl.Else chain")
    io_type = channels[0].io_type if channels and isinstance(channels[0], PipelineChannel) else io_types.parameter("String")
    oneof_id = branches.next_oneof_id() if branches is not None else 0
    cls = OneOfArtifact if io_type.is_artifact else OneOfParameter
    return cls(list(channels), branches, oneof_id, io_type, problem)


class OneOfParameter(OneOfChannel, PipelineParameterChannel):
    """A OneOf of parameter outputs."""


class OneOfArtifact(OneOfChannel, PipelineArtifactChannel):
    """A OneOf of artifact outputs."""


def find_channels(value: Any) -> list[PipelineChannel]:
    """Every channel inside a constant: strings holding channel patterns, lists, dicts."""
    found: list[PipelineChannel] = []
    _collect(value, found)
    return found


def _collect(value: Any, found: list[PipelineChannel]) -> None:
    if isinstance(value, PipelineChannel):
        found.append(value)
    elif isinstance(value, str):
        if "{{channel:" in value:
            builder = current_builder()
            for match in CHANNEL_PATTERN.finditer(value):
                channel = builder.channel_for_pattern(match.group(0)) if builder else None
                if channel is not None and all(x is not channel for x in found):
                    found.append(channel)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, found)
    elif isinstance(value, dict):
        for k, v in value.items():
            _collect(k, found)
            _collect(v, found)
