"""A nested pipeline's group takes the name of a group of the outer pipeline.

kfp merges the nested pipeline's components first, then looks the outer group's component up
by its plain name: the outer condition's tasks land in the nested one's component and its own
renamed component ('comp-condition-3-2') keeps no DAG at all. kfp_lite builds each group's DAG
in the component made for that group (docs/compatibility.md).
"""

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp puts the outer group's tasks into the nested pipeline's group"


@dsl.component
def report(x: int = 1):
    print(x)


@dsl.pipeline
def check(flag: bool):
    with dsl.If(flag == True):  # noqa: E712 - kfp conditions compare with ==
        report()
    with dsl.If(flag == False):  # noqa: E712
        report(x=2)
    with dsl.If(flag != False):  # noqa: E712
        pass


@dsl.pipeline(name="group-name-clash")
def group_name_clash(n: int = 1):
    with dsl.ParallelFor([1, 2]):
        with dsl.If(n == 1):
            report()
    check(flag=True)


TARGET = group_name_clash
