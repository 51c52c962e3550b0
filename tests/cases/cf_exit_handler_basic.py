"""dsl.ExitHandler with a cleanup exit task around two tasks."""

from kfp_lite import dsl


@dsl.component
def cleanup(workdir: str):
    print("removing", workdir)


@dsl.component
def extract(workdir: str) -> str:
    return workdir + "/raw"


@dsl.component
def transform(raw: str):
    print(raw)


@dsl.pipeline(name="etl-with-cleanup")
def etl_with_cleanup(workdir: str = "/tmp/etl"):
    cleanup_task = cleanup(workdir=workdir)
    with dsl.ExitHandler(cleanup_task):
        raw = extract(workdir=workdir)
        transform(raw=raw.output)


TARGET = etl_with_cleanup
