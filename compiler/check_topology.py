"""The topology checks: every use that crosses a group boundary, fan-in with dsl.Collected,
pipeline outputs, exit handlers and ``ignore_upstream_failure``.

They read the :class:`~.topology.Topology` index and report; nothing is built here, so the
lowering that follows can assume a pipeline that passed them.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic
from kfp_lite.dsl.channels import Collected, OneOfChannel, PipelineChannel
from kfp_lite.dsl.components import GraphComponent
from kfp_lite.dsl.groups import (
    ConditionBranches,
    ExitHandler,
    ParallelFor,
    TasksGroup,
    _ConditionBase,
)
from kfp_lite.dsl.interface import function_location
from kfp_lite.dsl.tasks import PipelineTask

from .topology import Edge, Topology

FINAL_STATUS = "TASK_FINAL_STATUS"


def check_topology(graph: GraphComponent, topology: Topology) -> list[Diagnostic]:
    """Every topology diagnostic of one pipeline (nested pipelines are checked on their own)."""
    outputs = graph.trace().outputs
    found: list[Diagnostic] = []
    found.extend(check_pipeline_outputs(graph, topology, outputs))
    found.extend(check_collected_uses(topology))
    found.extend(check_collected_outputs(topology, outputs))
    all_edges = list(topology.edges)
    found.extend(check_cross_group(topology, all_edges))
    found.extend(check_exit_handlers(topology.root))
    found.extend(check_final_status_inputs(topology))
    found.extend(check_ignore_upstream(topology, all_edges))
    return found


# --- pipeline outputs (KFL310, KFL305) -----------------------------------------------------

def check_pipeline_outputs(graph: GraphComponent, topology: Topology, outputs: dict[str, Any]) -> list[Diagnostic]:
    """A pipeline output is a task output (or OneOf/Collected) from the pipeline's top level."""
    found = []
    for name, channel in outputs.items():
        if not isinstance(channel, PipelineChannel) or getattr(channel, "invalid", None) or isinstance(channel, Collected):
            continue
        if isinstance(channel, OneOfChannel):
            group = channel.branches.parent if channel.branches else None
            if group is not None and group is not topology.root:
                found.append(_output_in_group(graph, name, type(group).__name__))
            continue
        task = channel.task
        if task is None:
            found.append(codes.BAD_PIPELINE_OUTPUT(
                f"pipeline output '{name}' is the pipeline's own input '{channel.name}', not an output "
                "of a task", location=function_location(graph.pipeline_func),
                hint="pass the value through a task and return that task's output, or drop the output"))
        elif task.parent_group is not None and task.parent_group is not topology.root:
            found.append(_output_in_group(graph, name, type(task.parent_group).__name__, task))
    return found


def _output_in_group(graph: GraphComponent, name: str, group_kind: str,
                     task: Optional[PipelineTask] = None) -> Diagnostic:
    hint = ("fan in with dsl.Collected(...)" if group_kind == "ParallelFor" else
            "pick the branch outputs with dsl.OneOf(...)" if group_kind in ("If", "Elif", "Else", "Condition")
            else "return an output of a task at the top level of the pipeline")
    return codes.BAD_PIPELINE_OUTPUT(
        f"pipeline output '{name}' comes from inside a dsl.{group_kind}; pipeline outputs must come "
        "from the top level of the pipeline function",
        location=function_location(graph.pipeline_func),
        task_path=task.path if task else None, hint=hint)


def check_collected_outputs(topology: Topology, outputs: dict[str, Any]) -> list[Diagnostic]:
    found = []
    for key, channel in outputs.items():
        if not isinstance(channel, Collected) or channel.invalid or channel.task is None:
            continue
        chain = topology.task_chains.get(channel.task.name)
        if chain is not None and len(chain) < 3:  # the root, then the task: no loop around it
            found.append(codes.BAD_COLLECTED(
                f"pipeline output '{key}' uses dsl.Collected on '{channel.task.name}', which is not "
                "inside a dsl.ParallelFor", location=channel.location,
                hint="return the output directly, without dsl.Collected"))
    return found


# --- fan-in and cross-group uses (KFL305, KFL304) -------------------------------------------

