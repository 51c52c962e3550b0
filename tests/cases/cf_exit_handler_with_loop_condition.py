"""An exit handler wrapping a loop and a condition; the exit task reads a pipeline parameter."""

from kfp_lite import dsl
from kfp_lite.dsl import PipelineTaskFinalStatus


@dsl.component
def release_lock(lock: str, status: PipelineTaskFinalStatus):
    print(lock, status.state)


@dsl.component
def migrate(table: str) -> int:
    return 1


@dsl.component
def verify(table: str):
    print(table)


@dsl.pipeline(name="locked-migration")
def locked_migration(lock: str = "db-migrations", verify_after: bool = True):
    releaser = release_lock(lock=lock)
    with dsl.ExitHandler(releaser):
        with dsl.ParallelFor(["users", "orders"]) as table:
            migrated = migrate(table=table)
            with dsl.If(verify_after == True):  # noqa: E712
                verify(table=table).after(migrated)


TARGET = locked_migration
