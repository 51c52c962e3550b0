"""Conditions nested three deep, each referring to a different channel."""

from kfp_lite import dsl


@dsl.component
def validate_schema() -> bool:
    return True


@dsl.component
def measure_quality() -> float:
    return 0.8


@dsl.component
def publish(table: str, quality: float):
    print(table, quality)


@dsl.pipeline(name="guarded-publish")
def guarded_publish(table: str = "sales", dry_run: bool = False):
    schema_ok = validate_schema()
    with dsl.If(schema_ok.output == True):  # noqa: E712
        quality = measure_quality()
        with dsl.If(quality.output > 0.5):
            with dsl.If(dry_run == False):  # noqa: E712
                publish(table=table, quality=quality.output)
            with dsl.Else():
                publish(table="scratch", quality=quality.output)


TARGET = guarded_publish
