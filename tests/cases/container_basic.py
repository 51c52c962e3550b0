"""A container component compiled alone: image, command and args with input value placeholders."""

from kfp_lite import dsl


@dsl.container_component
def say_hello(name: str, times: int = 1):
    return dsl.ContainerSpec(
        image="alpine:3.19",
        command=["sh", "-c"],
        args=['for i in $(seq "$1"); do echo "Hello $0"; done', name, times],
    )


TARGET = say_hello
