"""set_container_image overrides the base image of one task."""

from kfp_lite import dsl


@dsl.component
def version() -> str:
    import sys

    return sys.version


@dsl.pipeline
def images():
    version().set_container_image("python:3.12-slim")
    version()


TARGET = images
