"""The drawable graph of a pipeline: plain frozen records, independent of any output format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

# Node kinds
TASK = "task"
INPUT = "input"  # a pipeline input
OUTPUT = "output"  # a pipeline output
LOOP_ITEM = "loop-item"  # the item variable of a ParallelFor

# Value kinds of inputs, outputs and data edges
PARAMETER = "parameter"
ARTIFACT = "artifact"

# Edge kinds besides PARAMETER and ARTIFACT (which carry data)
AFTER = "after"  # an ordering-only dependency (task.after(...))
EXIT = "exit"  # an exit handler's group -> its exit task
CONDITION = "condition"  # a value read by a condition -> the condition's group

# Cluster kinds
CONDITION_GROUP = "condition"
BRANCHES_GROUP = "condition-branches"
LOOP_GROUP = "for-loop"
EXIT_GROUP = "exit-handler"
PIPELINE_GROUP = "pipeline"  # a pipeline used as a task of another pipeline


@dataclass(frozen=True)
class Node:
    """A box of the drawing: a task, a pipeline input or output, or a loop's item."""

    id: str
    kind: str
    label: str
    cluster: Optional[str]  # id of the innermost enclosing cluster, None at top level
    path: str  # task path in the pipeline ("for-loop-2/make"), or the input/output name
    value_kind: Optional[str] = None  # PARAMETER or ARTIFACT for inputs, outputs, items


@dataclass(frozen=True)
class Cluster:
    """A group of the DAG (condition, branches, loop, exit handler) or a nested pipeline."""

    id: str
    kind: str
    label: str
    parent: Optional[str]
    path: str  # task path of the group task ("condition-branches-1/condition-3")


@dataclass(frozen=True)
class Edge:
    """An arrow between two nodes or clusters (``source``/``target`` are their ids)."""

    source: str
    target: str
    kind: str
    label: str
    source_key: Optional[str] = None  # output (or input) name the data leaves from
    target_key: Optional[str] = None  # input name the data arrives at
    artifact_type: Optional[str] = None  # schema title of an artifact edge
    collected: bool = False  # the values are gathered from every iteration of a loop


@dataclass(frozen=True)
class Graph:
    name: str
    nodes: Tuple[Node, ...]
    clusters: Tuple[Cluster, ...]
    edges: Tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def cluster(self, cluster_id: str) -> Cluster:
        return next(c for c in self.clusters if c.id == cluster_id)
