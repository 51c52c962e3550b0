"""A task inside a loop made to run .after() a task outside the loop."""

from kfp_lite import dsl


@dsl.component
def create_bucket(name: str):
    print(name)


@dsl.component
def upload_file(filename: str):
    print(filename)


@dsl.pipeline(name="bucket-upload")
def bucket_upload(bucket: str = "artifacts"):
    bucket_task = create_bucket(name=bucket)
    with dsl.ParallelFor(["a.txt", "b.txt"]) as filename:
        upload_file(filename=filename).after(bucket_task)


TARGET = bucket_upload
