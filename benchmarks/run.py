"""Measure kfp_lite's compile time, peak memory and start-up, optionally next to kfp's.

    python benchmarks/run.py                                   # every shape at 100, 1000, 10000
    python benchmarks/run.py --sizes 100,1000 --repeat 5
    python benchmarks/run.py --compare-venv /opt/kfpref         # side by side with kfp
    python benchmarks/run.py --only emit                        # YAML emission micro benchmark
    python benchmarks/run.py --only startup --installed         # start-up, editable and installed

Each compile runs in a fresh process (imports included, as a user sees it); the reported time
is the median wall time of ``--repeat`` runs and the peak RSS is the largest ``ru_maxrss`` of
those children (``os.wait4``). kfp is slow at scale, so it only runs up to ``--kfp-max-n``
tasks. A table is printed and a CSV is written to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import SHAPES, source  # noqa: E402

# Loads a generated file as a module and compiles its ``pipeline`` with PACKAGE's compiler.
# Prints the CPU seconds (user + system, time.process_time) of importing the module and
# compiling it: interpreter start-up excluded, the package's own imports included.
_COMPILE_ONE = """
import time
_cpu0 = time.process_time()
import importlib.util, sys, warnings
warnings.simplefilter("ignore")
package, path, out = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("bench_pipeline", path)
module = importlib.util.module_from_spec(spec)
sys.modules["bench_pipeline"] = module
spec.loader.exec_module(module)
compiler = importlib.import_module(package + ".compiler")
compiler.Compiler().compile(module.pipeline, out)
print("cpu", time.process_time() - _cpu0)
"""

_ONE_TASK = """\
from kfp_lite import dsl


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.pipeline(name="one-task")
def pipeline(a: int = 1, b: int = 2):
    add(a=a, b=b)
"""


@dataclass(frozen=True)
class Result:
    kind: str  # compile | cpu | startup | emit | load
    shape: str
    n: int
    tool: str
    times: tuple
    peak_rss_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_child(argv: Sequence[str], cwd: Path, env: Optional[dict] = None) -> tuple:
    """Run one fresh process; return (wall seconds, peak RSS MiB, CPU seconds). The CPU time
    is the one the child printed (``cpu <seconds>``) or else its user + system time from
    ``wait4``. Raise on failure. Output goes to files so a big stderr cannot block the child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    cpu = None
    for line in stdout.splitlines():
        if line.startswith("cpu "):
            cpu = float(line.split()[1])
    if cpu is None:  # the whole process's CPU time, start-up included
        cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024.0, cpu  # ru_maxrss is KiB on Linux


def measure(argv: Sequence[str], cwd: Path, repeat: int, env: Optional[dict] = None) -> tuple:
    """(wall times, peak RSS MiB, CPU times printed by the child)."""
    times, peak, cpus = [], 0.0, []
    for _ in range(repeat):
        wall, rss, cpu = run_child(argv, cwd, env)
        times.append(wall)
        peak = max(peak, rss)
        cpus.append(cpu)
    return tuple(times), peak, tuple(cpus)


def lite_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def kfp_lite_cli(python: str) -> List[str]:
    exe = Path(python).parent / "kfp-lite"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("kfp-lite")
    return [found] if found else [python, "-m", "kfp_lite"]


def write_sources(work: Path, shapes: Sequence[str], sizes: Sequence[int]) -> None:
    for shape in shapes:
        for n in sizes:
            text = source(shape, n)
            (work / f"lite_{shape}_{n}.py").write_text(text)
            (work / f"kfp_{shape}_{n}.py").write_text(text.replace("kfp_lite", "kfp"))
    (work / "lite_one.py").write_text(_ONE_TASK)
    (work / "kfp_one.py").write_text(_ONE_TASK.replace("kfp_lite", "kfp"))


def bench_compile(args: argparse.Namespace, work: Path) -> List[Result]:
    results = []
    env = lite_env()
    for shape in args.shapes:
        for n in args.sizes:
            src = work / f"lite_{shape}_{n}.py"
            argv = [args.python, "-c", _COMPILE_ONE, "kfp_lite", str(src), str(work / "out.yaml")]
            times, rss, cpus = measure(argv, work, args.repeat, env)
            results.append(Result("compile", shape, n, "kfp_lite", times, rss))
            report(results[-1])
            results.append(Result("cpu", shape, n, "kfp_lite", cpus, 0.0))
            report(results[-1])
            if args.compare_venv and n <= args.kfp_max_n:
                kfp_python = str(Path(args.compare_venv) / "bin" / "python")
                src = work / f"kfp_{shape}_{n}.py"
                argv = [kfp_python, "-c", _COMPILE_ONE, "kfp", str(src), str(work / "kfp.yaml")]
                times, rss, cpus = measure(argv, work, args.kfp_repeat or args.repeat)
                results.append(Result("compile", shape, n, "kfp", times, rss))
                report(results[-1])
                results.append(Result("cpu", shape, n, "kfp", cpus, 0.0))
                report(results[-1])
    return results


