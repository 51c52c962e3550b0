"""Control-flow groups: ``dsl.If/Elif/Else/Condition``, ``dsl.ParallelFor``, ``dsl.ExitHandler``.

Group names follow kfp exactly (``condition-1``, ``for-loop-2``...): one counter per
pipeline, taken when a group is entered; a raw-list loop takes an extra id for its item;
an ``Elif``/``Else`` wraps the chain in a ``condition-branches-N`` group that swaps ids with
the first ``If``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from kfp_lite import codes

from . import io_types
from .channels import (
    Collected,
    ConditionOperation,
    LoopArgument,
    LoopArgumentVariable,
    LoopArtifactArgument,
    OneOfChannel,
    PipelineArtifactChannel,
    PipelineChannel,
)
from .tracing import PipelineBuilder, current_builder, user_location

if TYPE_CHECKING:
    from .tasks import PipelineTask


class TasksGroup:
    """A node of the pipeline's group tree: holds tasks and nested groups."""

    group_type = "pipeline"

    def __init__(self, group_type: str, display_name: Optional[str], is_root: bool = False) -> None:
        self.group_type = group_type
        self.display_name = display_name
        self.is_root = is_root
        self.name = ""
        self.tasks: list[PipelineTask] = []
        self.groups: list[TasksGroup] = []
        self.parent: Optional[TasksGroup] = None
        self.location = None if is_root else user_location()

    def _builder(self) -> Optional[PipelineBuilder]:
        builder = current_builder()
        if builder is None:
            raise RuntimeError(
                f"dsl.{type(self).__name__} can only be used inside a @dsl.pipeline function")
        return builder

    def _take_name(self, builder: PipelineBuilder) -> None:
        self.name = f"{self.group_type}-{builder.next_group_id()}"

    def __enter__(self) -> Any:
        builder = self._builder()
        self._take_name(builder)
        builder.push_group(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        builder = current_builder()
        if builder is not None:
            builder.pop_group()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class ExitHandler(TasksGroup):
    """Runs ``exit_task`` after the tasks in the block, whatever their outcome."""

    def __init__(self, exit_task: PipelineTask, name: Optional[str] = None) -> None:
        super().__init__("exit-handler", name)
        self.exit_task = exit_task
        builder = self._builder()
        from .tasks import PipelineTask

        if not isinstance(exit_task, PipelineTask):
            builder.report(codes.BAD_EXIT_TASK(
                f"dsl.ExitHandler expects a task, got {type(exit_task).__name__}",
                location=self.location, hint="create the exit task first: t = notify(); "
                "with dsl.ExitHandler(t): ..."))
            return
        if exit_task.explicit_dependencies or any(c.task is not None for c in exit_task.channel_inputs):
            builder.report(codes.BAD_EXIT_TASK(
                f"exit task '{exit_task.name}' cannot depend on other tasks",
                location=exit_task.location, task_path=exit_task.path,
                hint="an exit task runs after the whole block; pass it constants or pipeline "
                     "parameters and a dsl.PipelineTaskFinalStatus input"))
        for group in builder.group_stack:
            if exit_task in group.tasks:
                group.tasks.remove(exit_task)
        exit_task.is_exit_task = True


class ConditionBranches(TasksGroup):
    """Wraps an If/Elif/Else chain; created when the first Elif or Else is entered."""

    def __init__(self) -> None:
        super().__init__("condition-branches", None)
        self._oneof_id = 0

    def next_oneof_id(self) -> int:
        self._oneof_id += 1
        return self._oneof_id


class _ConditionBase(TasksGroup):
    def __init__(self, conditions: list[ConditionOperation], name: Optional[str]) -> None:
        super().__init__("condition", name)
        self.conditions = conditions
        self.negated_upstream: list[ConditionOperation] = []


def _check_condition(condition: Any, kind: str, location: Any) -> Optional[ConditionOperation]:
    builder = current_builder()
    if isinstance(condition, ConditionOperation):
        return condition
    if builder is not None:
        if isinstance(condition, bool):
            message = (f"{kind} got the constant {condition}: the comparison was evaluated by "
                       "Python before the pipeline runs")
        elif isinstance(condition, PipelineChannel):
            message = f"{kind} needs a comparison, got the pipeline value '{condition.full_name}' alone"
        else:
            message = f"{kind} needs a comparison of a pipeline value, got {type(condition).__name__}"
        builder.report(codes.BAD_CONDITION(
            message, location=location,
            hint="compare a task output or pipeline parameter: dsl.If(task.output == 'heads')"))
    return None


class If(_ConditionBase):
    """Run the block only when ``condition`` holds at run time."""

    def __init__(self, condition: Any, name: Optional[str] = None) -> None:
        location = user_location()
        op = _check_condition(condition, f"dsl.{type(self).__name__}", location)
        super().__init__([op] if op is not None else [], name)
        self.location = location
        self.negated_upstream = [op.negated()] if op is not None else []


class Condition(If):
    """Deprecated alias of :class:`If`, kept for kfp compatibility."""

    def __init__(self, condition: Any, name: Optional[str] = None) -> None:
        super().__init__(condition, name)
        builder = current_builder()
        if builder is not None:
            builder.report(codes.DEPRECATED(
                "dsl.Condition is deprecated; it compiles exactly like dsl.If",
                location=self.location, hint="write dsl.If(...) instead of dsl.Condition(...)"))


def _previous_condition(kind: str, location: Any) -> Optional[_ConditionBase]:
    """The If/Elif this Elif/Else continues: the last group at the current level."""
    builder = current_builder()
    if builder is None:
        raise RuntimeError(f"dsl.{kind} can only be used inside a @dsl.pipeline function")
    siblings = builder.current_group.groups
    prev = siblings[-1] if siblings else None
    if isinstance(prev, (If, Elif)):
        return prev
    if kind == "Else" and isinstance(prev, ConditionBranches):
        message = "dsl.Else cannot follow another dsl.Else"
    else:
        message = f"dsl.{kind} can only follow a dsl.If or dsl.Elif block at the same level"
    builder.report(codes.BAD_CONTROL_FLOW(
        message, location=location,
        hint=f"put the dsl.{kind} block right after the dsl.If/dsl.Elif it continues; a chain is "
             "dsl.If, any number of dsl.Elif, then at most one dsl.Else"))
    return None


def _enter_branch(group: _ConditionBase) -> None:
    """Enter an Elif/Else, wrapping the chain in a condition-branches group at the first one.

    As in kfp, the wrapper stays the current group after an Elif block (only Else closes
    it), so tasks written after an If/Elif chain without Else land inside the wrapper.
    """
    builder = current_builder()
    assert builder is not None
    parent = builder.current_group
    if not (parent.groups and isinstance(parent.groups[-1], Elif)):
        wrapper = ConditionBranches()
        wrapper._take_name(builder)
        first = parent.groups.pop()
        # the wrapper takes the If's id and the If the newer one
        wrapper_base, wrapper_id = wrapper.name.rsplit("-", 1)
        first_base, first_id = first.name.rsplit("-", 1)
        wrapper.name = f"{wrapper_base}-{first_id}"
        first.name = f"{first_base}-{wrapper_id}"
        builder.push_group(wrapper)
        builder.push_group(first)
        builder.pop_group()
    group._take_name(builder)
    builder.push_group(group)


class Elif(_ConditionBase):
    """Run the block when every earlier branch of the chain was false and ``condition`` holds."""

    def __init__(self, condition: Any, name: Optional[str] = None) -> None:
        location = user_location()
        prev = _previous_condition("Elif", location)
        op = _check_condition(condition, "dsl.Elif", location)
        upstream = [c.copy() for c in prev.negated_upstream] if prev else []
        super().__init__(upstream + ([op] if op is not None else []), name)
        self.location = location
        self.chained = prev is not None
        self.negated_upstream = upstream + ([op.negated()] if op is not None else [])

    def __enter__(self) -> Any:
        if not self.chained:
            return super().__enter__()
        _enter_branch(self)
        return self


class Else(_ConditionBase):
    """Run the block when every earlier branch of the chain was false."""

    def __init__(self, name: Optional[str] = None) -> None:
        location = user_location()
        prev = _previous_condition("Else", location)
        super().__init__([c.copy() for c in prev.negated_upstream] if prev else [], name)
        self.location = location
        self.chained = prev is not None

    def __enter__(self) -> Any:
        if not self.chained:
            return super().__enter__()
        _enter_branch(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        builder = current_builder()
        if builder is not None:
            builder.pop_group()
            if self.chained:
                builder.pop_group()


class ParallelFor(TasksGroup):
    """Run the block once per item of ``items`` (a list, a list parameter, or artifacts)."""

    def __init__(self, items: Any, name: Optional[str] = None, parallelism: Optional[int] = None) -> None:
        super().__init__("for-loop", name)
        builder = self._builder()
        self.parallelism = parallelism or 0
        self.loop_argument: Union[LoopArgument, LoopArtifactArgument]
        invalid = False
        if isinstance(parallelism, bool) or not isinstance(self.parallelism, int) or self.parallelism < 0:
            builder.report(codes.BAD_LOOP(
                f"dsl.ParallelFor parallelism must be a whole number >= 0, got {parallelism!r}",
                location=self.location, hint="0 (the default) means no limit"))
            self.parallelism = 0
        if isinstance(items, (Collected, OneOfChannel)):
            kind = "Collected" if isinstance(items, Collected) else "OneOf"
            builder.report(codes.BAD_LOOP(
                f"dsl.ParallelFor cannot iterate over a dsl.{kind}: the loop would read a value its "
                "group never receives (kfp compiles this into a spec that does not validate)",
                location=self.location,
                hint=f"pass the dsl.{kind} to a task that returns the list, then loop over that task's output"))
            items = ["invalid"]
            invalid = True
        if isinstance(items, PipelineArtifactChannel):
            self.items_is_channel = True
            if not items.is_artifact_list:
                builder.report(codes.BAD_LOOP(
                    f"dsl.ParallelFor cannot iterate over the single artifact '{items.full_name}'",
                    location=self.location,
                    hint="iterate over a list of artifacts (List[...] output or dsl.Collected)"))
            io_type = io_types.IOType(items.io_type.type_text, is_artifact=True, is_list=False)
            self.loop_argument = LoopArtifactArgument(f"{items.name}-loop-item", io_type, items)
        elif isinstance(items, PipelineChannel):
            self.items_is_channel = True
            if not isinstance(items, LoopArgumentVariable) and items.io_type.parameter_type != "LIST":
                builder.report(codes.BAD_LOOP(
                    f"dsl.ParallelFor cannot iterate over '{items.full_name}' of type "
                    f"{items.io_type.display()}; it needs a list",
                    location=self.location, hint="annotate the value as a list (List[int], list, ...)"))
            item_type = io_types.list_item_type(items.channel_type) or "String"
            self.loop_argument = LoopArgument(f"{items.name}-loop-item", io_types.parameter(item_type),
                                              items, items)
        else:
            self.items_is_channel = False
            if isinstance(items, tuple):
                items = list(items)
            if not isinstance(items, list) or not items:
                builder.report(codes.BAD_LOOP(
                    "dsl.ParallelFor needs a non-empty list, a list parameter or a list output; "
                    f"got {items!r}" if not isinstance(items, PipelineChannel) else "",
                    location=self.location))
                invalid = not (isinstance(items, list) and items)
                items = items if isinstance(items, list) and items else ["invalid"]
            code = builder.next_group_id()
            first = items[0]
            if isinstance(first, dict) and first:
                key_t = type(next(iter(first.keys()))).__name__
                val_t = type(next(iter(first.values()))).__name__
                item_type = f"Dict[{key_t}, {val_t}]"
            else:
                item_type = type(first).__name__
            self.loop_argument = LoopArgument(f"loop-item-param-{code}", io_types.parameter(item_type),
                                              items, None)
            if isinstance(first, dict):
                for key in first:
                    self.loop_argument[key]
                taken = set(vars(self.loop_argument)) | {
                    n for n in dir(type(self.loop_argument)) if not n.startswith("_")}
                hidden = sorted(k for k in first if isinstance(k, str) and k in taken)
                for key in hidden:
                    builder.report(codes.BAD_LOOP(
                        f"the loop items' field '{key}' is hidden by an attribute of the loop item: "
                        f"item.{key} is not the field",
                        location=self.location, severity="warning",
                        hint=f"read it as item['{key}'], or rename the key"))

        if invalid:  # already reported: uses of the item are not checked again
            self.loop_argument.invalid = True

    def __enter__(self) -> Any:
        super().__enter__()
        return self.loop_argument