def collected_uses(topology: Topology) -> Iterator[tuple[PipelineTask, Collected, tuple[str, ...]]]:
    """Each (consumer, Collected argument, uncommon ancestors of its producer)."""
    for task in topology.tasks.values():
        for channel in task.channel_inputs:
            if not isinstance(channel, Collected) or channel.invalid or channel.task is None:
                continue
            pair = topology.uncommon(channel.task, task)
            if pair is not None:
                yield task, channel, pair[0]


def collected_problem(topology: Topology, consumer: PipelineTask, channel: Collected,
                      upstream: tuple[str, ...]) -> Optional[Diagnostic]:
    """Why ``consumer`` cannot fan in ``channel``, or None when it can."""
    if all(not isinstance(topology.groups_by_name.get(g), ParallelFor) for g in upstream[:-1]):
        return codes.BAD_COLLECTED(
            f"dsl.Collected fans in outputs of a task inside a dsl.ParallelFor, but '{upstream[-1]}' is "
            f"not in a loop that '{consumer.name}' is outside of",
            location=channel.location or consumer.location, task_path=consumer.path,
            hint="use the output directly, or move the consumer out of the loop")
    outer = topology.groups_by_name.get(upstream[0])
    if isinstance(outer, (_ConditionBase, ExitHandler)):
        kind = type(outer).__name__
        return codes.ILLEGAL_CROSS_GROUP(
            f"task '{consumer.name}' collects outputs of '{upstream[-1]}' from a dsl.ParallelFor "
            f"nested in a dsl.{kind} that '{consumer.name}' is not inside",
            location=consumer.location, task_path=consumer.path,
            hint=f"move '{consumer.name}' into the same dsl.{kind}, or move the loop out of it")
    return None


def check_collected_uses(topology: Topology) -> list[Diagnostic]:
    found = []
    for consumer, channel, upstream in collected_uses(topology):
        problem = collected_problem(topology, consumer, channel, upstream)
        if problem is not None:
            found.append(problem)
    return found


def check_cross_group(topology: Topology, all_edges: list[Edge]) -> list[Diagnostic]:
    """A task may use what comes out of a group only as the group surfaces it."""
    found = []
    for edge in all_edges:
        if edge.collected:
            continue  # fan-in: checked by check_collected_uses
        task, upstream_node = edge.task, edge.upstream
        chain = edge.upstream_chain
        if not chain or (len(chain) == 1 and chain[0] == upstream_node.name):
            continue  # speed: a sibling (or an enclosing group) crosses no boundary
        uncommon_up = [n for n in chain if n != upstream_node.name]
        if not uncommon_up:
            continue
        group = topology.groups_by_name.get(uncommon_up[0])
        # an If/Elif/Else chain is wrapped in a condition-branches group, which kfp forgets
        # here: an output of a branch used after the chain then compiles to a spec that reads
        # an output its group never surfaces
        if isinstance(group, (_ConditionBase, ExitHandler, ConditionBranches)):
            kind = "ExitHandler" if isinstance(group, ExitHandler) else "If"
            if isinstance(group, ConditionBranches) and len(uncommon_up) > 1:
                # name the branch the upstream task is in, not the chain's wrapper
                group = topology.groups_by_name.get(uncommon_up[1], group)
            assert group is not None
            found.append(codes.ILLEGAL_CROSS_GROUP(
                f"task '{task.name}' depends on '{upstream_node.name}', which is inside a "
                f"dsl.{kind} ('{group.name}') that '{task.name}' is not inside",
                location=task.location, task_path=task.path,
                hint="use dsl.OneOf(...) to pick the output of whichever branch ran, or move "
                     f"'{task.name}' into the same block" if kind == "If" else
                     f"move '{task.name}' into the same dsl.ExitHandler block"))
        elif isinstance(group, ParallelFor) and edge.carries_data:
            found.append(codes.ILLEGAL_CROSS_GROUP(
                f"task '{task.name}' uses an output of '{upstream_node.name}', which runs once per "
                f"item of the dsl.ParallelFor '{group.name}'",
                location=task.location, task_path=task.path,
                hint="fan in with dsl.Collected(...) to get the list of all iterations' outputs"))
    return found


# --- exit handlers and final status (KFL307, KFL308, KFL313) --------------------------------

