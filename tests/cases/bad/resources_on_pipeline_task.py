"""set_cpu_limit called on a task that runs a nested pipeline."""

from kfp_lite import dsl


@dsl.component
def work():
    print("work")


@dsl.pipeline
def inner():
    work()


@dsl.pipeline(name="resources-on-pipeline")
def resources_on_pipeline():
    inner().set_cpu_limit("2")


TARGET = resources_on_pipeline

EXPECT = "ValueError: set_cpu_limit can only be used on single-step components, not pipelines used as components, or special components like importers."
