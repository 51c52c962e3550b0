"""pip_index_urls=: the first URL is the index, the others are extra indexes."""

from kfp_lite import dsl


@dsl.component(
    packages_to_install=["tabulate"],
    pip_index_urls=["https://pypi.example.com/simple", "https://mirror.example.com/simple"],
)
def render_table(rows: list) -> str:
    from tabulate import tabulate

    return tabulate(rows)


TARGET = render_table
