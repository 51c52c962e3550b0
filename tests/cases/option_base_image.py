"""base_image= sets the image that runs a lightweight component."""

from kfp_lite import dsl


@dsl.component(base_image="python:3.10-slim")
def platform_info() -> str:
    import platform

    return platform.python_version()


TARGET = platform_info
