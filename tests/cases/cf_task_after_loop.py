"""A task after a task inside a loop: the dependency lands on the loop group."""

from kfp_lite import dsl


@dsl.component
def write_chunk(index: int):
    print(index)


@dsl.component
def merge_chunks(count: int):
    print(count)


@dsl.pipeline(name="chunked-write")
def chunked_write():
    with dsl.ParallelFor([0, 1, 2, 3]) as index:
        writer = write_chunk(index=index)
    merge_chunks(count=4).after(writer)


TARGET = chunked_write
