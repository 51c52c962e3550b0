"""Where every task and group of a traced pipeline sits: a read-only index both the checks
and the lowering plan use.

A node's *chain* is the names from the root down to it (the root is ``ROOT_NAME``, which no
user name can take). Two nodes' *uncommon ancestors* are what is left of their chains after
the shared prefix: the first of each side are the siblings a dependency is recorded between,
and the groups between a channel's producer and its consumer are the ones it must cross.
Nothing here reports or mutates; the index is built once per pipeline.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, NamedTuple, Optional, Union

from kfp_lite.dsl.channels import Collected, OneOfChannel, PipelineChannel
from kfp_lite.dsl.groups import ParallelFor, TasksGroup, _ConditionBase
from kfp_lite.dsl.tasks import PipelineTask

ROOT_NAME = "\x00root"

Node = Union[PipelineTask, TasksGroup]


class Topology(NamedTuple):
    """The group tree of one traced pipeline, with every node's chain of ancestors.

    (A NamedTuple: immutable like a frozen dataclass, and defining it costs the import a
    fraction of a dataclass's.)
    """

    root: TasksGroup
    tasks: Mapping[str, PipelineTask]
    groups: tuple[TasksGroup, ...]  # the root first, then depth-first in source order
    task_chains: Mapping[str, tuple[str, ...]]
    group_chains: Mapping[str, tuple[str, ...]]
    groups_by_name: Mapping[str, TasksGroup]
    loop_groups: Mapping[str, ParallelFor]
    # the channels compared by the conditions a task is nested in, outermost first
    condition_channels: Mapping[str, tuple[PipelineChannel, ...]]
    # every dependency edge (see :func:`edges`), worked out once in :func:`index` for the
    # checks and the plan
    edges: tuple[Edge, ...] = ()

    def node(self, name: Optional[str]) -> Optional[Node]:
        if name is None:
            return None
        task = self.tasks.get(name)
        return task if task is not None else self.groups_by_name.get(name)

    def chain(self, node: Node) -> Optional[tuple[str, ...]]:
        if isinstance(node, PipelineTask) and node.name in self.task_chains:
            return self.task_chains[node.name]
        if node.name in self.group_chains:
            return self.group_chains[node.name]
        return self.task_chains.get(node.name)

    def uncommon(self, upstream: Node, downstream: Node) -> Optional[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The two chains without their shared prefix, or None when a node is not placed."""
        a, b = self.chain(upstream), self.chain(downstream)
        if a is None or b is None:
            return None
        common = 0
        for x, y in zip(a, b):
            if x != y:
                break
            common += 1
        return a[common:], b[common:]

    def parent_name(self, group_name: str) -> str:
        """The name of the group containing ``group_name`` (``ROOT_NAME`` at the top)."""
        chain = self.group_chains[group_name]
        return chain[-2] if len(chain) > 1 else ROOT_NAME

    def placed_tasks(self) -> Iterator[PipelineTask]:
        """Tasks inside the group tree (exit tasks are not: they belong to their handler)."""
        for task in self.tasks.values():
            if not task.is_exit_task and task.name in self.task_chains:
                yield task


def index(builder: Any) -> Topology:
    """Index a pipeline's trace (its ``PipelineBuilder``)."""
    groups: list[TasksGroup] = []
    task_chains: dict[str, tuple[str, ...]] = {}
    group_chains: dict[str, tuple[str, ...]] = {}
    condition_channels: dict[str, tuple[PipelineChannel, ...]] = {}

    def walk(group: TasksGroup, chain: tuple[str, ...], conds: tuple[PipelineChannel, ...]) -> None:
        groups.append(group)
        if isinstance(group, _ConditionBase):
            conds = conds + tuple(c for op in group.conditions for c in op.channels())
        for sub in group.groups:
            group_chains[sub.name] = chain + (sub.name,)
            walk(sub, chain + (sub.name,), conds)
        for task in group.tasks:
            task_chains[task.name] = chain + (task.name,)
            condition_channels[task.name] = conds

    walk(builder.root, (ROOT_NAME,), ())
    by_name = {g.name: g for g in groups[1:]}
    placed = Topology(
        root=builder.root, tasks=builder.tasks, groups=tuple(groups), task_chains=task_chains,
        group_chains=group_chains, groups_by_name=by_name,
        loop_groups={g.name: g for g in groups if isinstance(g, ParallelFor)},
        condition_channels=condition_channels)
    return placed._replace(edges=tuple(edges(placed)))  # the edges read the chains above


class Edge(NamedTuple):
    """One upstream -> downstream use, seen from the downstream task.

    A NamedTuple rather than a frozen dataclass: as immutable, and a compile makes one per
    dependency, which a tuple makes about three times faster.
    """

    task: PipelineTask
    upstream: Node
    upstream_chain: tuple[str, ...]  # uncommon ancestors of the upstream node
    downstream_chain: tuple[str, ...]  # uncommon ancestors of the task
    carries_data: bool  # through an argument (not only a condition or .after())
    collected: bool  # through dsl.Collected, which fans in across the loop it crosses


def edges(topology: Topology) -> Iterator[Edge]:
    """Every dependency of every placed task, in task order, one per upstream node."""
    task_chains, conditions, node_named = topology.task_chains, topology.condition_channels, topology.node
    for task in topology.tasks.values():
        downstream = task_chains.get(task.name)
        if downstream is None or task.is_exit_task:
            continue  # not placed (see Topology.placed_tasks)
        # upstream name -> [node, carries data, only through dsl.Collected], in order of first use
        upstreams: dict[str, list[Any]] = {}
        for carries_data, channels in ((True, task.channel_inputs), (False, conditions.get(task.name, ()))):
            for channel in channels:
                producer = node_named(channel.task_name) if isinstance(channel, PipelineChannel) else None
                if producer is None:
                    continue
                collected = isinstance(channel, Collected) and not isinstance(channel, OneOfChannel)
                seen = upstreams.get(producer.name)
                if seen is None:
                    upstreams[producer.name] = [producer, carries_data, collected]
                else:
                    seen[1] = seen[1] or carries_data
                    seen[2] = seen[2] and collected
        for dep in task.explicit_dependencies:
            seen = upstreams.get(dep.name)
            if seen is None:
                upstreams[dep.name] = [dep, False, False]
            else:
                seen[0], seen[2] = dep, False
        for node, carries_data, collected in upstreams.values():
            # a task's chain straight from the index; anything else as Topology.chain finds it
            upstream = task_chains.get(node.name) if isinstance(node, PipelineTask) else None
            if upstream is None:
                upstream = topology.chain(node)
                if upstream is None:
                    continue
            common = 0
            for a, b in zip(upstream, downstream):
                if a != b:
                    break
                common += 1
            yield Edge(task, node, upstream[common:], downstream[common:], carries_data, collected)


__all__ = ["ROOT_NAME", "Node", "Topology", "Edge", "index", "edges"]
