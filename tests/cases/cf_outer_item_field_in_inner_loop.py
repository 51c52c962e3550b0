"""A task in an inner loop reads a field of the outer loop's dict item, directly and in an
f-string.

kfp 2.17.3 stops with an AssertionError (the inner loop has no input for the outer item);
kfp_lite passes the whole outer item into the inner loop and reads the field from it
(docs/compatibility.md).
"""

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp fails with an AssertionError"


@dsl.component
def show(text: str):
    print(text)


@dsl.pipeline(name="outer-item-field")
def outer_item_field():
    with dsl.ParallelFor([{"family": "bert", "size": "base"}, {"family": "gpt", "size": "small"}]) as model:
        with dsl.ParallelFor([1, 2]) as seed:
            show(text=model.size)
            show(text=f"{model.family}-{seed}")


TARGET = outer_item_field
