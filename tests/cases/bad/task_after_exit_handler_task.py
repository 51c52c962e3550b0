"""A task outside an ExitHandler made to run after a task inside it."""

from kfp_lite import dsl


@dsl.component
def cleanup():
    print("cleanup")


@dsl.component
def build() -> str:
    return "artifact"


@dsl.component
def announce(message: str):
    print(message)


@dsl.pipeline(name="build-then-announce")
def build_then_announce():
    with dsl.ExitHandler(cleanup()):
        built = build()
    announce(message="built").after(built)


TARGET = build_then_announce

EXPECT = "InvalidTopologyException: Illegal task dependency across DSL context managers. A downstream task cannot depend on an upstream task within a dsl.ExitHandler context unless the downstream is within that context too. Found task announce which depends on upstream task build within an uncommon dsl.ExitHandler context."
