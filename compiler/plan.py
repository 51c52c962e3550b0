"""The lowering plan: what crosses each group boundary of a checked pipeline, as frozen data.

:func:`plan` reads a traced pipeline that passed the checks and decides, as kfp does:

* each group's inputs, the ``pipelinechannel--`` channels that cross into it ("punching
  holes" from where a value exists down to where it is read);
* each group's outputs, the ``dsl.Collected`` and ``dsl.OneOf`` values it surfaces, and the
  name under which a surfaced value is read afterwards;
* the dependencies between siblings (the first uncommon ancestors of producer and consumer);
* where each pipeline output comes from.

Nothing is built, reported or mutated here; :mod:`.lower` turns the plan into IR dicts.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, NamedTuple, Optional, Union

from kfp_lite.dsl.channels import (
    Collected,
    LoopArgument,
    LoopArgumentVariable,
    LoopArtifactArgument,
    OneOfChannel,
    PipelineChannel,
)
from kfp_lite.dsl.groups import ParallelFor, TasksGroup, _ConditionBase
from kfp_lite.dsl.tasks import PipelineTask

from .topology import ROOT_NAME, Node, Topology, index

PREFIX = "pipelinechannel--"

# The records below are NamedTuples rather than frozen dataclasses: as immutable, and a
# dataclass costs about 0.3 ms to create when the module is first imported (on every compile).


class Source(NamedTuple):
    """Where a DAG output is read from: an output of a task or group of that DAG."""

    producer: str  # the producer subtask
    key: str  # its output's name
    is_artifact: bool


class GroupOutput(NamedTuple):
    """A value a group surfaces: a fanned-in loop output, a branch output, or a OneOf."""

    source: Source
    channel: PipelineChannel  # the value surfaced, for its type
    is_list: bool = False  # a dsl.Collected: a list of every iteration's value
    oneof: Optional[OneOfChannel] = None  # the OneOf a condition-branches group resolves


class TaskPlan(NamedTuple):
    """One task's record: the channels it reads (arguments and enclosing conditions) and the
    siblings it runs after."""

    task: PipelineTask
    reads: tuple[PipelineChannel, ...]
    dependent_tasks: tuple[str, ...]


class LoweringPlan(NamedTuple):
    """Everything the builder needs beyond the trace itself."""

    topology: Topology
    tasks: Mapping[str, TaskPlan]  # placed tasks, in trace order
    group_inputs: Mapping[str, tuple[PipelineChannel, ...]]  # a group's input channels, in order
    group_outputs: Mapping[str, Mapping[str, GroupOutput]]
    group_dependencies: Mapping[str, tuple[str, ...]]
    oneof_selectors: Mapping[OneOfChannel, tuple[Source, ...]]  # one per branch, as surfaced
    pipeline_outputs: Mapping[str, Source]
    # surfaced Collected values are read under a new (producer, name)
    renamed: Mapping[PipelineChannel, tuple[str, str]]

    def task_name(self, channel: Any) -> Optional[str]:
        """The producer a channel is read from in the DAG that reads it (a surfacing group for
        a Collected value)."""
        renamed = self.renamed.get(channel) if self.renamed else None
        return renamed[0] if renamed is not None else channel.task_name

    def name(self, channel: Any) -> str:
        renamed = self.renamed.get(channel) if self.renamed else None
        return renamed[1] if renamed is not None else channel.name

    def full_name(self, channel: Any) -> str:
        renamed = self.renamed.get(channel) if self.renamed else None
        if renamed is not None:
            return f"{renamed[0]}-{renamed[1]}"
        task = channel.task_name
        return f"{task}-{channel.name}" if task else channel.name

    def dependencies(self, node: Node) -> tuple[str, ...]:
        return self.group_dependencies.get(node.name, ())


def _reads(task: PipelineTask, conditions: Mapping[str, tuple[PipelineChannel, ...]]) -> tuple[PipelineChannel, ...]:
    """The channels a task reads: its arguments, its settings, its enclosing conditions."""
    reads = tuple(task.channel_inputs)
    if task.resources or task.container_image is not None:  # most tasks have no settings
        reads += _setting_channels(task)
    return reads + conditions.get(task.name, ())


def _setting_channels(task: Any) -> tuple:
    """Pipeline values given to resource or image settings: the task reads them, so the groups
    around it must pass them in (kfp does not, and its task then reads an undeclared input)."""
    known = {c.pattern for c in task.channel_inputs}
    found = []
    for value in (*task.resources.values(), task.container_image or ""):
        for channel in task.pattern_channels(str(value)):
            if channel.pattern not in known:
                known.add(channel.pattern)
                found.append(channel)
    return tuple(found)


def plan(builder: Any, outputs: Mapping[str, Any], topology: Optional[Topology] = None) -> LoweringPlan:
    """The plan of a traced pipeline (its builder and returned outputs) that passed the checks."""
    topology = topology if topology is not None else index(builder)
    surfacing = _Surfacing(topology)
    surfacing.run(outputs)
    deps = _dependencies(topology)
    conditions = topology.condition_channels
    task_plans = {task.name: TaskPlan(task, _reads(task, conditions), deps.get(task.name, ()))
                  for task in topology.placed_tasks()}
    inputs = _inputs_for_groups(topology, task_plans)
    group_inputs = {g.name: _group_channels(topology, g, list(inputs.get(g.name, {}).values()))
                    for g in topology.groups[1:]}
    return LoweringPlan(
        topology=topology, tasks=task_plans, group_inputs=group_inputs,
        group_outputs={k: dict(v) for k, v in surfacing.outputs.items()},
        group_dependencies=deps,
        oneof_selectors={k: tuple(Source(t, n, c.is_artifact) for t, n, c in v)
                         for k, v in surfacing.selectors.items()},
        pipeline_outputs=surfacing.pipeline_outputs, renamed=dict(surfacing.renamed))


# --- inputs of groups ("punching holes") ---------------------------------------------------

InputKey = tuple[str, Optional[str]]


def _inputs_for_groups(topology: Topology, tasks: Mapping[str, TaskPlan]) -> dict[str, dict[InputKey, PipelineChannel]]:
    """Every channel each group needs from outside, keyed by the channel and its producer."""
    inputs: dict[str, dict[InputKey, PipelineChannel]] = {}
    groups = topology.groups_by_name
    patterns: dict[PipelineChannel, str] = {}  # a channel's pattern, formatted once

    def add(group_name: str, channel: PipelineChannel, producer: Optional[str]) -> None:
        if group_name not in groups:
            return  # the consumer task itself: only groups declare inputs
        pattern = patterns.get(channel)
        if pattern is None:
            pattern = patterns[channel] = channel.pattern
        inputs.setdefault(group_name, {}).setdefault((pattern, producer), channel)

    group_names = groups.keys()
    for record in tasks.values():
        parents = topology.task_chains[record.task.name]
        if group_names.isdisjoint(parents):
            continue  # a task outside every group (most tasks): nothing to pass into a group
        compared = topology.condition_channels.get(record.task.name, ())
        for channel in record.reads:
            if _compared_item(channel, compared, record.task):
                continue
            _punch(topology, add, channel, record.task, parents)
    # A group's own needs (a loop's items, a condition's operands) reach it even when no
    # task inside uses them. kfp passes them on only through tasks, so a loop whose body
    # ignores its item, or an If/Else whose branches are empty, reads inputs its parent
    # never declared; for every other shape this adds nothing new.
    for group in topology.groups[1:]:
        needs: list[PipelineChannel] = []
        if isinstance(group, ParallelFor) and group.items_is_channel:
            needs.append(group.loop_argument.items)
        elif isinstance(group, _ConditionBase):
            needs.extend(c for op in group.conditions for c in op.channels())
        for channel in needs:
            # the group's own inputs for these are made when its DAG is built; its parents
            # are what need them
            _punch(topology, lambda name, ch, producer, own=group.name: name != own and add(name, ch, producer),
                   channel, group, topology.group_chains[group.name])
    return inputs


def _compared_item(channel: PipelineChannel, compared: tuple[PipelineChannel, ...], task: PipelineTask) -> bool:
    """Whether ``channel`` is an item (or field) of a loop over a list written in the source
    that only an enclosing condition compares: the condition's group reads it itself (its own
    needs, below), so the groups between that group and the task need nothing for it. kfp
    passes nothing for it either; passing the whole item down gave those groups an input no
    one reads."""
    return bool(compared) and any(channel is c for c in compared) and with_items_item(channel) is not None \
        and not any(channel is a for a in task.channel_inputs)


def _punch(topology: Topology, add: Callable[[str, PipelineChannel, Optional[str]], Any],
           channel: PipelineChannel, consumer: Node, parents: tuple[str, ...]) -> None:
    """Add ``channel`` as an input of each group between where it exists and ``consumer``."""
    # a loop item written into an f-string is a plain copy; it crosses groups as the item
    # does (only inside its loop), not as a value that exists above the loop
    origin = channel.origin
    current: Any = origin if _is_loop_item(origin) and not origin.is_with_items else channel
    chain_: list[Any] = []
    while isinstance(current, _LOOP_ITEMS):
        chain_.append(current)
        current = current.loop_argument if isinstance(current, LoopArgumentVariable) else current.items
    if isinstance(current, PipelineChannel):
        chain_.append(current)
    producer = topology.node(channel.task_name)
    if producer is not None:
        pair = topology.uncommon(producer, consumer)
        if pair is None:
            return
        upstream, downstream = pair
        for position, group_name in enumerate(downstream):
            add(group_name, chain_[-1], upstream[0] if position == 0 else None)
            if _consumes(topology.loop_groups.get(group_name), chain_):
                chain_.pop()
                if not chain_:
                    break
    elif _with_items_item(channel) is not None:
        # An item of a loop over a list written in the source exists only inside its loop:
        # every group between the consumer and that loop gets the whole item (fields are
        # read from it with a selector), and nothing above the loop gets anything. kfp
        # passes the field itself up to the root instead, wired to inputs that do not exist.
        item = _with_items_item(channel)
        whole = item.loop_argument if isinstance(item, LoopArgumentVariable) else item
        for group_name in reversed(parents):
            add(group_name, whole, None)
            loop = topology.loop_groups.get(group_name)
            if loop is not None and _owns(loop, item):
                break
    else:
        for group_name in parents:
            add(group_name, chain_[-1], None)
            if _consumes(topology.loop_groups.get(group_name), chain_):
                chain_.pop()
                if not chain_:
                    break


def _group_channels(topology: Topology, group: TasksGroup, channels: list[PipelineChannel]) -> tuple[PipelineChannel, ...]:
    """A group's input channels in the order of its interface: what crosses into it, then
    its own needs (a loop's items and item, a condition's operands)."""
    if isinstance(group, ParallelFor):
        return tuple(_loop_channels(topology, group, channels))
    if isinstance(group, _ConditionBase):
        return tuple(channels) + tuple(c for op in group.conditions for c in op.channels())
    return tuple(channels)


def _loop_channels(topology: Topology, loop: ParallelFor, channels: list[PipelineChannel]) -> list[PipelineChannel]:
    result = []
    for channel in channels:
        if isinstance(channel, (LoopArgument, LoopArtifactArgument, LoopArgumentVariable)) \
                and channel.is_with_items:
            found = False
            for group_name in reversed(topology.group_chains[loop.name]):
                other = topology.loop_groups.get(group_name)
                if other is not None and channel.name in other.loop_argument.name:
                    found = True
                    break
            if not found:
                continue
        result.append(channel)
    if loop.items_is_channel:
        result.append(loop.loop_argument.items)
    result.append(loop.loop_argument)
    return result


_LOOP_ITEMS = (LoopArgument, LoopArtifactArgument, LoopArgumentVariable)


def _is_loop_item(channel: Any) -> bool:
    return isinstance(channel, _LOOP_ITEMS)


def _consumes(loop: Optional[ParallelFor], chain: list) -> bool:
    """Whether ``loop`` turns the outermost channel of ``chain`` into the next one (its items
    into its item), so groups inside it need only the more specific channel.

    kfp decides this by comparing names, which goes wrong when two nested loops iterate over
    the same value (both items are named ``<value>-loop-item``): the inner loop's items stop
    at the outer loop and the inner loop reads an input its parent never declared. Comparing
    the loop argument objects gives kfp's document for every other shape.
    """
    if loop is None:
        return False
    argument = loop.loop_argument
    return chain[-1] is argument or (len(chain) > 1 and chain[-2] is argument)


def with_items_item(channel: Any) -> Any:
    """The loop item over a list written in the source that ``channel`` stands for, if any:
    the item itself, or the item written into an f-string (a plain copy, as in kfp)."""
    if isinstance(channel, _LOOP_ITEMS) and channel.is_with_items:
        return channel
    origin = getattr(channel, "origin", None)
    if isinstance(origin, _LOOP_ITEMS) and origin.is_with_items:
        return origin
    return None


_with_items_item = with_items_item


def _owns(loop: ParallelFor, channel: Any) -> bool:
    """Whether ``channel`` is the loop's own item or a field of it."""
    argument = loop.loop_argument
    return channel is argument or getattr(channel, "loop_argument", None) is argument


