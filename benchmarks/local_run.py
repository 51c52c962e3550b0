"""Local runs side by side: kfp_lite's runner against kfp.local's SubprocessRunner.

    python benchmarks/local_run.py                          # kfp_lite alone
    python benchmarks/local_run.py --kfp-python /work/kfp-venv/bin/python --repeat 3

Each measurement runs a chain of ``--tasks`` trivial lightweight tasks (each adds one to the
previous task's output) as one pipeline, in a fresh process, caching off, and prints a
Markdown table: wall time of the run and wall time per task. kfp_lite runs twice: as it
runs by default (tasks forked from a warm server) and with ``--plain`` starts (each task's
command run by ``sh`` as written, two Python starts per task), which is how it ran before.
kfp runs the same chain with ``kfp.local.init(runner=kfp.local.SubprocessRunner(
use_venv=False))``. ``python -c pass`` is the floor of any one process start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

CHAIN = """
from {package} import dsl
{setup}

@dsl.component
def inc(x: int) -> int:
    return x + 1

@dsl.pipeline(name="chain")
def chain(n: int = 0) -> int:
    t = inc(x=n)
    for _ in range({tasks} - 1):
        t = inc(x=t.output)
    return t.output
"""

LITE_SETUP = ""

LITE_RUN = """
import sys, time
from kfp_lite import local
from kfp_lite.compiler import compile_documents
if {plain}:
    import kfp_lite.local.process as process
    process.parse_lightweight = lambda command: None
spec = compile_documents(chain).pipeline_spec
start = time.perf_counter()
result = local.run(spec, {{}}, pipeline_root={root!r}, enable_cache=False, echo=lambda line: None)
elapsed = time.perf_counter() - start
assert result.state == "SUCCEEDED", result.error
assert result.outputs.parameters["Output"] == {tasks}, result.outputs
print(elapsed)
"""

KFP_SETUP = """
from kfp import local
local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root={root!r})
"""

KFP_RUN = """
import time
start = time.perf_counter()
task = chain(n=0)
elapsed = time.perf_counter() - start
assert task.output == {tasks}, task.output
print(elapsed)
"""


def _measure(python: str, program: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_chain.py"
        path.write_text(program)
        done = subprocess.run(
            [python, str(path)], capture_output=True, text=True, cwd=folder
        )
    if done.returncode != 0:
        raise SystemExit(f"benchmark program failed:\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def lite(tasks: int, plain: bool) -> float:
    with tempfile.TemporaryDirectory() as root:
        program = CHAIN.format(package="kfp_lite", setup=LITE_SETUP, tasks=tasks)
        program += textwrap.dedent(LITE_RUN.format(plain=plain, root=root, tasks=tasks))
        return _measure(sys.executable, program)


def kfp(python: str, tasks: int) -> float:
    with tempfile.TemporaryDirectory() as root:
        setup = KFP_SETUP.format(root=root)
        program = CHAIN.format(package="kfp", setup=setup, tasks=tasks)
        program += KFP_RUN.format(tasks=tasks)
        return _measure(python, program)


def bare_start(python: str, repeat: int) -> float:
    times = []
    for _ in range(max(5, repeat)):
        start = time.perf_counter()
        subprocess.run([python, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kfp-python", help="a Python with kfp installed (kfp.local)")
    args = parser.parse_args()

    rows = []
    for name, measure in [
        ("kfp_lite (warm starts)", lambda: lite(args.tasks, plain=False)),
        ("kfp_lite (--plain starts)", lambda: lite(args.tasks, plain=True)),
        *(
            [("kfp.local SubprocessRunner", lambda: kfp(args.kfp_python, args.tasks))]
            if args.kfp_python
            else []
        ),
    ]:
        times = [measure() for _ in range(args.repeat)]
        rows.append((name, statistics.median(times), min(times)))
    floor = bare_start(sys.executable, args.repeat)

    print(f"{args.tasks}-task chain, caching off, median of {args.repeat} runs\n")
    print("| runner | run (s) | per task (ms) | min per task (ms) | vs kfp.local |")
    print("|---|---:|---:|---:|---:|")
    reference = rows[-1][1] if args.kfp_python else None
    for name, median, best in rows:
        ratio = f"{reference / median:.1f}x" if reference else "-"
        print(
            f"| {name} | {median:.2f} | {median / args.tasks * 1000:.0f} "
            f"| {best / args.tasks * 1000:.0f} | {ratio} |"
        )
    print(f"\n`python -c pass`: {floor * 1000:.0f} ms")


if __name__ == "__main__":
    main()
