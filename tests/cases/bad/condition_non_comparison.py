"""dsl.If given a bare boolean channel instead of a comparison."""

from kfp_lite import dsl


@dsl.component
def flip() -> bool:
    return True


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="bare-condition")
def bare_condition():
    f = flip()
    with dsl.If(f.output):
        show(value="yes")


TARGET = bare_condition


# kfp crashes internally instead of explaining that dsl.If needs a comparison.
EXPECT = "AttributeError: 'PipelineParameterChannel' object has no attribute 'left_operand'"
