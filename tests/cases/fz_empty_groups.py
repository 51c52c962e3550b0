"""Control-flow groups with no task inside: kfp's spec has no DAG for them."""

from kfp_lite import dsl


@dsl.component
def notify(msg: str):
    print(msg)


@dsl.component
def flip() -> str:
    return "heads"


@dsl.pipeline(name="empty-groups")
def empty_groups():
    side = flip()
    with dsl.If(side.output == "heads"):
        pass
    with dsl.Else():
        notify(msg=side.output)
    with dsl.ParallelFor([1, 2]) as item:
        with dsl.If(item == 2):
            pass
    with dsl.ExitHandler(notify(msg="done")):
        pass


TARGET = empty_groups