def check_exit_handlers(parent: TasksGroup, top: bool = True) -> list[Diagnostic]:
    """dsl.ExitHandler only at the top level of a pipeline."""
    found = []
    for group in parent.groups:
        if isinstance(group, ExitHandler) and not top:
            found.append(codes.BAD_CONTROL_FLOW(
                f"dsl.ExitHandler can only be used at the top level of a pipeline; this one is inside "
                f"'{parent.name}'", location=group.location,
                hint="move the dsl.ExitHandler block out to the pipeline's top level"))
        found.extend(check_exit_handlers(group, top=False))
    return found


def check_final_status_inputs(topology: Topology) -> list[Diagnostic]:
    """Only exit tasks (and tasks that ignore upstream failures) receive a final status."""
    found = []
    status_inputs: dict[int, list[str]] = {}  # id(component spec) -> its final-status inputs, found once
    for task in topology.tasks.values():
        if task.is_exit_task or task.ignore_upstream_failure_tag or task.spec.kind == "graph":
            continue
        names = status_inputs.get(id(task.spec))
        if names is None:
            names = status_inputs[id(task.spec)] = _final_status_inputs(task)
        for name in names:
            found.append(codes.BAD_EXIT_TASK(
                f"input '{name}' of task '{task.name}' is a dsl.PipelineTaskFinalStatus, which only exit "
                "tasks receive", location=task.location, task_path=task.path,
                hint="use the task as the exit task of a dsl.ExitHandler, or call .ignore_upstream_failure()"))
    return found


def _final_status_inputs(task: PipelineTask) -> list[str]:
    return [name for name, spec in task.spec.inputs.items() if spec.type.parameter_type == FINAL_STATUS]


def check_ignore_upstream(topology: Topology, all_edges: list[Edge]) -> list[Diagnostic]:
    """A final status under ``ignore_upstream_failure()`` names exactly one upstream task."""
    waiting = [task for task in topology.placed_tasks()
               if task.ignore_upstream_failure_tag and task.spec.kind != "graph" and _final_status_inputs(task)]
    if not waiting:
        return []  # speed: the upstream count below walks every edge
    upstream_count: dict[str, set[str]] = {}
    for edge in all_edges:
        if not edge.upstream_chain or not edge.downstream_chain:
            continue  # a node used inside itself (a OneOf inside its own branches): reported elsewhere
        upstream_count.setdefault(edge.downstream_chain[0], set()).add(edge.upstream_chain[0])
    found = []
    for task in waiting:
        count = len(upstream_count.get(task.name, ()))
        if count != 1:
            found.append(codes.BAD_IGNORE_UPSTREAM(
                f"task '{task.name}' uses .ignore_upstream_failure() and a dsl.PipelineTaskFinalStatus input, "
                f"so it needs exactly one upstream task in its block; it has {count}",
                location=task.location, task_path=task.path,
                hint="make the task depend on exactly one task (data or .after())"))
    return found


# --- pipelines used as tasks (KFL303) -------------------------------------------------------

def check_self_use(graph: GraphComponent, stack: tuple[GraphComponent, ...] = (),
                   done: Optional[set[GraphComponent]] = None) -> list[Diagnostic]:
    """A pipeline cannot contain itself, directly or through another pipeline.

    Each nested pipeline is walked once: one that was walked without finding itself cannot
    lead back to a pipeline above it (that pipeline would be inside it too)."""
    done = set() if done is None else done
    stack = stack + (graph,)
    found = []
    for task in graph.trace().builder.tasks.values():
        component = task.component
        if not isinstance(component, GraphComponent) or getattr(component, "pipeline_spec_dict", None) is not None:
            continue
        if any(component is g for g in stack):
            found.append(codes.DEPENDENCY_CYCLE(
                f"pipeline '{component.pipeline_name}' uses itself as a task, directly or through "
                "another pipeline", location=task.location, task_path=task.path,
                hint="a pipeline cannot contain itself; call its tasks directly instead"))
        elif component not in done:
            found.extend(check_self_use(component, stack, done))
    done.add(graph)
    return found


__all__ = ["check_topology", "check_self_use", "collected_problem", "collected_uses"]
