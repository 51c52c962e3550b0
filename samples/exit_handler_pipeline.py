"""An exit handler: a cleanup task that always runs and receives the final status."""

from kfp_lite import compiler, dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def cleanup(bucket: str, status: PipelineTaskFinalStatus):
    print(f"cleaning {bucket}: pipeline {status.pipeline_job_resource_name} ended {status.state}")
    if status.error_message:
        print("error:", status.error_message)


@dsl.component
def stage(bucket: str) -> str:
    return f"{bucket}/staged"


@dsl.component
def process(path: str, fail: bool):
    if fail:
        raise RuntimeError(f"processing {path} failed")
    print("processed", path)


@dsl.pipeline
def exit_handler_pipeline(bucket: str = "gs://scratch", fail: bool = False):
    final = cleanup(bucket=bucket)
    with dsl.ExitHandler(final, name="stage-and-process"):
        staged = stage(bucket=bucket)
        process(path=staged.output, fail=fail)


if __name__ == "__main__":
    compiler.Compiler().compile(exit_handler_pipeline, "exit_handler_pipeline.yaml")
