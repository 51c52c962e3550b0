"""Run-time placeholders (job name, task name, ids, pipeline root) passed as task arguments."""

from kfp_lite import dsl


@dsl.component
def record(job: str, job_id: str, task: str, task_id: str, root: str, created: str):
    print(job, job_id, task, task_id, root, created)


@dsl.pipeline
def placeholders():
    record(
        job=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
        job_id=dsl.PIPELINE_JOB_ID_PLACEHOLDER,
        task=dsl.PIPELINE_TASK_NAME_PLACEHOLDER,
        task_id=dsl.PIPELINE_TASK_ID_PLACEHOLDER,
        root=dsl.PIPELINE_ROOT_PLACEHOLDER,
        created=dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER,
    )


TARGET = placeholders
