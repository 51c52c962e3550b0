"""Check-pass scenario: cross-group uses, exit handlers, final status, conditions, nested and
self-used pipelines, pipeline outputs."""

from typing import List, NamedTuple

from kfp_lite import dsl


@dsl.component
def text(x: str = "a") -> str:
    return x


@dsl.component
def number(n: int = 1) -> int:
    return n


@dsl.component
def listing() -> list:
    return []


@dsl.component
def total(values: List[int]) -> int:
    return sum(values)


@dsl.component
def status(s: dsl.PipelineTaskFinalStatus) -> str:
    return s.state


@dsl.pipeline
def crossing(p: int = 1):
    t = text()
    with dsl.If(t.output == "a"):
        inside = text()
    text(x=inside.output)
    with dsl.ParallelFor([1, 2]) as i:
        looped = number(n=i)
    number(n=looped.output)
    total(values=dsl.Collected(looped.output))
    exit_task = status()
    with dsl.ExitHandler(exit_task):
        handled = text()
        with dsl.ExitHandler(status()):
            text()
    text(x=handled.output)
    status()
    waiter = status()
    waiter.ignore_upstream_failure()
    one = status(s=None)
    one.after(t)
    one.ignore_upstream_failure()
    n = number()
    with dsl.If(n.output > 1):
        with dsl.ParallelFor([1]) as j:
            deep = number(n=j)
    total(values=dsl.Collected(deep.output))
    listed = listing()
    with dsl.If(listed.output == 1):
        text()
    with dsl.If(t.output < 3):
        text()
    with dsl.If(n.output == "x"):
        text()
    with dsl.If(n.output == True):  # noqa: E712
        text()


@dsl.pipeline
def outputs_from_groups(p: str = "x") -> NamedTuple("Outputs", a=str, b=str, c=List[str], d=str, e=int):
    t = text()
    with dsl.If(t.output == "a"):
        a = text()
    with dsl.ParallelFor(["1"]) as i:
        b = text(x=i)
    Outputs = NamedTuple("Outputs", a=str, b=str, c=List[str], d=str, e=int)  # noqa: UP014
    return Outputs(a.output, b.output, dsl.Collected(t.output), p, t.output)


@dsl.pipeline
def inner(x: str = "a") -> str:
    return text(x=x).output


@dsl.pipeline
def outer():
    first = inner()
    number(n=first.output)
    inner(x=first.output)
