"""Check-pass scenario: component-level checks (source, lint, placeholders) in a pipeline."""

import json
import os

from kfp_lite import dsl

LIMIT = 3


@dsl.component
def uses_globals(x: str) -> str:
    return json.dumps([x, LIMIT, os.sep])


@dsl.component
def fine(x: str) -> str:
    import json

    return json.dumps(x)


@dsl.container_component
def placeholders(v: str, w: str = None):
    return dsl.ContainerSpec(image="alpine:3.20", command=[
        "run",
        dsl.IfPresentPlaceholder(input_name="v", then=["-v", v], else_=["--no"]),
        dsl.IfPresentPlaceholder(input_name="ww", then=["-w"]),
        dsl.IfPresentPlaceholder(input_name="output_path", then=["-o"]),
    ])


@dsl.pipeline
def components(label: str = "x"):
    uses_globals(x="a")
    uses_globals(x="b")
    fine(x="c")
    placeholders(v="a")


async def _async_body(x: str) -> str:
    return x


async_component = dsl.component(_async_body)

_namespace: dict = {}
exec("from kfp_lite import dsl\ndef generated(x: str) -> str:\n    return x\n", _namespace)
generated = dsl.component(_namespace["generated"])


@dsl.pipeline
def captured():
    first = fine(x="a")

    @dsl.container_component
    def echo_captured():
        return dsl.ContainerSpec(image="alpine:3.20", command=["echo", f"{first.output}"])

    echo_captured()
    async_component(x="b")
    generated(x="c")
