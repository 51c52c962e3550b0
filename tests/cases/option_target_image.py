"""target_image= makes a containerized Python component: its code lives in the image."""

from kfp_lite import dsl


@dsl.component(base_image="python:3.11", target_image="registry.example.com/team/adder:v1")
def add(a: int, b: int) -> int:
    return a + b


@dsl.pipeline
def containerized_add(a: int = 1, b: int = 2):
    add(a=a, b=b)


TARGET = containerized_add
