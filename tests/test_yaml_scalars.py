"""Our scalar writer against PyYAML's pure-Python dumper (what kfp writes), byte for byte.

``compiler/yaml_scalars.py`` re-derives how PyYAML quotes, escapes and folds a scalar so
that compiling never imports PyYAML. These tests hold it to the real thing: whole documents
of arbitrary strings (spaces, line breaks, tabs, quotes, indicators, unicode, text that
reads as a bool, number or date), floats, ints, bools and None, at many depths and columns,
rendered by ``render_yaml`` and by ``yaml.dump_all(..., sort_keys=True)``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kfp_lite.compiler import emit, yaml_scalars
from kfp_lite.compiler.emit import render_yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

ROOT = Path(__file__).resolve().parent.parent
_STR_TAG = "tag:yaml.org,2002:str"


def pure_dump(documents: list) -> str:
    """What kfp does: yaml.dump_all with the pure-Python Dumper and sorted keys."""

    class NoAliasDumper(yaml.Dumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    return yaml.dump_all(documents, Dumper=NoAliasDumper, sort_keys=True)


def fast_render(documents: list) -> str:
    """render_yaml, failing if it hands the documents to PyYAML."""

    def refuse(_: list) -> str:
        raise AssertionError("fell back to the pure dumper")

    original = emit._pure_dump
    emit._pure_dump = refuse
    try:
        return render_yaml(documents)
    finally:
        emit._pure_dump = original


def simple_key(text: str) -> bool:
    return 0 < len(text) <= yaml_scalars.KEY_LIMIT and not any(ch in text for ch in "\n\x85\u2028\u2029")


# -- strategies ------------------------------------------------------------------------------

# Characters that change quoting, escaping or folding, and ordinary ones around them.
_NASTY = list("abcXYZ019 -_./:#'\"\\?,[]{}&*!|>%@`=~+<") + [
    "\n", "\t", "\r", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\xa0", "\xe9", "\u2028",
    "\u2029", "\ufeff", "\ue000", "\ufffd", "\u4e2d", "\U0001f600", "\U00010000",
]
_WORDY = ["yes", "No", "true", "OFF", "null", "~", "<<", "=", "---", "...", "- ", ": ", " #",
          "0x1F", "0o17", "017", "1_000", "1:30", "1.5e+3", ".inf", "-.Inf", ".NaN",
          "2024-01-31", "2001-12-14t21:59:43.10-05:00", "0b101", "+12", "-0"]
_TEXT = st.one_of(
    st.text(st.sampled_from(_NASTY), max_size=12),
    st.text(st.sampled_from(_NASTY), min_size=40, max_size=300),
    st.lists(st.sampled_from(_WORDY + ["a", "b c", " ", "\n", "'", '"']), max_size=6).map("".join),
    st.sampled_from(_WORDY),
    st.text(max_size=40).filter(lambda t: not any("\ud800" <= ch <= "\udfff" for ch in t)),
    # words and spaces, long enough to fold
    st.lists(st.text("abcdefghij'-:#", min_size=1, max_size=15), min_size=5, max_size=30).map(" ".join),
)
_KEY = st.one_of(
    st.sampled_from(["a", "parameterType", "exec-x", "b c", "x.y/z", "true", "1", "é", "'q'"]),
    st.text(st.sampled_from(list("abc-_.09 :#'\"")), min_size=1, max_size=40),
    _TEXT.filter(simple_key),
)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)


def _tree(keys: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.recursive(
        _SCALAR,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
        ),
        max_leaves=30,
    )


def _nest(value: object, path: list) -> dict:
    """``value`` under a path of keys (str) and list positions (None): a chosen depth."""
    for step in reversed(path):
        value = [value] if step is None else {step: value}
    return value if isinstance(value, dict) else {"root": value}


# -- whole documents -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(_KEY, _tree(_KEY), min_size=1, max_size=4), min_size=1, max_size=2))
def test_documents_match_pure_dumper(documents: list) -> None:
    assert fast_render(documents) == pure_dump(documents)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(_TEXT, _tree(_TEXT), min_size=1, max_size=4), min_size=1, max_size=2))
def test_any_keys_match_pure_dumper(documents: list) -> None:
    # keys that cannot be simple keys (empty, multi-line, too long) go to the pure dumper
    assert render_yaml(documents) == pure_dump(documents)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _TEXT,
    st.lists(st.one_of(st.none(), st.text("kx-", min_size=1, max_size=30)), max_size=8),
    st.text("k", min_size=1, max_size=90),
)
@example("a " * 60, [], "k")
@example("x" * 70 + " é " + "y" * 20, ["deep", None], "key")
@example("\n" + "python3 -m pip install --quiet 'kfp==2.17.3' " * 3, [None, "c"], "k" * 9)
def test_a_string_at_any_depth_and_column(text: str, path: list, key: str) -> None:
    """Folding depends on where a value starts (its key's length, its depth) and on its
    indent: every string is tried as a mapping value and as a sequence item, deep down."""
    document = _nest({key: text, "list": [text, [text]], text if simple_key(text) else "t": 1}, path)
    assert fast_render([document]) == pure_dump([document])


_TRICKY = [
    "", " ", "  ", "a", "true", "True", "TRUE", "tRUE", "yes", "y", "n", "on", "off", "~",
    "null", "Null", "NULL", "nULL", "<<", "=", "!", "&", "*", "?", ":", "-", "- a", "-a",
    "? a", ":a", "a:", "a: b", "a:b", "a #b", "a#b", "#a", "'", '"', "''", "'a'", '"a"',
    "---", "--- a", "...", "....", "..a", "0", "00", "007", "08", "0o7", "0x1F", "0xg",
    "0b102", "1_000", "_1", "1e3", "1.0e3", "1.0e+3", "1.e+3", ".5", "5.", "-.5", "+.5e-1",
    "1:30", "1:60", "190:20:30.15", "1.2.3", "0.0.1", "2.1.0", ".inf", "-.inf", "+.INF",
    ".Inf", ".nan", ".NaN", "nan", "inf", "2024-01-01", "2024-1-1", "2024-01-01 10:00:00",
    "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "20240101", "1\n", "a\n",
    "\na", "a\nb", "a\n\nb", "a \nb", "a\n b", "a\tb", "\t", "a\rb", "\x00", "\x85", "\ufeff",
    "\u2028", "é", "naïve – “quoted” 😀", "\ud7ff\ue000\ufffd\uffff", "\U0010ffff", "a\\b",
    "{{$}}", "{{$.inputs.parameters['x']}}", "[a]", "{a: 1}", "%x", "@x", "`x", "|", ">",
    "x" * 200, "a " * 50, "a  " * 40, " a" * 40, "'" * 100, "\\" * 90,
    "word " * 15 + "é" * 5 + " end", "x" * 79 + "\t" + "y" * 10, "é" * 60,
]


@pytest.mark.parametrize("text", _TRICKY, ids=repr)
def test_tricky_strings(text: str) -> None:
    documents = [{"v": text, "seq": [text], "deep": {"er": {"key" * 8: text}}}]
    if simple_key(text):
        documents[0][text] = text
    assert fast_render(documents) == pure_dump(documents)


def test_non_simple_keys_still_fall_back() -> None:
    for key in ["", "a\nb", "x" * 123, "0" * 122, "1" * 123, "\u2028"]:
        document = {key: 1, "b": "c"}
        assert render_yaml([document]) == pure_dump([document])


# -- the pieces ------------------------------------------------------------------------------

_NUMBERISH = st.text(st.sampled_from(list("0123456789+-._:eEbxoOaAfFtTzZ ~<=")), max_size=14)


@settings(max_examples=500)
@given(st.one_of(_NUMBERISH, st.sampled_from(_TRICKY + _WORDY), st.text(max_size=8)))
def test_type_resolution_agrees_with_pyyaml(text: str) -> None:
    if "\n" in text:
        return  # never written plain, so never asked
    theirs = Resolver().resolve(ScalarNode, text, (True, False))
    assert yaml_scalars.reads_as_other_type(text) == (theirs != _STR_TAG), theirs


@given(st.floats(allow_nan=True, allow_infinity=True))
@example(1e16)
@example(1e-7)
@example(-0.0)
@example(5e-324)
def test_float_spelling_agrees_with_pyyaml(value: float) -> None:
    spelled = yaml.SafeDumper(None).represent_float(value).value
    assert yaml_scalars.float_text(value) == spelled
    assert Resolver().resolve(ScalarNode, spelled, (True, False)) == "tag:yaml.org,2002:float"


@settings(max_examples=300)
@given(_TEXT)
def test_key_text_agrees_with_pyyaml(text: str) -> None:
    dumped = yaml.dump({text: 1}, Dumper=yaml.Dumper)
    ours = yaml_scalars.key_text(text)
    if ours is None:
        assert dumped.startswith("? ")
    else:
        assert dumped == ours + ": 1\n"


@given(st.from_regex(r"[A-Za-z_/][!-~]{0,140}", fullmatch=True))
@example("yes")
@example("Off")
@example("a:")
@example("x" * 122)
@example("x" * 123)
def test_plain_shortcut_is_plain_everywhere(text: str) -> None:
    if yaml_scalars.plain_at_any_column(text):
        for key in ("k", "k" * 70):
            assert yaml.dump({key: [text]}, Dumper=yaml.Dumper) == f"{key}:\n- {text}\n"
            assert yaml.dump({key: text}, Dumper=yaml.Dumper) == f"{key}: {text}\n"
        if len(text) <= yaml_scalars.KEY_LIMIT:
            assert yaml.dump({text: 1}, Dumper=yaml.Dumper) == f"{text}: 1\n"


# -- the compile path does not import PyYAML -------------------------------------------------


_REPORT_YAML_MODULES = (
    "import atexit, sys\n"
    "atexit.register(lambda: print(sorted(m for m in sys.modules if m.split('.')[0] == 'yaml')))\n"
)


def test_compiling_never_imports_yaml(tmp_path: Path) -> None:
    code = _REPORT_YAML_MODULES + textwrap.dedent(f"""
        import runpy
        from kfp_lite import compiler
        namespace = runpy.run_path({str(ROOT / "samples" / "condition_pipeline.py")!r})
        compiler.Compiler().compile(namespace["condition_pipeline"], {str(tmp_path / "a.yaml")!r})
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "a.yaml").read_text().startswith("# PIPELINE DEFINITION")


def test_the_compile_command_never_imports_yaml(tmp_path: Path) -> None:
    sample = str(ROOT / "samples" / "condition_pipeline.py")
    code = _REPORT_YAML_MODULES + textwrap.dedent(f"""
        import runpy
        sys.argv = ["kfp-lite", "compile", {sample!r}, "-o", {str(tmp_path / "b.yaml")!r}]
        runpy.run_module("kfp_lite", run_name="__main__")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "b.yaml").read_text().startswith("# PIPELINE DEFINITION")
