"""Conditions comparing two channels: an int output against a float output, and a parameter."""

from kfp_lite import dsl


@dsl.component
def count_errors() -> int:
    return 3


@dsl.component
def error_budget() -> float:
    return 5.0


@dsl.component
def alert(errors: int, budget: float):
    print(errors, budget)


@dsl.pipeline(name="error-budget-check")
def error_budget_check(max_errors: int = 10):
    errors = count_errors()
    budget = error_budget()
    with dsl.If(errors.output > budget.output):
        alert(errors=errors.output, budget=budget.output)
    with dsl.If(errors.output <= max_errors):
        alert(errors=max_errors, budget=budget.output)


TARGET = error_budget_check
