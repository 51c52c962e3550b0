"""A v1 `if` placeholder whose cond is {inputValue: ...} rather than {isPresent: ...}."""

from kfp_lite import components, dsl

flagged = components.load_component_from_text(
    """
name: Flagged run
inputs:
- {name: Dry run, type: Boolean, default: 'True'}
implementation:
  container:
    image: alpine
    command: [echo]
    args:
    - if:
        cond: {inputValue: Dry run}
        then: [--dry-run]
"""
)


@dsl.pipeline(name="flagged-run")
def flagged_run():
    flagged(dry_run=False)


TARGET = flagged_run


# kfp v2 only supports {isPresent: ...} as the cond of a v1 `if` placeholder.
EXPECT = "KeyError: 'isPresent'"
