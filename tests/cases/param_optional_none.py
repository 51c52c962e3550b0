"""Optional[...] inputs whose default is None are optional inputs without a default value."""

from typing import Optional

from kfp_lite import dsl


@dsl.component
def greet(
    name: Optional[str] = None, times: Optional[int] = None, extra: Optional[dict] = None
) -> str:
    return (name or "world") * (times or 1) + str(extra or {})


@dsl.pipeline
def optional_pipeline(name: Optional[str] = None):
    greet(name=name)
    greet()


TARGET = optional_pipeline
