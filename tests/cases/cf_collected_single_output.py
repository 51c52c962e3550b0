"""A nested loop collected as the single output of a pipeline used inside another pipeline."""

from typing import List

from kfp_lite import dsl


@dsl.component
def tokenize(text: str) -> int:
    return len(text.split())


@dsl.component
def report_counts(counts: List[int]):
    print(counts)


@dsl.pipeline
def count_tokens(texts: List[str]) -> List[int]:
    with dsl.ParallelFor(texts) as text:
        counted = tokenize(text=text)
    return dsl.Collected(counted.output)


@dsl.pipeline(name="token-report")
def token_report(texts: List[str] = ["a b", "c d e"]):  # noqa: B006
    counts = count_tokens(texts=texts)
    report_counts(counts=counts.output)


TARGET = token_report
