"""A task output produced inside a dsl.If used outside it without dsl.OneOf."""

from kfp_lite import dsl


@dsl.component
def flip() -> bool:
    return True


@dsl.component
def make_value() -> str:
    return "v"


@dsl.component
def show(value: str):
    print(value)


@dsl.pipeline(name="condition-leak")
def condition_leak():
    f = flip()
    with dsl.If(f.output == True):  # noqa: E712
        v = make_value()
    show(value=v.output)


TARGET = condition_leak

EXPECT = "InvalidTopologyException: Illegal task dependency across DSL context managers. A downstream task cannot depend on an upstream task within a dsl.If context unless the downstream is within that context too. Found task show which depends on upstream task make-value within an uncommon dsl.If context."
