"""A component without a return annotation has no outputs."""

from kfp_lite import dsl


@dsl.component
def log_message(message: str):
    print(message)


@dsl.pipeline
def log_pipeline(message: str = "hello"):
    log_message(message=message)


TARGET = log_pipeline
