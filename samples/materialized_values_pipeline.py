"""Typed Python values between steps: materializers that compile to plain KFP artifacts.

``bytes``, ``pathlib.Path`` and a ``Decimal`` (through a materializer defined here) pass
between tasks as they are: the compiler makes them ordinary artifacts and ships, with each
component, a small wrapper that loads its inputs and saves its outputs. ``dsl.Materialized[str]``
stores a long text as an artifact instead of a parameter. The fan-out collects one ``bytes``
value per item into a ``List[bytes]`` input. See docs/materializers.md.

    kfp-lite run samples/materialized_values_pipeline.py -p repeat=3
"""

import decimal
import pathlib
from typing import List, NamedTuple

from kfp_lite import compiler, dsl

KFP_LITE_ONLY = "materialized types (bytes, pathlib.Path, Decimal) and component.map()"


class DecimalMaterializer(dsl.Materializer):
    """Decimals as their exact text, so no digit is lost on the way."""

    types = (decimal.Decimal,)

    def save(self, value, path):
        with open(path, "w") as handle:
            handle.write(str(value))

    def load(self, path):
        import decimal

        with open(path) as handle:
            return decimal.Decimal(handle.read())


@dsl.component
def chunk(word: str, repeat: int) -> bytes:
    return (word * repeat).encode("utf-8")


@dsl.component
def bundle(chunks: List[bytes]) -> NamedTuple("Bundle", [("folder", pathlib.Path), ("count", int)]):
    import os
    import pathlib
    import tempfile

    folder = tempfile.mkdtemp()
    for index, data in enumerate(chunks):
        with open(os.path.join(folder, f"part-{index}.bin"), "wb") as handle:
            handle.write(data)
    return (pathlib.Path(folder), len(chunks))


@dsl.component
def average_size(folder: pathlib.Path, count: int) -> decimal.Decimal:
    import decimal

    total = sum(part.stat().st_size for part in folder.iterdir())
    return decimal.Decimal(total) / decimal.Decimal(count)


@dsl.component
def describe(size: decimal.Decimal) -> dsl.Materialized[str]:
    return f"average part size: {size:.3f} bytes\n" * 50


@dsl.component
def headline(report: dsl.Materialized[str]) -> str:
    return report.splitlines()[0]


@dsl.pipeline(name="materialized-values")
def materialized_values(repeat: int = 2) -> str:
    chunks = chunk.map(word=["kfp", "lite", "values"], repeat=repeat)
    parts = bundle(chunks=chunks.output)
    size = average_size(folder=parts.outputs["folder"], count=parts.outputs["count"])
    return headline(report=describe(size=size.output).output).output


if __name__ == "__main__":
    compiler.Compiler().compile(materialized_values, "materialized_values_pipeline.yaml")
