"""ParallelFor over a plain `list` pipeline parameter with no default."""

from kfp_lite import dsl


@dsl.component
def fetch_table(table: str) -> str:
    return table.upper()


@dsl.pipeline(name="table-fetcher")
def table_fetcher(tables: list):
    with dsl.ParallelFor(tables) as table:
        fetch_table(table=table)


TARGET = table_fetcher
