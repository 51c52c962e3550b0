"""PIPELINE_* placeholders inside f-strings, mixed with pipeline parameters and task outputs."""

from kfp_lite import dsl


@dsl.component
def model_version() -> str:
    return "v3"


@dsl.component
def write_marker(path: str, label: str):
    print(path, label)


@dsl.pipeline(name="run-scoped-paths")
def run_scoped_paths(bucket: str = "gs://ml-runs"):
    version = model_version()
    write_marker(
        path=f"{dsl.PIPELINE_ROOT_PLACEHOLDER}/{dsl.PIPELINE_JOB_ID_PLACEHOLDER}/marker.txt",
        label=f"{dsl.PIPELINE_JOB_NAME_PLACEHOLDER}-{dsl.PIPELINE_TASK_NAME_PLACEHOLDER}",
    )
    write_marker(
        path=f"{bucket}/{dsl.PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER}/{version.output}",
        label=(
            f"created {dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER} "
            f"scheduled {dsl.PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER} "
            f"task {dsl.PIPELINE_TASK_ID_PLACEHOLDER}"
        ),
    )


TARGET = run_scoped_paths