def copy_package_sources(dest: Path) -> Path:
    """Copy what ``pyproject.toml`` packages (and nothing else: no byte-code, no build
    leftovers) to ``dest``, where a wheel can be built without touching the tree."""
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for package in ("kfp_lite", "compiler", "ir_schema"):
        shutil.copytree(ROOT / package, dest / package, ignore=skip)
    return dest


def build_wheel(python: str, src: Path, wheels: Path) -> Path:
    """``pip wheel`` of ``src``: with ``python``'s own setuptools (offline), else in pip's
    isolated build environment."""
    build = [python, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(src)]
    try:
        subprocess.run(build[:4] + ["--no-build-isolation"] + build[4:], check=True,
                       capture_output=True)
    except subprocess.CalledProcessError:
        subprocess.run(build, check=True)
    return next(wheels.glob("kfp_lite-*.whl"))


def make_installed_venv(python: str, tmp: Path) -> Path:
    """A fresh venv of ``python``'s interpreter with kfp_lite installed from a wheel of this
    tree, as users get it (no editable-install finder at start-up); its dependencies at the
    versions of ``python``'s environment (pip fetches them, or takes them from its cache).
    Returns the venv's bin folder."""
    start = time.perf_counter()
    wheel = build_wheel(python, copy_package_sources(tmp / "src"), tmp / "wheels")
    venv = tmp / "venv"
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)
    frozen = subprocess.run([python, "-m", "pip", "freeze", "--exclude-editable"], check=True,
                            capture_output=True, text=True).stdout
    constraints = tmp / "constraints.txt"
    constraints.write_text(
        "\n".join(line for line in frozen.splitlines() if "==" in line and "@" not in line) + "\n"
    )
    install = subprocess.run(
        [python, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
         "--disable-pip-version-check", "-c", str(constraints), str(wheel)],
        capture_output=True, text=True,
    )
    if install.returncode != 0:
        raise RuntimeError(f"installing {wheel.name} failed:\n{install.stderr[-2000:]}")
    print(f"installed {wheel.name} into a fresh venv in {time.perf_counter() - start:.1f} s",
          flush=True)
    return venv / "bin"


def bench_startup(args: argparse.Namespace, work: Path) -> List[Result]:
    env = lite_env()
    cli = kfp_lite_cli(args.python)
    compile_one = ["compile", "lite_one.py", "-o", "one.yaml"]
    # (name, tool, argv, env)
    cases = [
        ("python -c pass", "python", [args.python, "-c", "pass"], None),
        ("kfp-lite --help", "kfp-lite", cli + ["--help"], env),
        ("kfp-lite compile one task", "kfp-lite", cli + compile_one, env),
    ]
    if args.installed:
        venv = make_installed_venv(args.python, work / "installed")
        clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the venv's own copy
        cases += [
            ("installed python -c pass", "python", [str(venv / "python"), "-c", "pass"], clean),
            ("installed kfp-lite --help", "kfp-lite", [str(venv / "kfp-lite"), "--help"], clean),
            ("installed kfp-lite compile one task", "kfp-lite",
             [str(venv / "kfp-lite")] + compile_one, clean),
        ]
    if args.compare_venv:
        venv = Path(args.compare_venv) / "bin"
        cases.append(("kfp python -c pass", "kfp", [str(venv / "python"), "-c", "pass"], None))
        if (venv / "kfp").exists():
            kfp_compile = ["dsl", "compile", "--py", "kfp_one.py", "--output", "k.yaml"]
            cases.append(("kfp dsl compile one task", "kfp", [str(venv / "kfp")] + kfp_compile,
                          None))
    results = []
    for name, tool, argv, case_env in cases:
        repeat = max(args.repeat, 5)
        times, rss, cpus = measure(argv, work, repeat, case_env)
        results.append(Result("startup", name, 1, tool, times, rss))
        report(results[-1])
        # user + system CPU of the whole process: steadier than wall time on a busy machine
        results.append(Result("startup-cpu", name, 1, tool, cpus, 0.0))
        report(results[-1])
    return results


def _no_aliases(dumper: type) -> type:
    """The lowering may share sub-objects; kfp's documents never do, so never write anchors."""
    return type("NoAlias" + dumper.__name__, (dumper,), {"ignore_aliases": lambda self, d: True})


