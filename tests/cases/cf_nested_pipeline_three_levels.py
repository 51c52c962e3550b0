"""Pipelines nested three levels deep, each passing a value down and a result up."""

from kfp_lite import dsl


@dsl.component
def normalize(text: str) -> str:
    return text.lower()


@dsl.component
def count_chars(text: str) -> int:
    return len(text)


@dsl.pipeline
def inner_clean(text: str) -> str:
    return normalize(text=text).output


@dsl.pipeline
def middle_measure(text: str) -> int:
    cleaned = inner_clean(text=text)
    return count_chars(text=cleaned.output).output


@dsl.pipeline(name="outer-text-stats")
def outer_text_stats(text: str = "Hello World") -> int:
    measured = middle_measure(text=text)
    return measured.output


TARGET = outer_text_stats
