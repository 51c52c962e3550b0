"""A pipeline docstring gives the pipeline description and its input/output descriptions."""

from kfp_lite import dsl


@dsl.component
def shout(text: str) -> str:
    return text.upper()


@dsl.pipeline
def shouting_pipeline(text: str = "hello", repeat: int = 1) -> str:
    """Shouts the given text.

    A longer description that spans
    two lines.

    Args:
        text: The text to shout.
        repeat: How many times (unused).

    Returns:
        Output: The shouted text.
    """
    return shout(text=text).output


TARGET = shouting_pipeline
