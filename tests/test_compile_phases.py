"""Each compile phase on its own: the checks report without lowering, lowering runs only on
a pipeline that passed them, and a failure after the checks is an internal error, never lost."""

from __future__ import annotations

import dataclasses

import pytest
from kfp_lite.compiler import check_topology as ct
from kfp_lite.compiler import lower
from kfp_lite.compiler.check_conditions import check_conditions
from kfp_lite.compiler.topology import ROOT_NAME, edges, index

from kfp_lite import compiler, dsl
from kfp_lite.diagnostics import CompileError


@dsl.component
def make() -> str:
    return "x"


@dsl.component
def use(text: str):
    print(text)


@dsl.component
def listed() -> list:
    return [1]


def topology_of(pipeline):
    return index(pipeline.trace().builder)


def test_topology_indexes_chains_and_dependencies():
    @dsl.pipeline
    def p(flag: bool = True):
        first = make()
        with dsl.If(flag == True):  # noqa: E712
            with dsl.ParallelFor([1, 2]):
                use(text=first.output)

    topology = topology_of(p)
    assert topology.task_chains["use"] == (ROOT_NAME, "condition-1", "for-loop-3", "use")
    assert topology.parent_name("for-loop-3") == "condition-1"
    assert topology.condition_channels["use"][0].name == "flag"
    found = [(e.upstream.name, e.upstream_chain, e.downstream_chain, e.carries_data) for e in edges(topology)]
    assert found == [("make", ("make",), ("condition-1", "for-loop-3", "use"), True)]


def test_cross_group_check_alone():
    @dsl.pipeline
    def p():
        with dsl.ParallelFor([1, 2]):
            made = make()
        use(text=made.output)

    topology = topology_of(p)
    found = ct.check_cross_group(topology, list(edges(topology)))
    assert [d.code for d in found] == ["KFL304"]
    assert "runs once per item" in found[0].message


def test_collected_check_alone():
    @dsl.pipeline
    def p():
        made = make()
        use(text=dsl.Collected(made.output))

    assert [d.code for d in ct.check_collected_uses(topology_of(p))] == ["KFL305"]


def test_condition_check_reports_a_comparison_once():
    @dsl.pipeline
    def p():
        values = listed()
        with dsl.If(values.output == [1]):
            use(text="a")
        with dsl.Else():
            use(text="b")

    found = check_conditions(topology_of(p))
    assert [d.code for d in found] == ["KFL302"]


def test_returning_the_pipelines_own_input_is_kfl310():
    @dsl.pipeline
    def p(text: str = "a") -> str:
        use(text=text)
        return text

    with pytest.raises(CompileError) as info:
        compiler.compile_documents(p)
    assert [d.code for d in info.value.diagnostics if d.is_error] == ["KFL310"]
    assert "own input 'text'" in info.value.diagnostics[0].message


def test_lowering_does_not_run_after_an_error(monkeypatch):
    @dsl.pipeline
    def p():
        use(text=make())  # a task, not its output

    def explode(self):
        raise AssertionError("lowering ran on a pipeline with errors")

    monkeypatch.setattr(lower.Lowering, "run", explode)
    with pytest.raises(CompileError) as info:
        compiler.compile_documents(p)
    assert [d.code for d in info.value.diagnostics] == ["KFL208"]


def test_a_failure_after_the_checks_is_an_internal_error(monkeypatch):
    @dsl.pipeline(name="fine")
    def p():
        use(text="a")

    def explode(self):
        raise KeyError("boom")

    monkeypatch.setattr(lower.Lowering, "run", explode)
    with pytest.raises(CompileError) as info:
        compiler.compile_documents(p)
    [internal] = info.value.diagnostics
    assert internal.code == "KFL009"
    assert "pipeline 'fine'" in internal.message and "KeyError: 'boom'" in internal.message


def test_plan_alone_surfaces_a_fan_in_and_orders_siblings():
    from kfp_lite.compiler.plan import PREFIX, plan

    @dsl.pipeline
    def p(flag: bool = True) -> list:
        with dsl.ParallelFor([1, 2]) as item:  # noqa: F841
            made = make()
        with dsl.If(flag == True):  # noqa: E712
            use(text="inside")
        return dsl.Collected(made.output)

    trace = p.trace()
    result = plan(trace.builder, trace.outputs)
    surfaced = PREFIX + "make-Output"
    [(name, out)] = result.group_outputs["for-loop-2"].items()
    assert name == surfaced and out.is_list and out.source.producer == "make"
    source = result.pipeline_outputs["Output"]
    assert (source.producer, source.key, source.is_artifact) == ("for-loop-2", surfaced, False)
    assert {c.name for c in result.group_inputs["condition-3"]} == {"flag"}
    assert result.tasks["use"].reads[0].name == "flag"
    with pytest.raises(AttributeError):  # the plan is immutable
        result.tasks = {}  # type: ignore[misc]


