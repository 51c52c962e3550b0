"""Step options: ``component.with_options(...)`` and ``task.configure(...)`` compile as the
``set_*`` methods do; the original component is unchanged; unknown keys are KFL851."""

from __future__ import annotations

import pytest
from kfp_lite.compiler import compile_documents

from kfp_lite import dsl
from kfp_lite.diagnostics import CompileError


@dsl.component
def work(x: int) -> int:
    return x


@dsl.component
def alert():
    print("failed")


OPTIONS = dict(
    enable_cache=False,
    cache_key="v2",
    retries={"num_retries": 2, "backoff_duration": "5s"},
    env={"LOG_LEVEL": "debug"},
    resources={"cpu_limit": "2", "memory_limit": "4Gi"},
    display_name="Work it",
)


def _spec(pipeline) -> dict:
    return compile_documents(pipeline).pipeline_spec


def _by_methods() -> dict:
    @dsl.pipeline(name="p")
    def pipeline():
        task = work(x=1)
        task.set_caching_options(False, cache_key="v2")
        task.set_retry(2, backoff_duration="5s")
        task.set_env_variable("LOG_LEVEL", "debug")
        task.set_cpu_limit("2")
        task.set_memory_limit("4Gi")
        task.set_display_name("Work it")

    return _spec(pipeline)


def test_with_options_compiles_as_the_set_methods_do() -> None:
    configured = work.with_options(**OPTIONS)

    @dsl.pipeline(name="p")
    def pipeline():
        configured(x=1)

    assert _spec(pipeline) == _by_methods()


def test_configure_compiles_as_the_set_methods_do() -> None:
    @dsl.pipeline(name="p")
    def pipeline():
        work(x=1).configure(**OPTIONS)

    assert _spec(pipeline) == _by_methods()


def test_with_options_leaves_the_original_alone() -> None:
    work.with_options(enable_cache=False, retries=3)

    @dsl.pipeline(name="p")
    def plain():
        work(x=1)

    task = _spec(plain)["root"]["dag"]["tasks"]["work"]
    assert task["cachingOptions"] == {"enableCache": True}
    assert "retryPolicy" not in task


def test_with_options_stacks() -> None:
    configured = work.with_options(enable_cache=False).with_options(retries=1)

    @dsl.pipeline(name="p")
    def pipeline():
        configured(x=1)

    task = _spec(pipeline)["root"]["dag"]["tasks"]["work"]
    assert task["cachingOptions"] == {}
    assert task["retryPolicy"]["maxRetryCount"] == 1


def test_hooks_as_step_options_compile_as_set_hooks() -> None:
    @dsl.pipeline(name="p")
    def by_option():
        work.with_options(on_failure=alert)(x=1)

    @dsl.pipeline(name="p")
    def by_method():
        work(x=1).set_hooks(on_failure=alert)

    assert _spec(by_option) == _spec(by_method)


@pytest.mark.parametrize(
    ("options", "message", "hint"),
    [
        ({"enable_caching": False}, "unknown step option 'enable_caching'", "did you mean 'enable_cache'?"),
        ({"retry": 2}, "unknown step option 'retry'", "did you mean 'retries'?"),
        ({"resources": {"cpu_limits": "1"}}, "unknown resource 'cpu_limits'", "did you mean 'cpu_limit'?"),
        ({"retries": {"max_retries": 1}}, "unknown retry option 'max_retries'", "did you mean 'num_retries'?"),
    ],
)
@pytest.mark.parametrize("how", ["with_options", "configure"])
def test_unknown_keys_are_errors_with_did_you_mean(options, message, hint, how) -> None:
    @dsl.pipeline(name="p")
    def pipeline():
        if how == "with_options":
            work.with_options(**options)(x=1)
        else:
            work(x=1).configure(**options)

    with pytest.raises(CompileError) as caught:
        compile_documents(pipeline)
    found = [d for d in caught.value.diagnostics if d.code == "KFL851"]
    assert len(found) == 1
    assert found[0].message == message
    assert found[0].hint == hint
    assert found[0].location is not None and found[0].location.file.endswith("test_step_options.py")


def test_an_unknown_key_is_reported_once_however_many_tasks() -> None:
    configured = work.with_options(enable_caching=False)

    @dsl.pipeline(name="p")
    def pipeline():
        for i in range(3):
            configured(x=i)

    with pytest.raises(CompileError) as caught:
        compile_documents(pipeline)
    assert [d.code for d in caught.value.diagnostics].count("KFL851") == 1


def test_bad_values_go_through_the_set_methods_checks() -> None:
    @dsl.pipeline(name="p")
    def pipeline():
        work(x=1).configure(resources={"memory_limit": "lots"})

    with pytest.raises(CompileError) as caught:
        compile_documents(pipeline)
    assert {d.code for d in caught.value.diagnostics} == {"KFL209"}


def test_an_on_failure_hook_gets_the_exception_text_and_the_task_name(tmp_path) -> None:
    from kfp_lite import local

    @dsl.component
    def report(status: dsl.PipelineTaskFinalStatus) -> str:
        return f"{status.pipeline_task_name}|{status.state}|{status.error_message}"

    @dsl.component
    def boom(x: int):
        raise ValueError(f"bad input {x}")

    @dsl.pipeline(name="hooked")
    def pipeline():
        boom.with_options(on_failure=report)(x=3)

    spec = compile_documents(pipeline).pipeline_spec
    result = local.run(spec, {}, pipeline_root=tmp_path, echo=lambda _line: None)
    said = [r.outputs["parameters"]["Output"] for r in result.tasks.values()
            if r.kind == "container" and r.state == "SUCCEEDED"
            and "Output" in r.outputs.get("parameters", {})]
    assert said == ["boom|FAILED|exited with code 1: ValueError: bad input 3"]
