"""A loop over a list of dicts inside a dsl.If, reading an item field.

kfp 2.17.3 also gives the If group an input for the field, wired to a root input that does not
exist; kfp_lite emits only the inputs that exist (docs/compatibility.md).
"""

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp wires the item field to a root input that does not exist"


@dsl.component
def produce(n: int) -> int:
    return n + 1


@dsl.pipeline(name="dict-loop-in-condition")
def dict_loop_in_condition(start: int = 1):
    gate = produce(n=start)
    with dsl.If(gate.output == 3):
        with dsl.ParallelFor([{"a": 1}, {"a": 2}]) as item:
            produce(n=item.a)


TARGET = dict_loop_in_condition