# --- outputs of groups (Collected / OneOf) -------------------------------------------------

# a OneOf branch while it is surfaced: (producer, output name, channel)
_Selector = tuple[str, str, PipelineChannel]


class _Surfacing:
    """Works out the outputs of groups; the result is read off once ``run`` returns."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self.outputs: dict[str, dict[str, GroupOutput]] = {}
        self.renamed: dict[PipelineChannel, tuple[str, str]] = {}
        self.selectors: dict[OneOfChannel, list[_Selector]] = {}
        self.pipeline_outputs: dict[str, Source] = {}

    def _task(self, channel: Any) -> Optional[str]:
        renamed = self.renamed.get(channel)
        return renamed[0] if renamed is not None else channel.task_name

    def _name(self, channel: Any) -> str:
        renamed = self.renamed.get(channel)
        return renamed[1] if renamed is not None else channel.name

    def _full(self, channel: Any) -> str:
        task = self._task(channel)
        return f"{task}-{self._name(channel)}" if task else self._name(channel)

    def _surface_collected(self, channel: Collected, upstream: list[str], stop: Callable[[str], bool]) -> str:
        """Surface a loop output through the groups of ``upstream`` (outermost first, the
        producing task last); return the last group it was surfaced from."""
        surfaced = PREFIX + self._full(channel)
        producer_name = upstream.pop()
        name = self._name(channel)
        last_group = producer_name
        for group_name in reversed(upstream):
            self.outputs.setdefault(group_name, {})[surfaced] = GroupOutput(
                Source(producer_name, name, channel.output.is_artifact), channel.output, is_list=True)
            self.renamed[channel] = (group_name, surfaced)
            name = surfaced
            producer_name = last_group = group_name
            if stop(group_name):
                break
        return last_group

    def run(self, pipeline_outputs: Mapping[str, Any]) -> None:
        topology = self.topology
        children: dict[str, set[str]] = {}  # each group's children by name, made when a Collected needs them
        processed: set[OneOfChannel] = set()
        for task in topology.tasks.values():
            for channel in task.channel_inputs:
                if isinstance(channel, Collected):
                    if channel.invalid:
                        continue
                    producer = topology.node(self._task(channel))
                    pair = topology.uncommon(producer, task) if producer is not None else None
                    if pair is None:
                        continue
                    consumer_top = pair[1][0]

                    if not children:
                        children.update({g.name: {x.name for x in g.groups} | {t.name for t in g.tasks}
                                         for g in topology.groups})
                        children[ROOT_NAME] = children.get(topology.root.name, set())

                    def reaches_consumer(group_name: str, top: str = consumer_top) -> bool:
                        parent = topology.parent_name(group_name)
                        return top in children.get(parent if parent != ROOT_NAME else topology.root.name, set())

                    self._surface_collected(channel, list(pair[0]), reaches_consumer)
                elif isinstance(channel, OneOfChannel):
                    if channel in processed or channel.branches is None or channel.problem:
                        continue
                    self._surface_oneof(channel, task)
                    processed.add(channel)

        # a OneOf compared in a condition is read by the condition group: surface it too
        # (kfp surfaces OneOf values only for tasks and pipeline outputs)
        for group in topology.groups:
            if isinstance(group, _ConditionBase):
                for channel in (c for op in group.conditions for c in op.channels()):
                    if isinstance(channel, OneOfChannel) and channel not in processed \
                            and channel.branches is not None and not channel.problem:
                        self._surface_oneof(channel, None)
                        processed.add(channel)

        for key, channel in pipeline_outputs.items():
            if isinstance(channel, Collected):
                if channel.invalid or channel.task is None or channel.task.name not in topology.task_chains:
                    continue
                upstream = list(topology.task_chains[channel.task.name][1:])
                if len(upstream) < 2:
                    continue
                surfaced = PREFIX + self._full(channel)
                last_group = self._surface_collected(channel, upstream, lambda _name: False)
                self.pipeline_outputs[key] = Source(last_group, surfaced, channel.output.is_artifact)
                continue
            if isinstance(channel, OneOfChannel) and channel not in processed \
                    and channel.branches is not None and not channel.problem:
                self._surface_oneof(channel, None)
            self.pipeline_outputs[key] = Source(self._task(channel), self._name(channel), channel.is_artifact)

    def _surface_oneof(self, oneof: OneOfChannel, consumer: Optional[PipelineTask]) -> None:
        topology = self.topology
        assert oneof.branches is not None
        selectors: list[_Selector] = [(c.task_name, c.name, c) for c in oneof.channels]
        self.selectors[oneof] = selectors
        branches_name = oneof.branches.name
        for position, (task_name, name, channel) in enumerate(selectors):
            producer = channel.task
            if producer is None or producer.name not in topology.task_chains:
                continue
            if consumer is not None:
                pair = topology.uncommon(producer, consumer)
                if pair is None:
                    continue
                upstream = pair[0]
            else:
                upstream = topology.task_chains[producer.name][1:]
            surfaced = PREFIX + f"{task_name}-{name}"
            for group_name in reversed(upstream):
                if group_name == producer.name:
                    continue
                if group_name == branches_name:
                    self.outputs.setdefault(group_name, {})[oneof.name] = GroupOutput(
                        Source(branches_name, oneof.name, oneof.is_artifact), oneof, oneof=oneof)
                    break
                self.outputs.setdefault(group_name, {})[surfaced] = GroupOutput(
                    Source(task_name, name, channel.is_artifact), channel)
                task_name, name = group_name, surfaced
                selectors[position] = (task_name, name, channel)


# --- dependencies ---------------------------------------------------------------------------

def _dependencies(topology: Topology) -> dict[str, tuple[str, ...]]:
    """The siblings each task or group runs after (a fanned-in loop counts as its loop)."""
    deps: dict[str, set[str]] = {}
    for edge in topology.edges:
        if edge.upstream_chain and edge.downstream_chain:
            deps.setdefault(edge.downstream_chain[0], set()).add(edge.upstream_chain[0])
    return {name: tuple(sorted(found)) for name, found in deps.items()}


Plan = LoweringPlan
Output = Union[GroupOutput, Source]

__all__ = ["PREFIX", "LoweringPlan", "GroupOutput", "Source", "TaskPlan", "plan", "with_items_item"]
