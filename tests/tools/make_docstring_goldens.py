"""Record what kfp reads from docstring variants: tests/data/docstrings_kfp.json.

Run with a Python that has kfp 2.17.3 installed (never a dependency of kfp_lite):

    /work/kfp-venv/bin/python tests/tools/make_docstring_goldens.py

Each variant is set as the docstring of ``def add(a: int, b: int = 2) -> int`` and read by
kfp's component interface extraction; the JSON keeps the docstring with the description and
the input and output descriptions kfp found. ``tests/test_docstrings.py`` compares kfp_lite.
"""

# no `from __future__ import annotations`: kfp reads the annotations of `add` as types

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "docstrings_kfp.json"

VARIANTS = {
 "plain": """Adds two numbers.""",
 "summary_long": """Adds two numbers.

    Longer text here
    on two lines.
    """,
 "args_returns": """Adds.

    Args:
        a: first number.
        b: second
            number, continued.

    Returns:
        Output: the sum.
    """,
 "returns_then_paragraph": """Adds.

    Args:
        a: first number.

    Returns:
        Output: the sum.

    This paragraph follows the returns section.
    """,
 "returns_then_paragraph_indented": """Adds.

    Returns:
        Output: the sum.

        More about the sum.
    """,
 "returns_then_example": """Adds.

    Returns:
        Output: the sum.

    Example:
        add(a=1, b=2)
    """,
 "returns_no_colon": """Adds.

    Returns
        Output: the sum.
    """,
 "return_singular": """Adds.

    Return:
        Output: the sum.
    """,
 "returns_untyped_text": """Adds.

    Returns:
        The sum of a and b.
    """,
 "args_with_types": """Adds.

    Args:
        a (int): first number.
        b (int, optional): second number. Defaults to 2.

    Returns:
        Output (int): the sum.
    """,
 "arguments_header": """Adds.

    Arguments:
        a: first.
        b: second.
    """,
 "params_numpy": """Adds.

    Parameters
    ----------
    a : int
        first number
    b : int
        second number

    Returns
    -------
    Output : int
        the sum
    """,
 "rest_style": """Adds.

    :param a: first number
    :param b: second number
    :returns: the sum
    """,
 "returns_word_in_text": """Returns the sum of a and b.

    Args:
        a: first number.
        b: second.
    """,
 "args_after_returns": """Adds.

    Returns:
        Output: the sum.

    Args:
        a: first.
        b: second.
    """,
 "long_then_args_paragraph": """Adds.

    A long description.

    Args:
        a: first.

    Trailing paragraph after args.
    """,
 "raises_after_returns": """Adds.

    Returns:
        Output: the sum.

    Raises:
        ValueError: never.
    """,
 "multiline_summary": """Adds two
    numbers together.

    Args:
        a: first.
    """,
 "blank_inside_arg": """Adds.

    Args:
        a: first.

            Still about a.
        b: second.
    """,
 "empty_description_arg": """Adds.

    Args:
        a:
            on the next line.
        b: second.
    """,
 "no_summary": """
    Args:
        a: first.
        b: second.
    """,
 "summary_then_args_no_blank": """Adds.
    Args:
        a: first.
        b: second.
    """,
 "note_section": """Adds.

    Note:
        Be careful.

    Args:
        a: first.
    """,
 "returns_multi_named": """Adds.

    Returns:
        Output: the sum.
        other: something else.

    Final words.
    """,
}
VARIANTS.update({
 "epydoc": """Adds.

    @param a: first number
    @param b: second number
    @return: the sum
    """,
 "rest_with_types": """Adds.

    :param int a: first number
    :param b: second
        number over two lines
    :type b: int
    :returns: the sum
    :rtype: int
    """,
 "returns_twice_word": """Adds.

    Args:
        a: Returns nothing special.

    Returns:
        Output: the sum.
    """,
 "yields_and_examples": """Adds.

    Args:
        a: first.

    Examples:
        >>> add(1, 2)
        3

    Returns:
        Output: the sum.
    """,
 "typed_optional": """Adds.

    Args:
        a (int, optional): first.
        b (Optional[int]): second.
    """,
 "args_unindented_paragraph_then_returns": """Adds.

    Args:
        a: first.
    Trailing text.

    Returns:
        Output: the sum.
    """,
 "trailing_whitespace_title": "Adds.\n\n    Args:   \n        a: first.\n    ",
 "summary_only_long_paragraphs": """Adds.

    First paragraph.

    Second paragraph.
    """,
 "numpy_with_notes": """Adds.

    Parameters
    ----------
    a : int
        first
    b
        second

    Notes
    -----
    Nothing.
    """,
 "empty_args": """Adds.

    Args:

    Returns:
        Output: sum.
    """,
 "colon_in_summary": """Note: adds numbers.

    Args:
        a: first: really.
    """,
})


def main() -> None:
    import kfp
    from kfp.dsl import component_factory

    result = {"kfp_version": kfp.__version__, "variants": {}}
    for name, doc in VARIANTS.items():
        def add(a: int, b: int = 2) -> int:
            return a + b

        add.__doc__ = doc
        spec = component_factory.extract_component_interface(add)
        result["variants"][name] = {
            "docstring": doc,
            "description": spec.description,
            "inputs": {n: s.description for n, s in (spec.inputs or {}).items()},
            "outputs": {n: s.description for n, s in (spec.outputs or {}).items()},
        }
    OUT.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(VARIANTS)} variants to {OUT}")


if __name__ == "__main__":
    main()
