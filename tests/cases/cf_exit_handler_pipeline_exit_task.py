"""A whole pipeline used as the exit task of an ExitHandler."""

from kfp_lite import dsl


@dsl.component
def archive_logs(bucket: str):
    print(bucket)


@dsl.component
def send_summary(recipient: str):
    print(recipient)


@dsl.pipeline
def teardown(bucket: str):
    archive_logs(bucket=bucket)
    send_summary(recipient="ops@example.com")


@dsl.component
def run_job(steps: int):
    print(steps)


@dsl.pipeline(name="job-with-teardown")
def job_with_teardown(bucket: str = "gs://logs", steps: int = 10):
    exit_task = teardown(bucket=bucket)
    with dsl.ExitHandler(exit_task):
        run_job(steps=steps)


TARGET = job_with_teardown