def test_plan_leaves_user_objects_alone():
    from kfp_lite.compiler.plan import plan

    @dsl.pipeline
    def p(text: str = "a"):
        with dsl.ParallelFor(["x", "y"]) as item:
            use(text=f"{text}-{item}")

    trace = p.trace()
    channels = [c for t in trace.builder.tasks.values() for c in t.channel_inputs]
    before = [dict(vars(c)) for c in channels]
    plan(trace.builder, trace.outputs)
    assert [dict(vars(c)) for c in channels] == before


def test_run_configuration_resolves_to_frozen_overrides_without_touching_the_pipeline():
    from kfp_lite.config import RunConfig
    from kfp_lite.config.apply import resolve

    @dsl.component
    def train(rate: float = 0.1) -> str:
        return str(rate)

    @dsl.pipeline(name="configured")
    def p():
        train()

    config = RunConfig(file="run.yaml", enable_cache=False,
                       steps={"train": {"parameters": {"rate": 1}, "cpu_limit": "2", "enable_cache": True}})
    before = compiler.compile_text(p)
    overrides = resolve(p, config)
    assert overrides.diagnostics == ()
    [(path, override)] = overrides.tasks.items()
    assert path == ("train",) and dict(override.arguments) == {"rate": 1.0}
    assert override.settings["resources"] == {"cpu_limit": "2"} and override.settings["enable_caching"] is True
    task = p.trace().builder.tasks["train"]
    assert task.arguments == {} and task.resources == {}
    configured = overrides.task(task)
    assert configured is not task and configured.arguments == {"rate": 1.0} and configured.enable_caching
    with pytest.raises(dataclasses.FrozenInstanceError):
        overrides.tasks = {}  # type: ignore[misc]
    assert compiler.compile_text(p) == before
    text = compiler.compile_text(p, config=config)
    assert "cpuLimit: 2.0" in text and text != before


def test_run_configuration_problems_come_from_the_one_pass():
    from kfp_lite.config import RunConfig
    from kfp_lite.config.apply import resolve

    @dsl.pipeline(name="configured")
    def p():
        use(text="a")

    overrides = resolve(p, RunConfig(file="run.yaml", steps={"usee": {"cpu_limit": "2"},
                                                             "use": {"parameters": {"text": "b"}}}))
    assert [d.code for d in overrides.diagnostics] == ["KFL503", "KFL505"]
    assert "did you mean 'use'?" in overrides.diagnostics[0].message
    assert overrides.tasks == {}


def test_builder_alone_writes_the_plan():
    from kfp_lite.compiler.lower import Lowering, SpecCache
    from kfp_lite.compiler.plan import plan

    @dsl.pipeline(name="built")
    def p(flag: bool = True):
        first = make()
        with dsl.If(flag == True):  # noqa: E712
            use(text=first.output)

    trace = p.trace()
    lowering_plan = plan(trace.builder, trace.outputs)
    builder = Lowering(p, SpecCache(), lowering_plan)
    spec, platform = builder.run()
    # each task's component names the executor it got, whichever DAG the task is in
    tasks = {name: task for component in [spec["root"], *spec["components"].values()]
             for name, task in component.get("dag", {}).get("tasks", {}).items()}
    labels = {name: spec["components"][task["componentRef"]["name"]].get("executorLabel")
              for name, task in tasks.items()}
    assert labels == {"make": "exec-make", "use": "exec-use", "condition-1": None}
    assert set(spec["deploymentSpec"]["executors"]) == {"exec-make", "exec-use"}
    condition = spec["root"]["dag"]["tasks"]["condition-1"]
    assert condition["dependentTasks"] == list(lowering_plan.group_dependencies["condition-1"]) == ["make"]
    assert set(spec["components"]["comp-condition-1"]["inputDefinitions"]["parameters"]) == {
        "pipelinechannel--make-Output", "pipelinechannel--flag"}
    assert platform == {}


def test_a_compile_reads_each_function_source_once(monkeypatch):
    """The checks and the lowering share one reader: each function is read (and tokenized)
    once per compile, in nested pipelines too, and read afresh by the next compile."""
    import collections
    import inspect

    # made here, so that no earlier compile has lowered them
    def helper() -> int:
        return 1

    @dsl.component(additional_funcs=[helper])
    def first() -> str:
        return "x"

    @dsl.component
    def second(text: str):
        print(text)

    @dsl.pipeline
    def inner(text: str):
        second(text=text)

    @dsl.pipeline(name="read-once")
    def outer():
        made = first()
        second(text=made.output)
        inner(text=made.output)

    reads: collections.Counter = collections.Counter()
    original = inspect.getsourcelines

    def counting(obj):
        reads[getattr(obj, "__name__", "?")] += 1
        return original(obj)

    monkeypatch.setattr(inspect, "getsourcelines", counting)
    text = compiler.compile_text(outer)
    assert reads == {"first": 1, "second": 1, "helper": 1}
    assert "def helper() -> int:" in text and "def second(text: str):" in text
    reads.clear()
    assert compiler.compile_text(second).count("def second(text: str):") == 1
    assert reads == {"second": 1}
