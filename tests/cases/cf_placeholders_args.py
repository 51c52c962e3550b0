"""Every PIPELINE_* runtime placeholder passed directly as a task argument."""

from kfp_lite import dsl


@dsl.component
def record_run_context(
    job_name: str,
    job_resource_name: str,
    job_id: str,
    task_name: str,
    task_id: str,
    pipeline_root: str,
    create_time: str,
    schedule_time: str,
):
    print(job_name, job_resource_name, job_id, task_name, task_id)
    print(pipeline_root, create_time, schedule_time)


@dsl.pipeline(name="run-context")
def run_context():
    record_run_context(
        job_name=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
        job_resource_name=dsl.PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER,
        job_id=dsl.PIPELINE_JOB_ID_PLACEHOLDER,
        task_name=dsl.PIPELINE_TASK_NAME_PLACEHOLDER,
        task_id=dsl.PIPELINE_TASK_ID_PLACEHOLDER,
        pipeline_root=dsl.PIPELINE_ROOT_PLACEHOLDER,
        create_time=dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER,
        schedule_time=dsl.PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER,
    )


TARGET = run_context