def bench_emit(args: argparse.Namespace, work: Path) -> List[Result]:
    """render_yaml against libyaml's CSafeDumper and the pure Dumper, same document, in-process."""
    import importlib.util

    import yaml

    sys.path.insert(0, str(ROOT))
    from kfp_lite.compiler import compile_documents, emit

    results = []
    for n in args.emit_sizes:
        path = work / f"lite_mixed_{n}.py"
        path.write_text(source("mixed", n))
        spec = importlib.util.spec_from_file_location(f"bench_emit_{n}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        document = compile_documents(module.pipeline).pipeline_spec
        contenders = [("render_yaml", None)]
        if getattr(yaml, "CSafeDumper", None) is not None:
            contenders.append(("CSafeDumper", _no_aliases(yaml.CSafeDumper)))
        if n <= args.emit_pure_max_n:
            contenders.append(("pure Dumper", _no_aliases(yaml.Dumper)))
        expected = None
        for name, dumper in contenders:
            times = []
            for _ in range(args.repeat):
                start = time.process_time()
                if dumper is None:
                    text = emit.render_yaml([document])
                else:
                    text = yaml.dump_all([document], Dumper=dumper, sort_keys=True)
                times.append(time.process_time() - start)
            if name == "render_yaml":
                expected = text
            elif name == "pure Dumper" and text != expected:
                raise RuntimeError("render_yaml and the pure Dumper disagree")
            results.append(Result("emit", "mixed", n, name, tuple(times), 0.0))
            report(results[-1])
    return results


def bench_load(args: argparse.Namespace, work: Path) -> List[Result]:
    """kfp_lite's bounded reader (the one ``run``, ``cache-key``, ``graph`` and ``validate``
    use) against ``yaml.load(..., CSafeLoader)`` on the compiled mixed document, CPU time."""
    import importlib.util

    import yaml

    sys.path.insert(0, str(ROOT))
    from kfp_lite.compiler import compile_documents, emit

    from kfp_lite import safe_yaml

    results = []
    for n in args.load_sizes:
        path = work / f"lite_mixed_{n}.py"
        path.write_text(source("mixed", n))
        spec = importlib.util.spec_from_file_location(f"bench_load_{n}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        data = emit.render_yaml([compile_documents(module.pipeline).pipeline_spec]).encode()
        del module
        contenders = [("safe_yaml", None)]
        if getattr(yaml, "CSafeLoader", None) is not None:
            contenders.append(("CSafeLoader", yaml.CSafeLoader))
        for name, loader in contenders:
            times = []
            for _ in range(args.repeat):
                start = time.process_time()
                if loader is None:
                    safe_yaml.load_all(data)
                else:
                    yaml.load(data, Loader=loader)
                times.append(time.process_time() - start)
            results.append(Result("load", "mixed", n, name, tuple(times), 0.0))
            report(results[-1])
    return results


def report(result: Result) -> None:
    print(
        f"  {result.kind:8} {result.shape:26} {result.n:>6} {result.tool:12} "
        f"{result.median:8.3f} s  {result.peak_rss_mib:7.1f} MiB",
        flush=True,
    )


def table(results: List[Result]) -> str:
    lines = [
        "| kind | shape | N | tool | median s | peak RSS MiB | vs kfp_lite |",
        "|---|---|---:|---|---:|---:|---:|",
    ]
    base = {
        (r.kind, r.shape, r.n): r.median
        for r in results
        if r.tool in ("kfp_lite", "render_yaml", "safe_yaml")
    }
    for r in results:
        ref = base.get((r.kind, r.shape, r.n))
        ratio = (
            f"{r.median / ref:.2f}x"
            if ref and r.tool not in ("kfp_lite", "render_yaml", "safe_yaml")
            else ""
        )
        rss = f"{r.peak_rss_mib:.0f}" if r.peak_rss_mib else ""
        lines.append(
            f"| {r.kind} | {r.shape} | {r.n} | {r.tool} | {r.median:.3f} | {rss} | {ratio} |"
        )
    notes = []
    for kind, what in (("compile", "wall time"), ("cpu", "in-process CPU time")):
        for shape in SHAPES:
            small = base.get((kind, shape, 1000))
            big = base.get((kind, shape, 10000))
            if small and big:
                notes.append(f"{shape}: 1,000 -> 10,000 tasks costs {big / small:.1f}x the {what}")
    by_key = {(r.kind, r.shape, r.n, r.tool): r for r in results}
    for kind in ("compile", "cpu"):
        for shape in SHAPES:
            lite, kfp = (
                by_key.get((kind, shape, 1000, "kfp_lite")),
                by_key.get((kind, shape, 1000, "kfp")),
            )
            if lite and kfp and lite.times and kfp.times:
                notes.append(
                    f"{shape} at 1,000 tasks ({kind}): kfp takes "
                    f"{kfp.median / lite.median:.1f}x kfp_lite's time"
                )
    cpu = by_key.get(("cpu", "mixed", 10000, "kfp_lite"))
    dumper = by_key.get(("emit", "mixed", 10000, "CSafeDumper"))
    if cpu and dumper and cpu.times:
        notes.append(
            f"compiling 10,000 mixed tasks (CPU {cpu.median:.3f} s) is "
            f"{dumper.median / cpu.median:.2f}x cheaper than CSafeDumper dumping it"
        )
    for kind in ("startup", "startup-cpu"):
        kfp = by_key.get((kind, "kfp dsl compile one task", 1, "kfp"))
        for install in ("", "installed "):  # editable (this tree), then a wheel in a fresh venv
            bare = by_key.get((kind, f"{install}python -c pass", 1, "python"))
            lite = by_key.get((kind, f"{install}kfp-lite compile one task", 1, "kfp-lite"))
            how = "installed" if install else "editable"
            if bare and lite:
                notes.append(
                    f"kfp-lite compile one task ({kind}, {how}): "
                    f"+{(lite.median - bare.median) * 1000:.0f} ms over python -c pass"
                )
            if lite and kfp:
                notes.append(
                    f"kfp dsl compile one task ({kind}): {kfp.median / lite.median:.1f}x "
                    f"kfp-lite compile's time ({how})"
                )
    for n in sorted({r.n for r in results if r.kind == "load"}):
        ours, theirs = (
            by_key.get(("load", "mixed", n, "safe_yaml")),
            by_key.get(("load", "mixed", n, "CSafeLoader")),
        )
        if ours and theirs:
            notes.append(
                f"reading {n:,} mixed tasks: safe_yaml takes "
                f"{ours.median / theirs.median:.2f}x CSafeLoader's CPU time"
            )
    rss = by_key.get(("compile", "mixed", 10000, "kfp_lite"))
    if rss:
        notes.append(f"peak RSS at 10,000 mixed tasks: {rss.peak_rss_mib:.0f} MiB")
    return "\n".join(lines + ([""] + notes if notes else []))


def write_csv(results: List[Result], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / time.strftime("results-%Y%m%d-%H%M%S.csv")
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "shape", "n", "tool", "median_s", "min_s", "runs", "peak_rss_mib"])
        for r in results:
            writer.writerow(
                [r.kind, r.shape, r.n, r.tool, f"{r.median:.4f}", f"{min(r.times):.4f}",
                 len(r.times), f"{r.peak_rss_mib:.1f}"]
            )  # fmt: skip
    return path


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ints = lambda text: [int(v) for v in text.split(",") if v]  # noqa: E731
    parser.add_argument("--shapes", type=lambda t: t.split(","), default=list(SHAPES))
    parser.add_argument("--sizes", type=ints, default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kfp-repeat", type=int, default=0, help="runs per kfp measurement")
    parser.add_argument("--python", default=sys.executable, help="interpreter for kfp_lite")
    parser.add_argument("--compare-venv", help="a venv with kfp installed, e.g. /opt/kfpref")
    parser.add_argument(
        "--installed",
        action="store_true",
        help="start-up also from a wheel of this tree installed in a fresh venv (as users get it)",
    )
    parser.add_argument("--kfp-max-n", type=int, default=1000)
    parser.add_argument("--emit-sizes", type=ints, default=[1000, 10000])
    parser.add_argument("--emit-pure-max-n", type=int, default=1000)
    parser.add_argument("--load-sizes", type=ints, default=[10000])
    parser.add_argument(
        "--only",
        choices=["compile", "startup", "emit", "load"],
        action="append",
        help="repeatable",
    )
    parser.add_argument("--out-dir", default=str(HERE / "results"))
    args = parser.parse_args(argv)
    parts = args.only or ["compile", "startup", "emit", "load"]
    results: List[Result] = []
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("warning: PYTHONDONTWRITEBYTECODE is set: every start recompiles kfp_lite's modules",
              flush=True)
    with tempfile.TemporaryDirectory(prefix="kfp-lite-bench-") as tmp:
        work = Path(tmp)
        write_sources(work, args.shapes, args.sizes)
        if "startup" in parts:
            results += bench_startup(args, work)
        if "compile" in parts:
            results += bench_compile(args, work)
        if "emit" in parts:
            results += bench_emit(args, work)
        if "load" in parts:
            results += bench_load(args, work)
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print()
    print(table(results))
    print(f"\nCSV: {write_csv(results, Path(args.out_dir))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
