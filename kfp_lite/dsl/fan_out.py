"""``component.map(...)`` and ``component.product(...)``: fan-out sugar over ``dsl.ParallelFor``.

``train.map(lr=[0.1, 0.01], seed=[1, 2], data=ds.output)`` is the loop a user would write by
hand, with the list arguments zipped into one list of dicts:

    with dsl.ParallelFor([{"lr": 0.1, "seed": 1}, {"lr": 0.01, "seed": 2}]) as item:
        train(lr=item.lr, seed=item.seed, data=ds.output)

``product`` loops over the cartesian product instead (one flat loop, so its collected outputs
are flat lists). With a single list argument the loop runs over that list itself. Lists are
mapped; everything else, and ``dsl.unmapped(value)``, goes to every task unchanged. The result
gives the outputs of all iterations as ``dsl.Collected`` lists.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation

from . import io_types
from .channels import Collected, PipelineChannel, find_channels
from .tracing import current_builder, sanitize_k8s_name, user_location

if TYPE_CHECKING:
    from .components import BaseComponent
    from .groups import ParallelFor
    from .tasks import PipelineTask


@dataclass(frozen=True)
class unmapped:  # noqa: N801 - reads like ZenML's unmapped(...)
    """Pass ``value`` whole to every task of a ``.map()``/``.product()``, even if it is a list."""

    value: Any


class FanOutOutputs:
    """``result.outputs['name']``: the named output of every iteration, as a dsl.Collected."""

    def __init__(self, task: PipelineTask) -> None:
        self._task = task

    def __getitem__(self, name: str) -> Collected:
        return Collected(self._task.outputs[name])

    def __contains__(self, name: object) -> bool:
        return name in self._task.outputs

    def __iter__(self):
        return iter(self._task.outputs)

    def __len__(self) -> int:
        return len(self._task.outputs)

    def keys(self):
        return self._task.outputs.keys()


class FanOut:
    """What ``.map()``/``.product()`` return: the looped task and its collected outputs.

    ``task`` is the one task inside the loop (set options on it: ``res.task.set_cpu_limit``);
    ``loop`` is the ``dsl.ParallelFor`` group (None when the call had errors).
    """

    def __init__(self, task: PipelineTask, loop: Optional[ParallelFor], count: int) -> None:
        self.task = task
        self.loop = loop
        self.count = count

    @property
    def outputs(self) -> FanOutOutputs:
        return FanOutOutputs(self.task)

    @property
    def output(self) -> Collected:
        return Collected(self.task.output)

    def __repr__(self) -> str:
        return f"<FanOut {self.task.name} x{self.count}>"


def _is_list_channel(value: Any) -> bool:
    return isinstance(value, PipelineChannel) and (
        value.io_type.parameter_type == "LIST" or value.io_type.is_list
    )


def _split(
    component: BaseComponent,
    arguments: dict[str, Any],
    how: str,
    location: Optional[SourceLocation],
) -> tuple[dict, dict, list[Diagnostic]]:
    """The mapped lists, the arguments given whole, and what is wrong with the call."""
    spec = component.component_spec
    display = sanitize_k8s_name(component.name)
    mapped: dict[str, list] = {}
    fixed: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for name, value in arguments.items():
        if name not in spec.inputs:
            import difflib  # only for a mistake

            close = difflib.get_close_matches(name, list(spec.inputs), n=1)
            known = ", ".join(spec.inputs) or "none"
            problems.append(
                codes.UNKNOWN_ARGUMENT(
                    f"{display}.{how}() got an argument '{name}' that component '{display}' does not have",
                    location=location,
                    hint=f"did you mean '{close[0]}'?" if close else f"its inputs are: {known}",
                )
            )
        elif isinstance(value, unmapped):
            fixed[name] = value.value
        elif isinstance(value, (list, tuple)):
            mapped[name] = list(value)
            if not value:
                problems.append(
                    codes.BAD_FAN_OUT(
                        f"{display}.{how}() got an empty list for '{name}'",
                        location=location,
                        hint="give at least one value; a loop over nothing would run no task",
                    )
                )
            elif find_channels(list(value)):
                problems.append(
                    codes.BAD_FAN_OUT(
                        f"{display}.{how}() can only map over constant lists; '{name}' holds pipeline "
                        "values",
                        location=location,
                        hint="map over constants, or collect the values with a task that returns "
                        "a list and loop over it with dsl.ParallelFor",
                    )
                )
        elif (
            _is_list_channel(value)
            and spec.inputs[name].type.parameter_type != "LIST"
            and not spec.inputs[name].type.is_list
        ):
            problems.append(
                codes.BAD_FAN_OUT(
                    f"{display}.{how}() cannot map over the pipeline value '{value.full_name}' for "
                    f"'{name}': its items are known only at run time",
                    location=location,
                    hint=f"loop over it yourself: with dsl.ParallelFor({value.name}) as item: "
                    f"{display}({name}=item)",
                )
            )
        else:
            fixed[name] = value
    if not mapped and not problems:
        given = ", ".join(f"'{n}'" for n in arguments) or "no arguments"
        problems.append(
            codes.BAD_FAN_OUT(
                f"{display}.{how}() got no list to map over ({given})",
                location=location,
                hint=f"pass a list for at least one input, e.g. {display}.{how}"
                f"({next(iter(spec.inputs), 'x')}=[...])",
            )
        )
    lengths = {n: len(v) for n, v in mapped.items()}
    if how == "map" and len(set(lengths.values())) > 1:
        shown = ", ".join(f"'{n}' has {k}" for n, k in lengths.items())
        problems.append(
            codes.BAD_FAN_OUT(
                f"{display}.map() needs lists of the same length; {shown}",
                location=location,
                expected="lists of one length",
                got=shown,
                hint=f"use {display}.product(...) for every combination, or dsl.unmapped(...) "
                "to pass a list whole",
            )
        )
    return mapped, fixed, problems


def _items(mapped: dict[str, list], how: str) -> list:
    """The loop's items: the single list itself, or dicts of the zipped/crossed values."""
    names = list(mapped)
    if len(names) == 1:
        return list(mapped[names[0]])
    rows = zip(*mapped.values()) if how == "map" else itertools.product(*mapped.values())
    return [dict(zip(names, row)) for row in rows]


