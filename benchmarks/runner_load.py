"""The local runner under load: threads of a wide loop, per-task overhead, concurrent runs.

    python benchmarks/runner_load.py threads --items 2000 --max-workers 2
    python benchmarks/runner_load.py overhead --tasks 200 --max-workers 2
    python benchmarks/runner_load.py concurrent --runs 6 --rounds 10

``threads`` samples ``threading.active_count()`` every 10 ms while a ``ParallelFor`` of
trivial container tasks (``sh -c true``) runs and prints the peak. ``overhead`` runs N such
tasks one at a time and prints the wall time per task next to a bare ``sh -c true`` spawn.
``concurrent`` starts ``--runs`` ``kfp-lite run`` processes at once on a fresh pipeline
root, ``--rounds`` times, and counts the rounds in which one of them failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from kfp_lite import local


def trivial_component() -> dict:
    return {
        "executorLabel": "exec-noop",
        "inputDefinitions": {"parameters": {"n": {"parameterType": "NUMBER_INTEGER"}}},
    }


def loop_spec(items: int, caching: bool = False) -> dict:
    """A pipeline whose root runs one ParallelFor of ``items`` trivial tasks."""
    task = {
        "componentRef": {"name": "comp-noop"},
        "taskInfo": {"name": "noop"},
        "inputs": {
            "parameters": {"n": {"componentInputParameter": "pipelinechannel--loop-item-param-1"}}
        },
        "cachingOptions": {"enableCache": caching},
    }
    return {
        "pipelineInfo": {"name": "load"},
        "schemaVersion": "2.1.0",
        "sdkVersion": "kfp-2.17.3",
        "deploymentSpec": {
            "executors": {
                "exec-noop": {"container": {"image": "alpine", "command": ["sh", "-c", "true"]}}
            }
        },
        "components": {
            "comp-noop": trivial_component(),
            "comp-for-loop-1": {
                "dag": {"tasks": {"noop": task}},
                "inputDefinitions": {
                    "parameters": {
                        "pipelinechannel--loop-item-param-1": {"parameterType": "NUMBER_INTEGER"}
                    }
                },
            },
        },
        "root": {
            "dag": {
                "tasks": {
                    "for-loop-1": {
                        "componentRef": {"name": "comp-for-loop-1"},
                        "parameterIterator": {
                            "itemInput": "pipelinechannel--loop-item-param-1",
                            "items": {
                                "raw": yaml.safe_dump(
                                    list(range(items)), default_flow_style=True
                                ).strip()
                            },
                        },
                        "taskInfo": {"name": "for-loop-1"},
                    }
                }
            }
        },
    }


class Overlap:
    """Observer: the most container tasks running at once (from their events)."""

    def __init__(self) -> None:
        self.running: set = set()
        self.peak = 0

    def on_event(self, event) -> None:
        if event.kind != "container":
            return
        if event.type == "task_started":
            self.running.add(event.path)
        elif event.type in ("task_finished", "task_failed", "task_cached"):
            self.running.discard(event.path)
        self.peak = max(self.peak, len(self.running))


def threads(items: int, workers: int) -> None:
    peak = [threading.active_count()]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], threading.active_count())
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    overlap = Overlap()
    with tempfile.TemporaryDirectory() as root:
        start = time.perf_counter()
        try:
            result = local.run(
                loop_spec(items), pipeline_root=root, max_workers=workers, observer=overlap
            )
        except TypeError:  # a runner without observers
            result = local.run(
                loop_spec(items), pipeline_root=root, max_workers=workers, echo=lambda _l: None
            )
        elapsed = time.perf_counter() - start
    done.set()
    print(
        f"{items} items, --max-workers {workers}: {result.state}, peak threads {peak[0]} "
        f"(sampler included), most tasks running at once {overlap.peak or '?'}, {elapsed:.1f}s"
    )


def overhead(tasks: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as root:
        start = time.perf_counter()
        result = local.run(
            loop_spec(tasks), pipeline_root=root, max_workers=workers, echo=lambda _l: None
        )
        run_time = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(tasks):
        subprocess.run(["sh", "-c", "true"], check=True)
    bare = time.perf_counter() - start
    print(
        f"{tasks} trivial tasks, --max-workers {workers}: {result.state} in {run_time:.2f}s = "
        f"{1000 * run_time / tasks * workers:.1f} ms of a worker per task; "
        f"a bare spawn of the same program: {1000 * bare / tasks:.1f} ms"
    )


def concurrent(runs: int, rounds: int) -> None:
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.yaml"
        spec.write_text(yaml.safe_dump(loop_spec(3, caching=True)))
        for index in range(rounds):
            root = Path(tmp) / f"root-{index}"
            procs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "kfp_lite",
                        "run",
                        str(spec),
                        "--pipeline-root",
                        str(root),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(runs)
            ]
            errors = [p.communicate()[1] for p in procs]
            bad = [e for p, e in zip(procs, errors) if p.returncode != 0]
            if bad:
                failures += 1
                print(f"round {index}: {len(bad)} failed: {bad[0].strip().splitlines()[-1]}")
    print(f"{runs} simultaneous runs x {rounds} rounds: {failures} rounds with a failure")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["threads", "overhead", "concurrent"])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--max-workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if args.what == "threads":
        threads(args.items, args.max_workers)
    elif args.what == "overhead":
        overhead(args.tasks, args.max_workers)
    else:
        concurrent(args.runs, args.rounds)


if __name__ == "__main__":
    main()
