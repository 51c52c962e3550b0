"""NamedTuple outputs: a component returns several named values consumed by different steps."""

from typing import NamedTuple

from kfp_lite import compiler, dsl


@dsl.component
def describe(values: list) -> NamedTuple(
    "Summary", [("mean", float), ("minimum", float), ("maximum", float), ("count", int)]
):
    """Computes summary statistics of a list of numbers."""
    from collections import namedtuple

    summary = namedtuple("Summary", ["mean", "minimum", "maximum", "count"])
    return summary(sum(values) / len(values), min(values), max(values), len(values))


@dsl.component
def normalize_range(minimum: float, maximum: float) -> float:
    return maximum - minimum


@dsl.component
def format_report(mean: float, spread: float, count: int) -> str:
    return f"n={count} mean={mean:.3f} spread={spread:.3f}"


class Report(NamedTuple):
    text: str
    mean: float


@dsl.pipeline
def namedtuple_stats_pipeline(values: list = [4.0, 8.5, 15.0, 16.0, 23.0, 42.0]) -> Report:  # noqa: B006
    summary = describe(values=values)
    spread = normalize_range(minimum=summary.outputs["minimum"], maximum=summary.outputs["maximum"])
    text = format_report(
        mean=summary.outputs["mean"], spread=spread.output, count=summary.outputs["count"]
    )
    return Report(text=text.output, mean=summary.outputs["mean"])


if __name__ == "__main__":
    compiler.Compiler().compile(namedtuple_stats_pipeline, "namedtuple_stats_pipeline.yaml")
