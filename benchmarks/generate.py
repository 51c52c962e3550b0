"""Write benchmark pipeline sources of N tasks in three shapes.

    python benchmarks/generate.py chain 1000 -o /tmp/chain_1000.py
    python benchmarks/generate.py --all --sizes 100,1000,10000 -d benchmarks/sources

Shapes:
- ``chain``: each task consumes the previous task's output.
- ``fanout``: independent tasks reduced pairwise in a tree (about N/2 leaves, N/2 reducers).
- ``mixed``: blocks of 50 tasks mixing lightweight and container components,
  ``ConcatPlaceholder``/``IfPresentPlaceholder``, artifacts, one ``dsl.ParallelFor`` and one
  ``dsl.If`` per block.

Every file imports ``from kfp_lite import dsl``; rewriting ``kfp_lite`` to ``kfp`` gives a file
that the kfp SDK compiles (benchmarks/run.py does that for ``--compare-venv``). Components are
defined once and called in Python loops, so the file size does not grow with N. The pipeline
object is named ``pipeline``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SHAPES = ("chain", "fanout", "mixed")
BLOCK = 50  # tasks per block of the mixed shape

_CHAIN = '''\
"""Benchmark pipeline: a chain of {n} tasks, each consuming the previous output."""

from kfp_lite import dsl

N = {n}


@dsl.component
def step(x: int) -> int:
    return x + 1


@dsl.pipeline(name="bench-chain-{n}")
def pipeline(start: int = 0):
    previous = step(x=start)
    for _ in range(N - 1):
        previous = step(x=previous.output)
'''

_FANOUT = '''\
"""Benchmark pipeline: {leaves} independent tasks reduced pairwise in a tree ({n} tasks)."""

from kfp_lite import dsl

LEAVES = {leaves}


@dsl.component
def leaf(i: int) -> int:
    return i * i


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.pipeline(name="bench-fanout-{n}")
def pipeline(offset: int = 0):
    level = [leaf(i=i).output for i in range(LEAVES)]
    while len(level) > 1:
        paired = [add(a=level[k], b=level[k + 1]).output for k in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
'''

_MIXED = '''\
"""Benchmark pipeline: {blocks} blocks of 50 mixed tasks ({n} tasks).

Each block: lightweight components passing artifacts and parameters, container components
with ConcatPlaceholder / IfPresentPlaceholder and artifact placeholders, a ParallelFor over a
literal list and a dsl.If on a task output.
"""

from typing import NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output, OutputPath

BLOCKS = {blocks}


@dsl.component
def make_data(rows: int, data: Output[Dataset]):
    with open(data.path, "w") as handle:
        handle.write("x\\n" * rows)


@dsl.component(packages_to_install=["numpy"])
def train(data: Input[Dataset], lr: float, model: Output[Model]) -> NamedTuple(
    "Outputs", [("score", float), ("epochs", int)]
):
    outputs = NamedTuple("Outputs", [("score", float), ("epochs", int)])
    with open(model.path, "w") as handle:
        handle.write(str(lr))
    return outputs(0.5, 3)


@dsl.component(base_image="python:3.12")
def report(score: float, name: str = "model", tags: list = []) -> str:
    return f"{{name}}: {{score}} {{tags}}"


@dsl.container_component
def echo(message: str, suffix: str = None):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c"],
        args=[
            dsl.ConcatPlaceholder(["echo ", message, " && echo done"]),
            dsl.IfPresentPlaceholder(input_name="suffix", then=["--suffix", suffix], else_=["--none"]),
        ],
    )


@dsl.container_component
def count_rows(data: Input[Dataset], rows: OutputPath(int)):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c", "wc -l < \\"$0\\" > \\"$1\\""],
        args=[data.path, rows],
    )


@dsl.pipeline(name="bench-mixed-{n}")
def pipeline(rows: int = 100, lr: float = 0.1, label: str = "bench"):
    for block in range(BLOCKS):
        data = make_data(rows=rows)  # 1
        counted = count_rows(data=data.outputs["data"])  # 2
        trained = train(data=data.outputs["data"], lr=lr)  # 3
        for k in range(10):  # 4..33: 10 x (report, echo, count_rows)
            reported = report(score=trained.outputs["score"], name=f"m{{block}}-{{k}}", tags=["a", k])
            if k % 2:
                echo(message=reported.output, suffix=label)
            else:
                echo(message=reported.output)
            count_rows(data=data.outputs["data"]).after(counted)
        with dsl.ParallelFor([1, 2, 3]) as item:  # 34..36
            looped = make_data(rows=item)
            count_rows(data=looped.outputs["data"])
            echo(message=label)
        with dsl.If(trained.outputs["epochs"] > 2):  # 37..39
            final = train(data=data.outputs["data"], lr=0.01)
            report(score=final.outputs["score"])
            echo(message="deep", suffix=label)
        make_data(rows=counted.outputs["rows"])  # 40
        for k in range(5):  # 41..50
            more = make_data(rows=k)
            echo(message=f"block {{block}} part {{k}}: {{label}}").after(more)
'''


def source(shape: str, n: int) -> str:
    """The pipeline source of ``shape`` with about ``n`` tasks."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if shape == "chain":
        return _CHAIN.format(n=n)
    if shape == "fanout":
        leaves = max(1, (n + 1) // 2)
        return _FANOUT.format(n=2 * leaves - 1, leaves=leaves)
    if shape == "mixed":
        blocks = max(1, round(n / BLOCK))
        return _MIXED.format(n=blocks * BLOCK, blocks=blocks)
    raise ValueError(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")


def write(shape: str, n: int, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{shape}_{n}.py"
    path.write_text(source(shape, n), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shape", nargs="?", choices=SHAPES)
    parser.add_argument("n", nargs="?", type=int)
    parser.add_argument("-o", "--output", help="file to write (default: stdout)")
    parser.add_argument("--all", action="store_true", help="every shape at every --sizes")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("-d", "--directory", default="benchmarks/sources")
    args = parser.parse_args(argv)
    if args.all:
        for shape in SHAPES:
            for n in (int(s) for s in args.sizes.split(",")):
                print(write(shape, n, Path(args.directory)))
        return 0
    if args.shape is None or args.n is None:
        parser.error("give SHAPE and N, or --all")
    text = source(args.shape, args.n)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
