"""A dsl.If inside a loop over a list of dicts written in the source compares a field of the
item; the task inside uses no loop value. The condition group reads only the field (kfp's
document, which is valid here), not also the whole item."""

from kfp_lite import dsl


@dsl.component
def record(x: int):
    print(x)


@dsl.pipeline(name="loop-dict-field-in-condition")
def loop_dict_field_in_condition():
    with dsl.ParallelFor([{"a": 1, "b": 2}, {"a": 3, "b": 4}]) as item:
        with dsl.If(item.a == 1):
            record(x=3)


TARGET = loop_dict_field_in_condition
