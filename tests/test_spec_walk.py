"""The spec walker: task sources, producers, dependencies, DAG outputs, executors, iterators,
on compiled cases and on malformed documents (it must never raise)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kfp_lite.ir_schema import spec_walk as walk
from local_specs import golden


def test_sources_and_upstream_of_an_exit_task() -> None:
    spec = golden("cf_exit_handler_final_status")
    notify = spec["root"]["dag"]["tasks"]["notify"]
    sources = {s.input: s for s in walk.task_sources(notify)}
    assert sources["status"].kind == walk.FINAL_STATUS
    assert sources["status"].producer == "exit-handler-1"
    assert sources["channel"].kind == walk.CONSTANT and sources["channel"].constant == "#ml-alerts"
    assert walk.upstream(notify) == ["exit-handler-1"]


def test_dag_output_selectors_of_a_oneof() -> None:
    spec = golden("cf_oneof_pipeline_output")
    branches = spec["components"]["comp-condition-branches-1"]
    assert walk.dag_output_selectors(branches) == [
        walk.OutputSelector(
            "pipelinechannel--condition-branches-1-oneof-1",
            False,
            "condition-2",
            "pipelinechannel--train-xgboost-Output",
            True,
            ("valueFromOneof", "parameterSelectors", 0),
        ),
        walk.OutputSelector(
            "pipelinechannel--condition-branches-1-oneof-1",
            False,
            "condition-3",
            "pipelinechannel--train-linear-Output",
            True,
            ("valueFromOneof", "parameterSelectors", 1),
        ),
        walk.OutputSelector(
            "pipelinechannel--condition-branches-1-oneof-2",
            True,
            "condition-2",
            "pipelinechannel--train-xgboost-model",
            True,
            ("artifactSelectors", 0),
        ),
        walk.OutputSelector(
            "pipelinechannel--condition-branches-1-oneof-2",
            True,
            "condition-3",
            "pipelinechannel--train-linear-model",
            True,
            ("artifactSelectors", 1),
        ),
    ]
    root = walk.dag_output_selectors(spec["root"])
    assert [(s.output, s.producer, s.oneof) for s in root] == [
        ("accuracy", "condition-branches-1", False),
        ("best_model", "condition-branches-1", False),
    ]


def test_walk_tasks_gives_paths_chains_components_and_executors() -> None:
    spec = golden("cf_nested_pipeline_with_loop")
    visits = {v.path: v for v in walk.walk_tasks(spec)}
    assert set(visits) == {
        "condition-1",
        "condition-1/upload",
        "resize-all",
        "resize-all/bundle",
        "resize-all/for-loop-1",
        "resize-all/for-loop-1/resize",
    }
    resize = visits["resize-all/for-loop-1/resize"]
    assert [name for name, _task in resize.chain] == ["resize-all", "for-loop-1", "resize"]
    assert "container" in walk.executor_of(spec, resize.component)
    loop = visits["resize-all/for-loop-1"]
    assert walk.is_group(loop.component)
    iterator = walk.iterator_of(loop.task)
    assert iterator is not None and not iterator.artifact and iterator.item_input


def test_a_component_that_contains_itself_is_walked_once() -> None:
    spec = {
        "root": {"dag": {"tasks": {"a": {"componentRef": {"name": "c"}}}}},
        "components": {"c": {"dag": {"tasks": {"b": {"componentRef": {"name": "c"}}}}}},
    }
    assert [v.path for v in walk.walk_tasks(spec)] == ["a", "a/b"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=20,
)


@given(json_values)
def test_the_walker_never_raises_on_any_shape(document) -> None:
    list(walk.walk_tasks(document))
    for value in (document, {"inputs": document}, {"dag": {"outputs": document}}):
        walk.task_sources(value)
        walk.upstream(value)
        walk.dag_output_selectors(value)
        walk.iterator_of({"parameterIterator": document})
        walk.component_of(document, value)
        walk.executor_of(document, value)


@pytest.mark.parametrize("bad", [None, [], "x", {"dependentTasks": "ab"}])
def test_upstream_of_odd_tasks(bad) -> None:
    assert walk.upstream(bad) == []
