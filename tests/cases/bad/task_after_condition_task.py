"""A task after a condition-group task and after an exit handler task: dependentTasks go to groups."""

from kfp_lite import dsl


@dsl.component
def gate() -> int:
    return 1


@dsl.component
def maybe_run(flag: int):
    print(flag)


@dsl.component
def finalize():
    print("done")


@dsl.pipeline(name="after-groups")
def after_groups():
    g = gate()
    with dsl.If(g.output == 1):
        inner = maybe_run(flag=g.output)
    with dsl.Condition(g.output != 1):
        other = maybe_run(flag=0)
    finalize().after(inner, other)


TARGET = after_groups

# kfp reports one of the two upstream tasks, chosen by set order (maybe-run or maybe-run-2,
# dsl.If or dsl.Condition).
EXPECT = (
    "InvalidTopologyException: Illegal task dependency across DSL context managers. A downstream"
    " task cannot depend on an upstream task within a dsl.If context unless the downstream is"
    " within that context too. Found task finalize which depends on upstream task maybe-run"
    " within an uncommon dsl.If context."
)
