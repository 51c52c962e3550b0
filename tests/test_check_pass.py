"""The whole output of the check pass, pinned: every diagnostic with its code, severity,
message, place, task path, hint, expected and got, in the order the pass reports them.

Each scenario file in tests/cases/check_pass/ holds pipelines that trip many checks at once;
the pass runs on every pipeline of a file, with type checking on and off, and the list must
equal the golden in tests/golden/check_pass/. The checks are rewritten for speed from time to
time; these goldens say that nothing a user sees changed. Regenerate with ``KFP_LITE_REGEN=1``
and review the diff.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kfp_lite.compiler.checks import check_component, check_pipeline
from regen import requested

from kfp_lite.diagnostics import Diagnostic
from kfp_lite.dsl.components import BaseComponent, GraphComponent

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases" / "check_pass").glob("*.py"))
GOLDEN = HERE / "golden" / "check_pass"


def _load(path: Path):
    name = f"_check_pass_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # inspect reads component sources through it
    spec.loader.exec_module(module)
    return module


def _record(diagnostic: Diagnostic) -> dict:
    location = diagnostic.location
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "place": f"{os.path.basename(location.file)}:{location.line}:{location.column}" if location else None,
        "task_path": diagnostic.task_path,
        "hint": diagnostic.hint,
        "expected": diagnostic.expected,
        "got": diagnostic.got,
    }


def _run(path: Path) -> dict:
    module = _load(path)
    result: dict = {}
    for name, value in vars(module).items():
        if isinstance(value, GraphComponent):
            for type_check in (True, False):
                found = check_pipeline(value, type_check)
                result[f"{name} type_check={type_check}"] = [_record(d) for d in found]
        elif isinstance(value, BaseComponent):
            result[f"component {name}"] = [_record(d) for d in check_component(value)]
    return result


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_check_pass_output_is_unchanged(path: Path) -> None:
    found = _run(path)
    golden = GOLDEN / f"{path.stem}.json"
    text = json.dumps(found, indent=1, ensure_ascii=False) + "\n"
    if requested():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    if sys.version_info < (3, 11):  # no column positions in code objects: places of calls say column 1
        found, expected = _without_call_columns(found), _without_call_columns(expected)
    assert found == expected


def _without_call_columns(result: dict) -> dict:
    return {key: [{**record, "place": record["place"] and record["place"].rsplit(":", 1)[0]}
                  for record in records] for key, records in result.items()}


def test_the_pass_is_the_same_when_run_again() -> None:
    """A second pass over the same traced pipeline reports the same list (nothing is consumed)."""
    path = HERE / "cases" / "check_pass" / "arguments.py"
    assert _run(path) == _run(path)


# --- the quick paths give what the full checks give --------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=7), st.data())
def test_cycle_check_quick_path_agrees_with_the_full_search(size: int, data) -> None:
    """Tasks that wait only for earlier tasks skip Tarjan's algorithm; the answer is the same."""
    from kfp_lite.compiler.checks import _cycles, check_cycles

    from kfp_lite import dsl

    @dsl.component
    def step(x: str = "") -> str:
        return x

    wiring = data.draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1),
                                          st.booleans()), max_size=2 * size))

    @dsl.pipeline
    def p():
        made = []
        for index in range(size):
            sources = [made[u] for d, u, through_data in wiring if d == index and u < index and through_data]
            made.append(step(x=sources[0].output) if sources else step())
        for downstream, upstream, through_data in wiring:
            if not through_data:
                made[downstream].after(made[upstream])

    tasks = list(p.trace().builder.tasks.values())
    assert check_cycles(tasks) == _cycles(tasks)


_TEXT = st.text(alphabet=st.sampled_from(list("AKISgh_pubtxo-skBEGIN:/@ab01Zz.")), max_size=60)


@given(_TEXT)
def test_secret_shapes_quick_test_agrees_with_the_patterns(text: str) -> None:
    """The marker test in front of the credential patterns never hides a match."""
    import re

    from kfp_lite.compiler import practices

    full = next((what for what, pattern, flags in practices._TOKEN_SHAPES if re.search(pattern, text, flags)), None)
    assert practices.secret_value_shape(text) == full
    for prefix in ("AKIA", "ghp_", "github_pat_", "xoxb-", "sk-", "-----BEGIN PRIVATE KEY-----", "s://u:p@"):
        padded = prefix + "A1" * 16 + text
        full = next((w for w, pattern, flags in practices._TOKEN_SHAPES if re.search(pattern, padded, flags)), None)
        assert practices.secret_value_shape(padded) == full


_NAME_WORDS = ["api", "Key", "key", "secret", "Secrets", "name", "token", "PASSWORD", "passwd", "db",
               "client", "access", "private", "auth", "credential", "pwd", "x", "apikey", "path"]


@given(st.lists(st.tuples(st.sampled_from(_NAME_WORDS), st.sampled_from(["", "_", "-", ".", "0"])),
                max_size=4).map(lambda parts: "".join(w + sep for w, sep in parts)))
def test_secret_names_quick_test_agrees_with_the_words(name: str) -> None:
    from kfp_lite.compiler import practices

    words = practices._words(name)
    if not words or words[-1] in practices._REFERENCE_WORDS and not practices._pair_at_end(words):
        full = ""
    elif any(w in practices._SECRET_WORDS for w in words) or \
            any(p in practices._SECRET_PAIRS for p in zip(words, words[1:])):
        full = "secret"
    else:
        full = "ambiguous" if any(w in practices._AMBIGUOUS_WORDS for w in words) else ""
    assert practices._secret_naming(name) == full


_CONSTANTS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
              st.just("x {{channel:task=a;name=b;type=String;}}")),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=3), inner, max_size=2)),
    max_leaves=8)


@given(_CONSTANTS)
def test_inert_constants_hold_nothing_to_check(value) -> None:
    """A constant the unrenderable and fan-in checks skip has no dict key, no channel and no pattern."""
    from kfp_lite.compiler.checks import _dict_keys, _inert, _nested_channels

    def strings(item):
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for key, inner in item.items():
                yield from strings(key)
                yield from strings(inner)
        elif isinstance(item, (list, tuple)):
            for inner in item:
                yield from strings(inner)

    if _inert(value):
        assert _dict_keys(value) == [] and _nested_channels(value) == []
        assert not any("{{channel:" in text for text in strings(value))
