"""set_caching_options and other task settings applied to a pipeline task."""

from kfp_lite import dsl


@dsl.component
def compute(seed: int) -> int:
    return seed * 7


@dsl.pipeline
def deterministic_block(seed: int) -> int:
    return compute(seed=seed).output


@dsl.component
def show(value: int):
    print(value)


@dsl.pipeline(name="uncached-block")
def uncached_block(seed: int = 3):
    block = deterministic_block(seed=seed).set_caching_options(False)
    cached = deterministic_block(seed=4)
    cached.set_display_name("cached block")
    show(value=block.output)
    show(value=cached.output).after(block)


TARGET = uncached_block
