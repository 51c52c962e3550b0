"""Differential fuzzing: random pipelines compiled by kfp_lite and by the reference kfp SDK.

A dev tool, not part of the test suite. It needs a Python with kfp 2.17.3 (default
``/opt/kfpref/bin/python``)::

    python tests/tools/fuzz_against_kfp.py --seeds 0:300 --out /tmp/fuzz
    python tests/tools/fuzz_against_kfp.py --show 17          # print the program of seed 17

For every seed a *source file* written with ``from kfp_lite import dsl`` is generated (the
same shape as ``tests/cases/*.py``, with ``TARGET``): components with random signatures,
container components with placeholders, nested pipelines, and a pipeline body that mixes
tasks, ``.after()``, If/Elif/Else, ParallelFor (constants, parameters, task outputs, nested),
``Collected``, ``OneOf``, ``ExitHandler``, task setters, f-strings and importers. A few
programs deliberately break a scoping rule, so that errors are compared too.

Each program is compiled by kfp_lite in-process and by kfp in a long-lived worker subprocess
(the source rewritten ``kfp_lite`` -> ``kfp`` exactly as ``make_kfp_goldens.py`` does);
both outputs are normalized like ``tests/golden_compare.py``. Outcomes:

* ``diff``: both compile, the YAML differs (program and diff saved);
* ``false_error``: kfp compiles it, kfp_lite reports an error;
* ``lite_accepts``: kfp raises, kfp_lite compiles it silently;
* ``kfp_unstable``: kfp itself writes different YAML from run to run (see ``kfp_unstable``);
* ``both_reject``: discarded; ``same``: identical.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import random
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

import golden_compare as gc  # noqa: E402
from make_kfp_goldens import rewrite  # noqa: E402

KFP_PYTHON = "/opt/kfpref/bin/python"

SCALARS = ("int", "str", "float", "bool")
PARAM_KINDS = SCALARS + ("list", "dict")
ARTIFACT_KINDS = ("Dataset", "Model", "Artifact")
WORDS = ("alpha", "beta", "gamma", "delta", "eps", "zeta", "theta", "kappa")


# ---------------------------------------------------------------------------------------------
# program model


@dataclass
class Value:
    """A value usable as a task argument: its source text, kind and where it is visible."""

    expr: str
    kind: str
    scope: tuple[int, ...]
    task: Optional[str] = None  # the producing task's variable, for Collected / OneOf
    elem: str = "str"  # the kind of a loop item over this list (kfp's rule: untyped -> str)
    loop_depth: int = 0  # how many loops of its scope it is inside (for Collected)


@dataclass
class Comp:
    name: str
    inputs: list[tuple[str, str, bool]]  # (name, kind, has default)
    outputs: list[tuple[str, str]]  # (name, kind); "Output" for a single return
    single: bool  # one output reachable as .output
    is_graph: bool = False
    is_container: bool = False
    final_status: bool = False
    elems: dict[str, str] = field(default_factory=dict)  # list output -> item kind


@dataclass
class Ctx:
    rng: random.Random
    comps: list[Comp]
    lines: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    tasks: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    counter: int = 0
    group_counter: int = 0
    top_level: bool = True  # the pipeline being generated is the compiled one
    loops: list[int] = field(default_factory=list)
    loop_ids: set[int] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def group(self) -> int:
        self.group_counter += 1
        return self.group_counter

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)


def visible(ctx: Ctx, scope: tuple[int, ...], kind: Optional[str] = None,
            leak: float = 0.0) -> list[Value]:
    out = []
    for v in ctx.values:
        if kind is not None and v.kind != kind:
            continue
        if v.scope == scope[: len(v.scope)] or ctx.rng.random() < leak:
            out.append(v)
    return out


def literal(rng: random.Random, kind: str) -> str:
    if kind == "int":
        return str(rng.randint(-2, 20))
    if kind == "float":
        return rng.choice(["0.5", "1.25", "3.0", "-2.5", "0.0", "10.0"])
    if kind == "bool":
        return rng.choice(["True", "False"])
    if kind == "str":
        return repr(rng.choice(WORDS + ("", "a b", "x-1")))
    if kind == "list":
        return rng.choice(["[1, 2, 3]", "['a', 'b']", "[]", "[{'a': 1}]", "[1.5, 2]"])
    if kind == "dict":
        return rng.choice(["{'a': 1}", "{'k': 'v', 'n': [1, 2]}", "{}", "{'x': {'y': 2.5}}"])
    raise ValueError(kind)


def elem_of(ann: str) -> str:
    for kind in ("int", "str", "float"):
        if ann.endswith(f"List[{kind}]"):
            return kind
    return "str"


def annotation(rng: random.Random, kind: str) -> str:
    if kind == "list":
        return rng.choice(["list", "List[int]", "List[str]", "typing.List[float]"])
    if kind == "dict":
        return rng.choice(["dict", "Dict[str, int]", "typing.Dict[str, str]"])
    return kind


# ---------------------------------------------------------------------------------------------
# components


def gen_lightweight(rng: random.Random, name: str, lines: list[str]) -> Comp:
    inputs: list[tuple[str, str, bool]] = []
    sig: list[str] = []
    defaults: list[str] = []
    for i in range(rng.randint(0, 4)):
        kind = rng.choice(PARAM_KINDS + ARTIFACT_KINDS)
        pname = f"{kind.lower()[:3]}_{i}"
        if kind in ARTIFACT_KINDS:
            sig.append(f"{pname}: Input[{kind}]")
            inputs.append((pname, kind, False))
        else:
            inputs.append((pname, kind, False))
            sig.append(f"{pname}: {annotation(rng, kind)}")
    # defaults last (python rule): append some defaulted params
    for i in range(rng.choice([0, 0, 1, 2])):
        kind = rng.choice(PARAM_KINDS)
        pname = f"opt_{kind}_{i}"
        if rng.random() < 0.2 and kind == "str":
            defaults.append(f"{pname}: Optional[str] = None")
        else:
            defaults.append(f"{pname}: {annotation(rng, kind)} = {literal(rng, kind)}")
        inputs.append((pname, kind, True))
    outputs: list[tuple[str, str]] = []
    elems: dict[str, str] = {}
    out_arts = []
    for i in range(rng.choice([0, 0, 0, 1, 2])):
        kind = rng.choice(ARTIFACT_KINDS + ("Metrics",))
        pname = f"out_{kind.lower()}_{i}"
        out_arts.append(f"{pname}: Output[{kind}]")
        outputs.append((pname, kind if kind != "Metrics" else "Metrics"))
    ret = ""
    body = "pass"
    r = rng.random()
    if r < 0.5:
        kind = rng.choice(PARAM_KINDS + ("Dataset",) if not out_arts else PARAM_KINDS)
        if kind == "Dataset":
            ret = " -> Dataset"
            body = "return Dataset(uri='gs://bucket/x')"
        else:
            ann = annotation(rng, kind)
            elems["Output"] = elem_of(ann)
            ret = f" -> {ann}"
            body = f"return {literal(rng, kind)}"
        outputs.append(("Output", kind))
    elif r < 0.75:
        fields = []
        for i in range(rng.randint(1, 3)):
            kind = rng.choice(PARAM_KINDS + ("Model",))
            fields.append((f"f_{kind.lower()}_{i}", kind))
        anns = [annotation(rng, k) for _, k in fields]
        elems.update({n: elem_of(a) for (n, _), a in zip(fields, anns)})
        spec = ", ".join(f"('{n}', {a})" for (n, _), a in zip(fields, anns))
        ret = f" -> NamedTuple('Outputs', [{spec}])"
        body = "return None"
        outputs.extend(fields)
    lines.append("@dsl.component" + rng.choice(["", "(base_image='python:3.11')"]))
    lines.append(f"def {name}({', '.join(sig + out_arts + defaults)}){ret}:")
    lines.append(f"    {body}")
    lines.append("")
    single = len(outputs) == 1
    return Comp(name, inputs, outputs, single, elems=elems)


def gen_container(rng: random.Random, name: str, lines: list[str]) -> Comp:
    inputs: list[tuple[str, str, bool]] = []
    sig: list[str] = []
    args: list[str] = []
    for i in range(rng.randint(1, 3)):
        kind = rng.choice(("int", "str", "float", "bool", "Dataset"))
        pname = f"in_{kind.lower()}_{i}"
        if kind == "Dataset":
            sig.append(f"{pname}: Input[Dataset]")
            args.append(rng.choice([f"{pname}.path", f"{pname}.uri"]))
        else:
            sig.append(f"{pname}: {kind}")
            r = rng.random()
            if r < 0.3:
                args.append(f"dsl.ConcatPlaceholder(['--{pname}=', {pname}])")
            elif r < 0.5:
                args.append(f"f'--{pname}={{{pname}}}'")
            else:
                args.append(pname)
        inputs.append((pname, kind, False))
    maybe = rng.random() < 0.4
    if maybe:
        inputs.append(("maybe", "str", True))
        args.append("dsl.IfPresentPlaceholder(input_name='maybe', then=['--maybe', maybe],"
                    " else_=['--none'])")
    outputs: list[tuple[str, str]] = []
    for i in range(rng.choice([0, 1, 1, 2])):
        if rng.random() < 0.5:
            pname = f"out_ds_{i}"
            sig.append(f"{pname}: Output[Dataset]")
            outputs.append((pname, "Dataset"))
            args.append(f"{pname}.path")
        else:
            kind = rng.choice(("str", "int"))
            pname = f"out_{kind}_{i}"
            sig.append(f"{pname}: OutputPath({kind})")
            outputs.append((pname, kind))
            args.append(pname)
    if rng.random() < 0.3:
        args.append(rng.choice(["dsl.PIPELINE_JOB_NAME_PLACEHOLDER",
                                "dsl.PIPELINE_TASK_ID_PLACEHOLDER"]))
    if maybe:
        sig.append("maybe: Optional[str] = None")
    lines.append("@dsl.container_component")
    lines.append(f"def {name}({', '.join(sig)}):")
    lines.append("    return dsl.ContainerSpec(")
    lines.append("        image='alpine:3.19',")
    lines.append("        command=['sh', '-c', 'echo \"$@\"', '--'],")
    lines.append(f"        args=[{', '.join(args)}],")
    lines.append("    )")
    lines.append("")
    return Comp(name, inputs, outputs, len(outputs) == 1, is_container=True)


def gen_exit_comp(rng: random.Random, name: str, lines: list[str]) -> Comp:
    status = rng.random() < 0.6
    sig = ["msg: str"] + (["status: PipelineTaskFinalStatus"] if status else [])
    lines.append("@dsl.component")
    lines.append(f"def {name}({', '.join(sig)}):")
    lines.append("    print(msg)")
    lines.append("")
    return Comp(name, [("msg", "str", False)], [], False, final_status=status)


# ---------------------------------------------------------------------------------------------
# pipeline bodies


def pick_arg(ctx: Ctx, scope: tuple[int, ...], kind: str) -> Optional[str]:
    rng = ctx.rng
    leak = 0.03
    if kind in ARTIFACT_KINDS:
        cands = [v for v in visible(ctx, scope, leak=leak)
                 if v.kind == kind or (kind == "Artifact" and v.kind in ARTIFACT_KINDS + ("Metrics",))]
        return rng.choice(cands).expr if cands else None
    cands = visible(ctx, scope, kind, leak=leak)
    if kind.startswith("List["):
        return rng.choice(cands).expr if cands else None
    r = rng.random()
    if kind == "str" and r < 0.15:
        others = [v for v in visible(ctx, scope) if v.kind in SCALARS]
        if others:
            v = rng.choice(others)
            return 'f"' + rng.choice(WORDS) + '-{' + v.expr + '}-x"'
    if cands and r < 0.75:
        return rng.choice(cands).expr
    if rng.random() < 0.005:  # a type mismatch now and then
        return literal(rng, rng.choice(PARAM_KINDS))
    return literal(rng, kind)


def setters(ctx: Ctx, comp: Comp, scope: tuple[int, ...]) -> list[str]:
    rng = ctx.rng
    out = []
    options = ["caching", "display"]
    if not comp.is_graph:
        options += ["retry", "cpu", "mem", "env", "accel", "image", "cache_key"]
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        o = rng.choice(options)
        if o == "caching":
            out.append(f".set_caching_options({rng.choice(['False', 'True'])})")
        elif o == "display":
            out.append(f".set_display_name('{rng.choice(WORDS)} step')")
        elif o == "retry":
            out.append(rng.choice([
                ".set_retry(num_retries=2)",
                ".set_retry(num_retries=3, backoff_duration='30s', backoff_factor=1.5,"
                " backoff_max_duration='600s')",
            ]))
        elif o == "cpu":
            params = [v for v in visible(ctx, scope, "str") if v.expr.startswith("p_")]
            val = rng.choice(params).expr if params and rng.random() < 0.3 else "'500m'"
            out.append(".set_cpu_limit(" + rng.choice(["'2'", "'1.5'", val]) + ")")
            if rng.random() < 0.5:
                out.append(".set_cpu_request('250m')")
        elif o == "mem":
            out.append(".set_memory_limit(" + rng.choice(["'4G'", "'512Mi'", "'1.5Gi'" if rng.random() < 0.1 else "'2Gi'"]) + ")")
            if rng.random() < 0.5:
                out.append(".set_memory_request('100M')")
        elif o == "env":
            out.append(f".set_env_variable('K_{rng.randint(0, 3)}', '{rng.choice(WORDS)}')")
        elif o == "accel":
            out.append(".set_accelerator_type('nvidia-tesla-t4')")
            out.append(".set_accelerator_limit(" + rng.choice(["1", "2", "'4'"]) + ")")
        elif o == "image":
            out.append(".set_container_image('python:3.12')")
        elif o == "cache_key":
            out.append(".set_caching_options(True, cache_key='k1')")
    return out


def register_outputs(ctx: Ctx, var: str, comp: Comp, scope: tuple[int, ...]) -> None:
    for name, kind in comp.outputs:
        if comp.single and ctx.rng.random() < 0.7:
            expr = f"{var}.output"
        else:
            expr = f"{var}.outputs['{name}']"
        ctx.values.append(Value(expr, kind, scope, task=var, loop_depth=len(ctx.loops),
                                elem=comp.elems.get(name, "str")))


def gen_task(ctx: Ctx, indent: int, scope: tuple[int, ...], comp: Optional[Comp] = None,
             var: Optional[str] = None) -> Optional[tuple[str, Comp]]:
    rng = ctx.rng
    if comp is None:
        comp = rng.choice([c for c in ctx.comps if not c.final_status])
    args = []
    for name, kind, has_default in comp.inputs:
        if has_default and rng.random() < 0.5:
            continue
        arg = pick_arg(ctx, scope, kind)
        if arg is None:
            if has_default:
                continue
            return None
        args.append(f"{name}={arg}")
    var = var or ctx.fresh("t")
    call = f"{comp.name}({', '.join(args)})"
    chain = setters(ctx, comp, scope)
    after = [t for t, s in ctx.tasks if s == scope[: len(s)] or rng.random() < 0.02]
    if after and rng.random() < 0.2:
        chain.append(f".after({rng.choice(after)})")
    if chain and rng.random() < 0.5:
        ctx.emit(indent, f"{var} = {call}{''.join(chain)}")
    else:
        ctx.emit(indent, f"{var} = {call}")
        for c in chain:
            ctx.emit(indent, f"{var}{c}")
    ctx.tasks.append((var, scope))
    ctx.used.add(comp.name)
    register_outputs(ctx, var, comp, scope)
    return var, comp


def gen_condition(ctx: Ctx, scope: tuple[int, ...]) -> Optional[str]:
    rng = ctx.rng
    cands = [v for v in visible(ctx, scope) if v.kind in SCALARS]
    if not cands:
        return None
    v = rng.choice(cands)
    ops = ["==", "!="] if v.kind in ("str", "bool") else ["==", "!=", "<", "<=", ">", ">="]
    same = [w for w in cands if w.kind == v.kind and w is not v]
    rhs = rng.choice(same).expr if same and rng.random() < 0.2 else literal(rng, v.kind)
    return f"{v.expr} {rng.choice(ops)} {rhs}"


def producer_of(ctx: Ctx, kind: str) -> list[Comp]:
    return [c for c in ctx.comps if not c.final_status and any(k == kind for _, k in c.outputs)]


def gen_block(ctx: Ctx, indent: int, scope: tuple[int, ...], depth: int, budget: int,
              allow_exit: bool = False) -> None:
    rng = ctx.rng
    emitted = 0
    for _ in range(budget):
        r = rng.random()
        if allow_exit and r < 0.08 and depth == 0:
            gen_exit_handler(ctx, indent, scope, depth)
        elif r < 0.45 or depth >= 3:
            gen_task(ctx, indent, scope)
        elif r < 0.6:
            gen_if_chain(ctx, indent, scope, depth)
        elif r < 0.78:
            gen_loop(ctx, indent, scope, depth)
        elif r < 0.86:
            gen_importer(ctx, indent, scope)
        else:
            gen_task(ctx, indent, scope)
        emitted += 1
    if not any(line.strip() and not line.strip().startswith("#")
               for line in ctx.lines[-1:]) or emitted == 0:
        ctx.emit(indent, "pass")


def gen_importer(ctx: Ctx, indent: int, scope: tuple[int, ...]) -> None:
    rng = ctx.rng
    var = ctx.fresh("imp")
    uris = [v.expr for v in visible(ctx, scope, "str") if v.expr.startswith("p_")]
    uri = rng.choice(uris) if uris and rng.random() < 0.4 else "'gs://bucket/data.csv'"
    kind = rng.choice(["Dataset", "Model", "Artifact"])
    extra = ""
    if rng.random() < 0.4:
        extra += f", reimport={rng.choice(['True', 'False'])}"
    if rng.random() < 0.3:
        extra += ", metadata={'source': 'fuzz', 'n': 3}"
    ctx.emit(indent, f"{var} = dsl.importer(artifact_uri={uri}, artifact_class={kind}{extra})")
    ctx.tasks.append((var, scope))
    ctx.values.append(Value(f"{var}.output", kind, scope, task=var, loop_depth=len(ctx.loops)))


def gen_if_chain(ctx: Ctx, indent: int, scope: tuple[int, ...], depth: int) -> None:
    rng = ctx.rng
    n_elif = rng.choice([0, 0, 1, 2])
    has_else = rng.random() < 0.5
    oneof_kind = None
    if has_else and rng.random() < 0.5:
        kind = rng.choice(PARAM_KINDS + ("Dataset",))
        if producer_of(ctx, kind):
            oneof_kind = kind
    branches = ["If"] + ["Elif"] * n_elif + (["Else"] if has_else else [])
    oneof_vals: list[str] = []
    for b in branches:
        cond = gen_condition(ctx, scope) if b != "Else" else ""
        if cond is None:
            if b == "If":
                return
            break
        gid = ctx.group()
        name = f", name='{rng.choice(WORDS)}-cond'" if b != "Else" and rng.random() < 0.2 else ""
        ctx.emit(indent, f"with dsl.{b}({cond}{name}):")
        inner = scope + (gid,)
        before = len(ctx.lines)
        if oneof_kind:
            res = None
            for _ in range(5):
                comp = rng.choice(producer_of(ctx, oneof_kind))
                res = gen_task(ctx, indent + 1, inner, comp)
                if res:
                    break
            if res:
                var, comp = res
                outs = [n for n, k in comp.outputs if k == oneof_kind]
                oneof_vals.append(
                    f"{var}.output" if comp.single else f"{var}.outputs['{outs[0]}']")
            else:
                oneof_kind = None
        gen_block(ctx, indent + 1, inner, depth + 1, rng.randint(0, 2))
        if len(ctx.lines) == before:
            ctx.emit(indent + 1, "pass")
    if oneof_kind and len(oneof_vals) == len(branches) and branches[-1] == "Else":
        ctx.values.append(Value(f"dsl.OneOf({', '.join(oneof_vals)})", oneof_kind, scope))
        gen_consumer(ctx, indent, scope, ctx.values[-1])


def gen_consumer(ctx: Ctx, indent: int, scope: tuple[int, ...], value: Value) -> None:
    """A task that takes ``value`` (a OneOf or Collected) right away."""
    rng = ctx.rng
    cands = [c for c in ctx.comps if not c.is_graph and not c.final_status
             and any(k == value.kind or (k == "Artifact" and value.kind in ARTIFACT_KINDS)
                     for _, k, _ in c.inputs)]
    if not cands:
        return
    comp = rng.choice(cands)
    args = []
    used = False
    for name, kind, has_default in comp.inputs:
        if not used and (kind == value.kind or (kind == "Artifact"
                                                and value.kind in ARTIFACT_KINDS)):
            args.append(f"{name}={value.expr}")
            used = True
            continue
        if has_default:
            continue
        arg = pick_arg(ctx, scope, kind)
        if arg is None:
            return
        args.append(f"{name}={arg}")
    var = ctx.fresh("t")
    ctx.emit(indent, f"{var} = {comp.name}({', '.join(args)})")
    ctx.tasks.append((var, scope))
    register_outputs(ctx, var, comp, scope)


def gen_loop(ctx: Ctx, indent: int, scope: tuple[int, ...], depth: int) -> None:
    rng = ctx.rng
    item = ctx.fresh("item")
    r = rng.random()
    item_values: list[tuple[str, str]] = []
    if r < 0.25:
        src = rng.choice(["[1, 2, 3]", "[10, 20]", "[0]"])
        item_values.append((item, "int"))
    elif r < 0.4:
        src = "['a', 'b', 'c']"
        item_values.append((item, "str"))
    elif r < 0.6:
        src = "[{'a': 1, 's': 'x'}, {'a': 2, 's': 'y'}]"
        item_values += [(f"{item}.a", "int"), (f"{item}.s", "str")]
        if rng.random() < 0.3:
            item_values.append((f"{item}['s']", "str"))
    else:
        lists = visible(ctx, scope, "list")
        if not lists:
            src = "[1, 2]"
            item_values.append((item, "int"))
        else:
            chosen = rng.choice(lists)
            src = chosen.expr
            item_values.append((item, chosen.elem))
    par = f", parallelism={rng.randint(0, 3)}" if rng.random() < 0.3 else ""
    gid = ctx.group()
    ctx.loop_ids.add(gid)
    inner = scope + (gid,)
    ctx.emit(indent, f"with dsl.ParallelFor({src}{par}) as {item}:")
    for expr, kind in item_values:
        ctx.values.append(Value(expr, kind, inner))
    ctx.loops.append(gid)
    start = len(ctx.values)
    before = len(ctx.lines)
    gen_block(ctx, indent + 1, inner, depth + 1, rng.randint(1, 3))
    if len(ctx.lines) == before:
        ctx.emit(indent + 1, "pass")
    ctx.loops.pop()
    # Collected of a task output made inside this loop (possibly in nested loops)
    made = [v for v in ctx.values[start:] if v.task and v.scope[: len(inner)] == inner
            and v.kind in PARAM_KINDS + ARTIFACT_KINDS
            and all(g in ctx.loop_ids for g in v.scope[len(scope):])]
    if made and rng.random() < 0.6:
        v = rng.choice(made)
        kind = f"List[{v.kind}]" if v.kind in ARTIFACT_KINDS else "list"
        gen_consumer(ctx, indent, scope, Value(f"dsl.Collected({v.expr})", kind, scope))


def gen_exit_handler(ctx: Ctx, indent: int, scope: tuple[int, ...], depth: int) -> None:
    rng = ctx.rng
    exits = [c for c in ctx.comps if c.final_status] or [c for c in ctx.comps
                                                          if c.name.startswith("on_exit")]
    if not exits:
        return
    comp = rng.choice(exits)
    var = ctx.fresh("exit_t")
    params = [v.expr for v in visible(ctx, scope, "str") if v.expr.startswith("p_")]
    msg = rng.choice(params) if params and rng.random() < 0.5 else literal(rng, "str")
    ctx.emit(indent, f"{var} = {comp.name}(msg={msg})")
    if rng.random() < 0.3:
        ctx.emit(indent, f"{var}.set_display_name('cleanup')")
    gid = ctx.group()
    name = f", name='{rng.choice(WORDS)}-exit'" if rng.random() < 0.3 else ""
    ctx.emit(indent, f"with dsl.ExitHandler({var}{name}):")
    before = len(ctx.lines)
    gen_block(ctx, indent + 1, scope + (gid,), depth + 1, rng.randint(1, 3))
    if len(ctx.lines) == before:
        ctx.emit(indent + 1, "pass")


# ---------------------------------------------------------------------------------------------
# whole programs


def gen_pipeline(ctx: Ctx, name: str, decorator: str, is_main: bool,
                 params: list[tuple[str, str, Optional[str]]], want_outputs: bool,
                 lines: list[str]) -> Optional[Comp]:
    rng = ctx.rng
    ctx.lines = []
    ctx.values = []
    ctx.tasks = []
    anns = {}
    for pname, kind, _default in params:
        anns[pname] = f"Input[{kind}]" if kind in ARTIFACT_KINDS else annotation(rng, kind)
        ctx.values.append(Value(pname, kind, (), elem=elem_of(anns[pname])))
    ctx.used = set()
    gen_block(ctx, 1, (), 0, rng.randint(2, 6) if is_main else rng.randint(1, 3),
              allow_exit=is_main)
    if is_main:  # kfp compiles every pipeline when it is defined: call each sub-pipeline
        for comp in ctx.comps:
            if comp.is_graph and comp.name not in ctx.used:
                gen_task(ctx, 1, (), comp)
    if not ctx.tasks:
        gen_importer(ctx, 1, ())
    elems: dict[str, str] = {}
    outputs: list[tuple[str, str]] = []
    ret_line = None
    ret_ann = ""
    if want_outputs:
        top = [v for v in ctx.values if v.scope == () and v.task]
        rng.shuffle(top)
        chosen: list[Value] = []
        for v in top:
            if v.kind in PARAM_KINDS + ("Dataset", "Model") and len(chosen) < rng.randint(1, 2):
                chosen.append(v)
        if len(chosen) == 1 and rng.random() < 0.5:
            v = chosen[0]
            ann = annotation(rng, v.kind)
            elems["Output"] = elem_of(ann)
            ret_ann = f" -> {ann}"
            ret_line = f"return {v.expr}"
            outputs.append(("Output", v.kind))
        elif chosen:
            fields = [(f"o_{i}", v.kind) for i, v in enumerate(chosen)]
            fanns = [annotation(rng, k) for _, k in fields]
            elems.update({n: elem_of(a) for (n, _), a in zip(fields, fanns)})
            spec = ", ".join(f"{n}={a}" for (n, _), a in zip(fields, fanns))
            ret_ann = f" -> NamedTuple('{name.title()}Outputs', {spec})"
            vals = ", ".join(f"{n}={v.expr}" for (n, _), v in zip(fields, chosen))
            ret_line = f"return NamedTuple('{name.title()}Outputs', {spec})({vals})"
            outputs.extend(fields)
    sig = []
    for pname, _kind, default in params:
        sig.append(f"{pname}: {anns[pname]}" + (f" = {default}" if default is not None else ""))
    lines.append(decorator)
    lines.append(f"def {name}({', '.join(sig)}){ret_ann}:")
    lines.extend(ctx.lines)
    if ret_line:
        lines.append("    " + ret_line)
    lines.append("")
    if is_main:
        return None
    return Comp(name, [(p, k, d is not None) for p, k, d in params], outputs,
                len(outputs) == 1, is_graph=True, elems=elems)


def generate(seed: int) -> str:
    rng = random.Random(seed)
    lines = [
        f'"""Fuzz program, seed {seed}."""',
        "",
        "import typing",
        "from typing import Dict, List, NamedTuple, Optional",
        "",
        "from kfp_lite import dsl",
        "from kfp_lite.dsl import (Artifact, Dataset, Input, Metrics, Model, Output, OutputPath,",
        "                          PipelineTaskFinalStatus)",
        "",
        "",
    ]
    comps: list[Comp] = []
    for i in range(rng.randint(2, 6)):
        if rng.random() < 0.7:
            comps.append(gen_lightweight(rng, f"comp_{WORDS[i]}", lines))
        else:
            comps.append(gen_container(rng, f"cont_{WORDS[i]}", lines))
    if rng.random() < 0.3:
        comps.append(gen_exit_comp(rng, "on_exit", lines))
    # a plain sink so that OneOf / Collected values can always be consumed
    sinks = rng.sample(["int", "str", "float", "bool", "list", "dict", "Dataset",
                        "List[Dataset]", "List[Model]"], 3)
    sink_ann = {"Dataset": "Input[Dataset]", "List[Dataset]": "Input[List[Dataset]]",
                "List[Model]": "Input[List[Model]]"}
    names = [f"x_{k.lower().replace('[', '_').replace(']', '')}" for k in sinks]
    sig = ", ".join(f"{n}: {sink_ann.get(k, k)}" for n, k in zip(names, sinks))
    lines += ["@dsl.component", f"def sink({sig}):", "    pass", ""]
    comps.append(Comp("sink", [(n, k, False) for n, k in zip(names, sinks)], [], False))
    ctx = Ctx(rng, comps)
    # nested pipelines, each may call the ones before it
    for i in range(rng.choice([0, 0, 1, 1, 2])):
        params = []
        for j in range(rng.randint(0, 3)):
            kind = rng.choice(PARAM_KINDS + ("Dataset",))
            default = None
            if kind != "Dataset" and rng.random() < 0.4:
                default = literal(rng, kind)
            params.append((f"s{j}_{kind.lower()}", kind, default))
        params.sort(key=lambda p: p[2] is not None)
        sub = gen_pipeline(ctx, f"sub_{WORDS[i]}", "@dsl.pipeline", False, params,
                           rng.random() < 0.7, lines)
        assert sub is not None
        comps.append(sub)
    params = []
    for j in range(rng.randint(0, 4)):
        kind = rng.choice(PARAM_KINDS)
        default = literal(rng, kind) if rng.random() < 0.8 else None
        params.append((f"p_{kind}_{j}", kind, default))
    params.sort(key=lambda p: p[2] is not None)
    gen_pipeline(ctx, "main", f"@dsl.pipeline(name='fuzz-{seed}')", True, params, False, lines)
    lines.append("TARGET = main")
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# compiling


KFP_WORKER = textwrap.dedent(
    """
    import importlib.util, json, sys, traceback, warnings
    warnings.filterwarnings('ignore')
    from kfp import compiler
    for line in sys.stdin:
        job = json.loads(line)
        try:
            spec = importlib.util.spec_from_file_location(job['module'], job['src'])
            module = importlib.util.module_from_spec(spec)
            sys.modules[job['module']] = module
            spec.loader.exec_module(module)
            compiler.Compiler().compile(module.TARGET, job['out'])
            result = {'ok': True}
        except BaseException as exc:
            result = {'ok': False, 'error': type(exc).__name__ + ': ' + str(exc)[:2000]}
        print(json.dumps(result), flush=True)
    """
)


class KfpWorker:
    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen(
            [python, "-c", KFP_WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True,
        )

    def compile(self, module: str, src: Path, out: Path) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"module": module, "src": str(src), "out": str(out)})
                              + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


def kfp_unstable(python: str, seed: int, kfp_src: Path, work: Path, runs: int = 4) -> bool:
    """Whether kfp's own output changes from process to process for this program.

    It does when a nested pipeline brings several components or executors whose names clash:
    kfp renames them while iterating protobuf maps, whose order depends on a per-process hash
    seed. No fixed output can match such a program.
    """
    texts = set()
    for run in range(runs):
        worker = KfpWorker(python)
        try:
            out = work / f"kfp_{seed}_again{run}.yaml"
            if not worker.compile(f"_fz_kfp_{seed}", kfp_src, out)["ok"]:
                return True
            texts.add(gc.normalize_pair(out.read_text(), out.read_text())[0])
        finally:
            worker.close()
    return len(texts) > 1


def compile_lite(module_name: str, src: Path, out: Path) -> dict:
    from kfp_lite import compiler

    try:
        spec = importlib.util.spec_from_file_location(module_name, src)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            spec.loader.exec_module(module)
            compiler.Compiler().compile(module.TARGET, str(out))
        return {"ok": True}
    except BaseException as exc:  # noqa: BLE001 - every failure is an outcome to report
        return {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:2000]}"}


def compare_file(path: Path, out_dir: Path, python: str) -> int:
    """Compare one hand-written program (e.g. while minimizing); print the outcome."""
    work = out_dir / "single"
    work.mkdir(parents=True, exist_ok=True)
    source = path.read_text()
    stem = f"{path.stem}_{abs(hash(source)) % 10**8}"
    (work / f"lite_{stem}.py").write_text(source)
    (work / f"kfp_{stem}.py").write_text(rewrite(source))
    lite = compile_lite(f"_fz_lite_{stem}", work / f"lite_{stem}.py", work / "lite.yaml")
    worker = KfpWorker(python)
    try:
        ref = worker.compile(f"_fz_kfp_{stem}", work / f"kfp_{stem}.py", work / "kfp.yaml")
    finally:
        worker.close()
    if lite["ok"] and ref["ok"]:
        ours, theirs = gc.normalize_pair((work / "lite.yaml").read_text(),
                                         (work / "kfp.yaml").read_text())
        print(gc.unified_diff(ours, theirs, "kfp_lite", "kfp") or "same")
        return 0 if ours == theirs else 1
    print(f"kfp: {ref.get('error', 'ok')}\nkfp_lite: {lite.get('error', 'ok')}")
    return 0 if lite["ok"] == ref["ok"] else 1


def run(seeds: range, out_dir: Path, python: str) -> dict[str, list[int]]:
    work = out_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, list[int]] = {}
    worker = KfpWorker(python)
    try:
        for seed in seeds:
            source = generate(seed)
            lite_src = work / f"lite_{seed}.py"
            kfp_src = work / f"kfp_{seed}.py"
            lite_src.write_text(source)
            kfp_src.write_text(rewrite(source))
            lite = compile_lite(f"_fz_lite_{seed}", lite_src, work / f"lite_{seed}.yaml")
            ref = worker.compile(f"_fz_kfp_{seed}", kfp_src, work / f"kfp_{seed}.yaml")
            detail = ""
            if lite["ok"] and ref["ok"]:
                ours, theirs = gc.normalize_pair((work / f"lite_{seed}.yaml").read_text(),
                                                 (work / f"kfp_{seed}.yaml").read_text())
                if ours == theirs:
                    outcome = "same"
                else:
                    detail = gc.unified_diff(ours, theirs, "kfp_lite", "kfp")
                    outcome = "kfp_unstable" if kfp_unstable(python, seed, kfp_src, work) \
                        else "diff"
            elif ref["ok"]:
                outcome, detail = "false_error", lite["error"]
            elif lite["ok"]:
                outcome, detail = "lite_accepts", ref["error"]
            else:
                outcome = "both_reject"
                detail = f"kfp: {ref['error']}\n\nkfp_lite: {lite['error']}"
            outcomes.setdefault(outcome, []).append(seed)
            if outcome != "same":
                folder = out_dir / outcome
                folder.mkdir(exist_ok=True)
                (folder / f"seed_{seed}.py").write_text(source)
                (folder / f"seed_{seed}.txt").write_text(detail)
            print(f"seed {seed}: {outcome}", flush=True)
    finally:
        worker.close()
    return outcomes


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0:100", help="START:STOP range of seeds")
    parser.add_argument("--out", default="/tmp/fuzz", type=Path, help="scratch folder")
    parser.add_argument("--kfp-python", default=KFP_PYTHON)
    parser.add_argument("--show", type=int, help="print the program of one seed and exit")
    parser.add_argument("--file", type=Path, help="compare one program file and exit")
    args = parser.parse_args(argv)
    if args.file is not None:
        return compare_file(args.file, args.out, args.kfp_python)
    if args.show is not None:
        print(generate(args.show))
        return 0
    start, stop = (int(x) for x in args.seeds.split(":"))
    outcomes = run(range(start, stop), args.out, args.kfp_python)
    print(json.dumps({k: len(v) for k, v in sorted(outcomes.items())}))
    for key in ("diff", "false_error", "lite_accepts"):
        if outcomes.get(key):
            print(f"{key}: {outcomes[key]}")
    return 1 if any(outcomes.get(k) for k in ("diff", "false_error", "lite_accepts")) else 0


if __name__ == "__main__":
    sys.exit(main())
