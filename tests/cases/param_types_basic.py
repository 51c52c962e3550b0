"""Every plain parameter type as a component input: str, int, float, bool, dict, list."""

from kfp_lite import dsl


@dsl.component
def describe(text: str, count: int, ratio: float, flag: bool, config: dict, items: list) -> str:
    return f"{text} {count} {ratio} {flag} {sorted(config)} {len(items)}"


TARGET = describe
