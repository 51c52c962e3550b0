"""A condition comparing a List-typed task output with a constant."""

from typing import List

from kfp_lite import dsl


@dsl.component
def list_files() -> List[str]:
    return ["a"]


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="list-condition")
def list_condition():
    files = list_files()
    with dsl.If(files.output == ["a"]):
        show(value="only a")


TARGET = list_condition

EXPECT = 'ValueError: Conditional requires primitive parameter values for comparison. Found input "pipelinechannel--list-files-Output" of type typing.List[str] in pipeline definition instead.'
