"""A pipeline name with capitals, spaces and underscores is k8s-sanitized."""

from kfp_lite import dsl


@dsl.component
def noop():
    pass


@dsl.pipeline(name="My_Pipeline  Name--v2_")
def sanitized():
    noop()


TARGET = sanitized