def fan_out(component: BaseComponent, arguments: dict[str, Any], how: str) -> FanOut:
    """Build the dsl.ParallelFor of a ``.map()``/``.product()`` call."""
    from .groups import ParallelFor

    builder = current_builder()
    location = user_location()
    if builder is None:
        raise RuntimeError(
            f"{component.name}.{how}() can only be used inside a @dsl.pipeline function"
        )
    mapped, fixed, problems = _split(component, arguments, how, location)
    if problems:
        for problem in problems:
            builder.report(problem)
        # still make a task so the rest of the pipeline traces, but report nothing more about it
        saved = builder.diagnostics
        builder.diagnostics = []
        try:
            firsts = {n: v[0] for n, v in mapped.items() if v}
            task = component(**fixed, **firsts)
        finally:
            builder.diagnostics = saved
        return FanOut(task, None, 0)
    items = _items(mapped, how)
    loop = ParallelFor(items)
    loop.location = location
    with loop as item:
        if len(mapped) == 1:
            looped = {next(iter(mapped)): item}
        else:
            looped = {}
            for name, values in mapped.items():
                field = getattr(item, name)
                kinds = {type(v) for v in values}
                if len(kinds) == 1:  # each field keeps the type of its own values
                    field.io_type = io_types.parameter(kinds.pop().__name__)
                looped[name] = field
        task = component(**fixed, **looped)
    return FanOut(task, loop, len(items))


__all__ = ["FanOut", "fan_out", "unmapped"]
