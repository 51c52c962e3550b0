"""Property: Kubernetes settings whose values come from anywhere a task can read them (constants,
pipeline parameters, outputs of tasks in enclosing blocks, loop items and dict item fields), on
tasks at any depth of If/Else/ParallelFor/ExitHandler nesting, compile to valid documents: the
platform document's references name inputs of the DAG that runs each executor (kfp-lite
validate's reference checks) and the same source compiles to the same bytes."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kfp_lite import compiler, dsl, ir_schema, kubernetes


@dsl.component
def name_of(n: str) -> str:
    return n


SETTINGS = ["secret_env", "secret_volume", "config_map_env", "pvc", "pull_secrets", "selector_json",
            "toleration_json"]

# a block is ("task", settings, source), ("if", blocks), ("else", blocks), ("loop", kind, blocks)
tasks = st.tuples(st.just("task"), st.lists(st.sampled_from(SETTINGS), max_size=3),
                  st.sampled_from(["constant", "param", "output", "item"]))
blocks = st.recursive(
    tasks,
    lambda children: st.one_of(
        st.tuples(st.just("if"), st.lists(children, min_size=1, max_size=3)),
        st.tuples(st.just("else"), st.lists(children, min_size=1, max_size=2)),
        st.tuples(st.just("loop"), st.sampled_from(["strings", "dicts", "param", "output"]),
                  st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=8,
)
programs = st.tuples(st.lists(blocks, min_size=1, max_size=3), st.booleans())


def configure(task: Any, chosen: list[str], value: Any, structs: Any) -> None:
    for setting in chosen:
        if setting == "secret_env":
            kubernetes.use_secret_as_env(task, secret_name=value, secret_key_to_env={"k": "K"})
        elif setting == "secret_volume":
            kubernetes.use_secret_as_volume(task, secret_name=value, mount_path="/s", optional=True)
        elif setting == "config_map_env":
            kubernetes.use_config_map_as_env(task, config_map_name=value, config_map_key_to_env={"a": "A"})
        elif setting == "pvc":
            kubernetes.mount_pvc(task, pvc_name=value, mount_path="/data")
        elif setting == "pull_secrets":
            kubernetes.set_image_pull_secrets(task, [value, "fixed"])
        elif setting == "selector_json":
            kubernetes.add_node_selector_json(task, structs["selector"])
        else:
            kubernetes.add_toleration_json(task, structs["tolerations"])


def emit(block: Any, scope: dict, structs: Any) -> Any:
    kind = block[0]
    if kind == "task":
        source = block[2]
        value = {"constant": "fixed-name", "param": scope["param"], "output": scope["output"],
                 "item": scope.get("item", scope["param"])}[source]
        task = name_of(n="x")
        configure(task, block[1], value, structs)
        return task
    gate = name_of(n="gate")
    inner = dict(scope, output=gate.output)
    if kind == "if":
        with dsl.If(gate.output == "gate"):
            for child in block[1]:
                emit(child, inner, structs)
    elif kind == "else":
        with dsl.If(gate.output == "x"):
            name_of(n="then")
        with dsl.Else():
            for child in block[1]:
                emit(child, inner, structs)
    else:
        items = {"strings": ["a", "b"], "dicts": [{"s": "a"}, {"s": "b"}], "param": structs["names"],
                 "output": structs["listed"]}[block[1]]
        with dsl.ParallelFor(items) as item:
            inner["item"] = item.s if block[1] == "dicts" else item
            for child in block[2]:
                emit(child, inner, structs)
    return gate


@dsl.component
def listed() -> list:
    return ["a"]


@dsl.component
def final(status: dsl.PipelineTaskFinalStatus):
    print(status.state)


def build(program: Any) -> Any:
    body, in_exit_handler = program

    @dsl.pipeline(name="random-kubernetes")
    def random_kubernetes(secret: str = "s", names: list = ["a"],  # noqa: B006 - kfp reads defaults here
                          selector: dict = {"pool": "x"}, tolerations: list = []):  # noqa: B006
        first = name_of(n="first")
        structs = {"names": names, "selector": selector, "tolerations": tolerations,
                   "listed": listed().output}
        scope = {"param": secret, "output": first.output}
        if in_exit_handler:
            with dsl.ExitHandler(final()):
                for block in body:
                    emit(block, scope, structs)
        else:
            for block in body:
                emit(block, scope, structs)

    return random_kubernetes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs)
def test_kubernetes_settings_anywhere_compile_to_valid_deterministic_documents(program: Any) -> None:
    first = compiler.compile_text(build(program))
    assert compiler.compile_text(build(program)) == first
    documents = list(yaml.safe_load_all(first))
    problems = ir_schema.validate_documents(documents)
    assert problems == [], [str(p) for p in problems]
