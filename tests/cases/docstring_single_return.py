"""A docstring Returns section describing the single output named Output."""

from kfp_lite import dsl


@dsl.component
def square(x: float) -> float:
    """Squares a number.

    Args:
        x: The number to square.

    Returns:
        The square of x.
    """
    return x * x


TARGET = square
