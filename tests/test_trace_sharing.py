"""What a trace and a lowering share between tasks stays shared only while nobody writes it.

Tasks keep empty settings on the class until a setter gives them their own, a call site in a
loop resolves its source place once, and tasks that change nothing of their component share
its executor in the compiled spec. These tests check that the sharing never shows.
"""

from __future__ import annotations

from kfp_lite.compiler import compile_documents

from kfp_lite import codes, compiler, dsl
from kfp_lite.diagnostics import CompileError
from kfp_lite.dsl.tasks import PipelineTask


@dsl.component
def shout(text: str) -> str:
    return text.upper()


def test_a_setter_gives_one_task_its_own_settings_and_leaves_the_others_empty():
    tasks = []

    @dsl.pipeline
    def p():
        first = shout(text="a")
        second = shout(text="b")
        second.set_env_variable("MODE", "fast").set_cpu_limit("1").after(first)
        second.set_hooks(on_failure=shout)
        third = shout(text="c")
        tasks.extend([first, second, third])

    p.trace()
    first, second, third = tasks
    assert second.env == {"MODE": "fast"} and second.resources == {"cpu_limit": "1"}
    assert list(second.explicit_dependencies) == [first] and id(first) in second.after_locations
    assert "env:MODE" in second.setting_locations and "on_failure" in second.hooks
    for untouched in (first, third):
        assert untouched.env == {} and untouched.resources == {} and untouched.hooks == {}
        assert tuple(untouched.explicit_dependencies) == () and untouched.setting_locations == {}
    # the class's empties were never written
    assert PipelineTask.env == {} and PipelineTask.resources == {} and PipelineTask.after_locations == {}


def test_calls_from_one_line_of_a_loop_report_that_line():
    @dsl.pipeline
    def p():
        for _ in range(3):
            shout(txt="a")  # the misspelt argument is the point
        shout(txt="b")

    try:
        compiler.compile_text(p)
    except CompileError as error:
        places = [d.location for d in error.diagnostics if d.code == codes.UNKNOWN_ARGUMENT.code]
    else:  # pragma: no cover
        raise AssertionError("the unknown argument was not reported")
    loop_line = p.pipeline_func.__code__.co_firstlineno + 3  # the first line is the decorator's
    # the three reports from the loop are one and the same diagnostic
    assert [place.line for place in places] == [loop_line, loop_line + 1]


def test_the_caching_default_comes_from_the_environment(monkeypatch):
    @dsl.pipeline
    def p():
        shout(text="a")

    assert "enableCache: true" in compiler.compile_text(p)
    monkeypatch.setenv("KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT", "true")

    @dsl.pipeline
    def q():
        shout(text="a")

    spec = compile_documents(q).pipeline_spec
    assert spec["root"]["dag"]["tasks"]["shout"]["cachingOptions"] == {}


def test_tasks_that_change_nothing_share_their_executor_and_embed_alike():
    @dsl.pipeline
    def p():
        shout(text="a")
        shout(text="b")
        shout(text="c").set_env_variable("MODE", "fast")

    executors = compile_documents(p).pipeline_spec["deploymentSpec"]["executors"]
    plain, other, own = executors["exec-shout"], executors["exec-shout-2"], executors["exec-shout-3"]
    assert plain == other and "env" not in plain["container"]
    assert own["container"]["env"] == [{"name": "MODE", "value": "fast"}]
    embedded = compile_documents(p, executor="embedded").pipeline_spec["deploymentSpec"]["executors"]
    commands = [e["container"]["command"] for e in embedded.values()]
    assert all(c[:2] == ["python3", "-c"] for c in commands) and commands[0] == commands[2]
