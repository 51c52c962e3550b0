"""Round trip: compile a component alone to YAML, load it back, use it in a pipeline.

The component is compiled into a temporary directory (removed again) when this module is\nimported.
"""

import os
import tempfile

from kfp_lite import compiler, components, dsl


@dsl.component(base_image="python:3.11-slim")
def tokenize(text: str, lowercase: bool = True) -> list:
    return (text.lower() if lowercase else text).split()


with tempfile.TemporaryDirectory(prefix="cf-round-trip-") as _tmp:
    _yaml = os.path.join(_tmp, "tokenize.yaml")
    compiler.Compiler().compile(tokenize, _yaml)
    loaded_tokenize = components.load_component_from_file(_yaml)


@dsl.component(base_image="python:3.11-slim")
def count(tokens: list) -> int:
    return len(tokens)


@dsl.pipeline(name="round-trip-tokens")
def round_trip_tokens(text: str = "A quick Test"):
    original = tokenize(text=text)
    reloaded = loaded_tokenize(text=text, lowercase=False)
    count(tokens=original.output)
    count(tokens=reloaded.output)


TARGET = round_trip_tokens
