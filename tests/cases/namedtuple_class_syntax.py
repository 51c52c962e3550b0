"""A NamedTuple declared with class syntax as the return annotation."""

from typing import NamedTuple

from kfp_lite import dsl


class Split(NamedTuple):
    head: str
    tail: list
    size: int


@dsl.component
def split_words(text: str) -> Split:
    words = text.split()
    return (words[0], words[1:], len(words))


TARGET = split_words
