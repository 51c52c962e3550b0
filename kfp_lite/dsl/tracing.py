"""Tracing a pipeline function: the active builder and the user's source locations.

When a ``@dsl.pipeline`` function is traced, a :class:`PipelineBuilder` is made current
(a context variable, so nothing global is mutated): component calls register tasks with it,
``with dsl.If(...)`` pushes groups, and problems are *reported* to it instead of raised, so
every mistake of a pipeline is collected in one pass.
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
import sys
from typing import TYPE_CHECKING, Any, Callable, Optional

from kfp_lite.diagnostics import Diagnostic, SourceLocation

if TYPE_CHECKING:
    from .channels import PipelineChannel
    from .groups import TasksGroup
    from .tasks import PipelineTask

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_ACTIVE: contextvars.ContextVar[Optional[PipelineBuilder]] = contextvars.ContextVar(
    "kfp_lite_active_builder", default=None)


# the active builder, or None: the context variable's own getter, so that asking (thousands
# of times per trace) costs no Python call
current_builder: Callable[[], Optional[PipelineBuilder]] = _ACTIVE.get


_INTERNAL_PREFIXES = (_PACKAGE_DIR, "<frozen")


def _is_internal(filename: str) -> bool:
    return filename.startswith(_INTERNAL_PREFIXES)


def user_location(skip: int = 1) -> Optional[SourceLocation]:
    """The first frame outside kfp_lite: where the user wrote the call being traced."""
    frame = sys._getframe(skip)
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return None
    builder = _ACTIVE.get()
    if builder is None:
        return _frame_location(frame, None)
    # a call site in a loop makes many tasks: its place is worked out once per trace (the
    # place depends only on the code object and the instruction, and locations are frozen)
    key = (frame.f_code, frame.f_lasti)
    location = builder.locations.get(key)
    if location is None:
        location = builder.locations[key] = _frame_location(frame, builder)
    return location


def _frame_location(frame: Any, builder: Optional[PipelineBuilder]) -> SourceLocation:
    code = frame.f_code
    line = frame.f_lineno
    column = 1
    if frame.f_lasti >= 0 and hasattr(code, "co_positions"):
        table = builder.positions(code) if builder is not None else tuple(code.co_positions())
        index = frame.f_lasti // 2
        pos = table[index] if index < len(table) else None
        if pos is not None:
            if pos[0] is not None:
                line = pos[0]
            if pos[2] is not None:
                column = pos[2] + 1
    return SourceLocation(code.co_filename, line, column)


def caching_default() -> bool:
    """Caching is on unless KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT says otherwise (as kfp)."""
    value = os.environ.get("KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT", "")
    return value.strip().lower() not in ("1", "true", "yes", "on", "t", "y")


class PipelineBuilder:
    """Collects the tasks, groups and diagnostics of one pipeline while it is traced."""

    def __init__(self, name: str) -> None:
        from .groups import TasksGroup

        self.name = name
        self.tasks: dict[str, PipelineTask] = {}
        self.root = TasksGroup("pipeline", None, is_root=True)
        self.root.name = name
        self.group_stack: list[TasksGroup] = [self.root]
        self._group_id = 0
        self.diagnostics: list[Diagnostic] = []
        self._patterns: dict[str, PipelineChannel] = {}
        self._token: Optional[contextvars.Token] = None
        self._next_suffix: dict[str, int] = {}
        self._positions: dict[Any, tuple] = {}
        self.locations: dict[tuple[Any, int], SourceLocation] = {}  # by (code, instruction)
        # kfp reads the variable for every task; once per trace gives the same answer
        self.caching_default = caching_default()

    # --- activation -------------------------------------------------------------------
    def __enter__(self) -> PipelineBuilder:
        self._token = _ACTIVE.set(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self._token is not None
        _ACTIVE.reset(self._token)
        self._token = None

    def positions(self, code: Any) -> tuple:
        """The (line, end line, column, end column) of each instruction of a code object, kept
        for this trace: a pipeline function with thousands of calls is scanned once, not per call."""
        table = self._positions.get(code)
        if table is None:
            table = self._positions[code] = tuple(code.co_positions())
        return table

    # --- registration -----------------------------------------------------------------
    def next_group_id(self) -> int:
        self._group_id += 1
        return self._group_id

    def add_task(self, task: PipelineTask, base_name: str, add_to_group: bool = True) -> str:
        base = base_name or "task"
        name = base
        if base in self.tasks:
            # as unique_name(), starting after the last suffix given to this base
            index = self._next_suffix.get(base, 2)
            name = f"{base}-{index}"
            while name in self.tasks:
                index += 1
                name = f"{base}-{index}"
            self._next_suffix[base] = index + 1
        self.tasks[name] = task
        if add_to_group:
            group = self.group_stack[-1]
            task.parent_group = group
            group.tasks.append(task)
        return name

    def push_group(self, group: TasksGroup) -> None:
        parent = self.group_stack[-1]
        group.parent = parent
        parent.groups.append(group)
        self.group_stack.append(group)

    def pop_group(self) -> None:
        self.group_stack.pop()

    @property
    def current_group(self) -> TasksGroup:
        return self.group_stack[-1]

    def register_pattern(self, channel: PipelineChannel) -> None:
        self._patterns.setdefault(channel.pattern, channel)

    def channel_for_pattern(self, pattern: str) -> Optional[PipelineChannel]:
        return self._patterns.get(pattern)

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)


def unique_name(name: str, taken: Any, start: int = 2) -> str:
    """``name``, or ``name-2``, ``name-3``... whichever is not yet in ``taken`` (a dict or set).

    ``start`` lets callers that only ever add names skip indexes known to be taken, which
    keeps naming linear when one component is used thousands of times.
    """
    if name not in taken:
        return name
    index = start
    while f"{name}-{index}" in taken:
        index += 1
    return f"{name}-{index}"


_NOT_NAME = re.compile("[^-0-9a-z]+")
_DASHES = re.compile("-+")
_CLEAN = re.compile("[0-9a-z]+(?:-[0-9a-z]+)*")


@functools.lru_cache(maxsize=65536)
def sanitize_k8s_name(name: str) -> str:
    """Lowercase, runs of other characters to '-', no leading/trailing '-' (kfp's rule)."""
    lowered = name.lower()
    if _CLEAN.fullmatch(lowered):  # already clean, as task names are: one match, not two passes
        return lowered
    return _DASHES.sub("-", _NOT_NAME.sub("-", lowered)).strip("-")


class DiagnosticSink:
    """Collects diagnostics outside a pipeline trace (e.g. while a component is defined)."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self._token: Optional[contextvars.Token] = None

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def __enter__(self) -> DiagnosticSink:
        self._token = _SINK.set(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self._token is not None
        _SINK.reset(self._token)


_SINK: contextvars.ContextVar[Optional[DiagnosticSink]] = contextvars.ContextVar(
    "kfp_lite_diagnostic_sink", default=None)


def report(diagnostic: Diagnostic) -> bool:
    """Send a diagnostic to the active component sink or pipeline trace; False if none is active."""
    sink = _SINK.get()
    if sink is not None:
        sink.report(diagnostic)
        return True
    builder = _ACTIVE.get()
    if builder is not None:
        builder.report(diagnostic)
        return True
    return False
