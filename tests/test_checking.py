"""The checker as CI uses it: folders, --exclude, relative paths, SARIF, ``# noqa``,
``[tool.kfp-lite]`` settings (with the small TOML reader of old Pythons), and ``kfp_lite.check``."""

from __future__ import annotations

import json
import os
import re
import sys
import textwrap

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kfp_lite
from kfp_lite import codes
from kfp_lite.cli import cli
from kfp_lite.cli.checking import discover, noqa_codes
from kfp_lite.diagnostics import Diagnostic
from kfp_lite.settings import Settings, load_settings, read_settings
from kfp_lite.toml_table import read_tool_table

SCHEMA = os.path.join(os.path.dirname(__file__), "data", "sarif-schema-2.1.0.json")

GOOD = """\
from kfp_lite import dsl


@dsl.component(base_image="python:3.11-slim")
def op(x: int = 1) -> int:
    return x


@dsl.pipeline
def good():
    op(x=2)
"""

BAD = """\
from kfp_lite import dsl


@dsl.component(packages_to_install=["pandas"])
def op(x: int = 1) -> int:
    return x


@dsl.pipeline
def bad():
    op(x="text")
"""

HELPER = """\
import kfp_lite  # imports kfp_lite but defines nothing to check


def helper():
    return 1
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small repository: pipelines in folders, a helper, a venv and a non-pipeline file."""
    files = {
        "pipelines/good.py": GOOD,
        "pipelines/nested/bad.py": BAD,
        "pipelines/helpers.py": HELPER,
        "pipelines/legacy/old.py": BAD,
        "scripts/plain.py": "print('not a pipeline')\n",
        ".venv/lib/site.py": BAD,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- folders and --exclude --------------------------------------------------------------------

def test_folders_are_searched_for_files_that_import_kfp(project):
    chosen = discover(["."])
    assert sorted(chosen.files) == ["pipelines/good.py", "pipelines/helpers.py",
                                    "pipelines/legacy/old.py", "pipelines/nested/bad.py"]


def test_exclude_globs_match_folders_and_paths(project):
    assert "pipelines/legacy/old.py" not in discover(["."], ["legacy"]).files
    assert "pipelines/legacy/old.py" not in discover(["."], ["pipelines/legacy/*"]).files
    assert discover(["."], ["*.py"]).files == ()


def test_check_dir_reports_relative_paths_in_text_json_and_github(project):
    text = _run("check", "pipelines", "--exclude", "legacy")
    assert text.exit_code == 1
    # columns are exact on Python 3.11+, 1 for calls on older Pythons
    assert re.match(r"pipelines/nested/bad.py:4:37: warning\[KFL704\]", text.output)
    assert re.search(r"^pipelines/nested/bad.py:11:\d+: error\[KFL201\]", text.output, re.M)
    assert "legacy" not in text.output and "helpers" not in text.output  # a helper is skipped
    assert "3 files checked" in text.output
    data = json.loads(_run("check", "pipelines", "--exclude", "legacy", "--format", "json").output)
    assert {d["file"] for d in data["diagnostics"]} == {"pipelines/nested/bad.py"}
    github = _run("check", "pipelines", "--exclude", "legacy", "--format", "github").output
    assert "file=pipelines/nested/bad.py," in github


def test_a_named_file_without_pipeline_is_still_an_error(project):
    result = _run("check", "pipelines/helpers.py")
    assert result.exit_code == 2 and "KFL004" in result.output


def test_only_pipelines_skips_named_files_that_are_not_pipelines(project):
    result = _run("check", "--only-pipelines", "scripts/plain.py", "pipelines/good.py")
    assert result.exit_code == 0, result.output
    assert "1 file checked: no problems" in result.output


# --- SARIF --------------------------------------------------------------------------------------

def test_sarif_output_is_valid_sarif_2_1_0(project):
    result = _run("check", ".", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(log, json.load(handle))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(codes.CATALOGUE)
    results = run["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {("KFL201", "error"), ("KFL704", "warning")}
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1


def test_sarif_of_a_clean_check_is_valid_and_empty(project):
    result = _run("check", "pipelines/good.py", "--format", "sarif")
    log = json.loads(result.output)
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(log, json.load(handle))
    assert result.exit_code == 0 and log["runs"][0]["results"] == []


def test_sarif_help_links_match_the_headings_of_the_docs():
    from kfp_lite.sarif import doc_anchor

    docs = os.path.join(os.path.dirname(__file__), "..", "docs", "diagnostics.md")
    with open(docs, encoding="utf-8") as handle:
        headings = [line[4:].strip() for line in handle if line.startswith("### KFL")]
    slugs = {"".join(c for c in h.lower() if c.isalnum() or c in " -").replace(" ", "-") for h in headings}
    assert {doc_anchor(c) for c in codes.CATALOGUE.values()} <= slugs


# --- # noqa ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,expected", [
    ("x = 1", None),
    ("x = 1  # noqa", frozenset()),
    ("x = 1  # noqa: KFL701", frozenset({"KFL701"})),
    ("x = 1  # NOQA:KFL701,KFL704", frozenset({"KFL701", "KFL704"})),
    ("x = 1  # noqa: KFL701 KFL702 reason", frozenset({"KFL701", "KFL702"})),
    ("x = 1  # noqa: E501", frozenset({"E501"})),
])
def test_noqa_codes(line, expected):
    assert noqa_codes(line) == expected


NOQA = """\
from kfp_lite import dsl


@dsl.component(base_image="python", packages_to_install=["pandas"])  # noqa: KFL701
def a() -> int:
    return 1


@dsl.component(base_image="python")  # noqa
def b() -> int:
    return 1


@dsl.component(base_image="python")  # noqa: E501
def c() -> int:
    return 1


@dsl.pipeline
def p():
    a()
    b()
    c(x=1)  # noqa
"""


def test_noqa_silences_named_warnings_on_its_line_and_never_errors(tmp_path):
    path = tmp_path / "p.py"
    path.write_text(NOQA)
    found = kfp_lite.check(str(path), settings=Settings())
    assert sorted((d.code, d.location.line) for d in found) == [
        ("KFL203", 23),  # an error is not silenced by a bare noqa
        ("KFL701", 14),  # another tool's noqa code does not silence ours
        ("KFL704", 4),   # noqa: KFL701 leaves the other code on the line
    ]


# --- [tool.kfp-lite] -------------------------------------------------------------------------

PYPROJECT = """\
[project]
name = "demo"

[tool.kfp-lite]
# what `kfp-lite check` does with no arguments
paths = ["pipelines"]
exclude = [
    "legacy",   # old pipelines
]
ignore = ['KFL704']
format = "json"

[tool.kfp-lite.compiled]
"pipelines/good.py" = "build/good.yaml"
"pipelines/nested/bad.py:bad" = "build/bad.yaml"

[tool.other]
x = 1
"""


def test_settings_apply_to_check_without_arguments(project):
    (project / "pyproject.toml").write_text(PYPROJECT)
    (project / "pipelines" / "nested").mkdir(exist_ok=True)
    os.chdir(project / "pipelines" / "nested")  # found by walking up
    result = _run("check")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert [(d["code"], d["file"]) for d in data["diagnostics"]] == [("KFL201", "bad.py")]


def test_settings_select_and_ignore_prefixes(project):
    settings = Settings(select=("KFL7",), ignore=("KFL704",))
    assert settings.selects("KFL701") and not settings.selects("KFL704") and not settings.selects("KFL601")
    found = kfp_lite.check("pipelines/nested/bad.py", settings=settings)
    assert [d.code for d in found] == ["KFL201"]  # errors are always reported


def test_bad_settings_are_warnings_not_crashes(project):
    (project / "pyproject.toml").write_text('[tool.kfp-lite]\nformt = "json"\nignore = [1]\nselect = ["E501"]\n')
    found = load_settings().problems
    assert [d.code for d in found] == ["KFL790"] * 3
    assert "formt" in found[0].message


def test_unreadable_toml_is_one_warning(project):
    (project / "pyproject.toml").write_text('[tool.kfp-lite]\nignore = [\n')
    settings = load_settings()
    assert [d.code for d in settings.problems] == ["KFL790"]


def test_no_pyproject_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()


def test_small_toml_reader_reads_the_table_like_tomllib(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(PYPROJECT)
    expected = {"paths": ["pipelines"], "exclude": ["legacy"], "ignore": ["KFL704"], "format": "json",
                "compiled": {"pipelines/good.py": "build/good.yaml", "pipelines/nested/bad.py:bad": "build/bad.yaml"}}
    assert read_tool_table(PYPROJECT, "kfp-lite") == expected
    settings = read_settings(str(path))
    assert settings.compiled == (("pipelines/good.py", "build/good.yaml"),
                                 ("pipelines/nested/bad.py:bad", "build/bad.yaml"))


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="compares with tomllib")
@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True),
                       st.one_of(_text, st.booleans(), st.integers(-1000, 1000), st.lists(_text, max_size=4)),
                       max_size=5))
def test_small_toml_reader_agrees_with_tomllib(table):
    import tomllib

    lines = ["[tool.kfp-lite]"]
    for key, value in table.items():
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}  # comment")
    text = "\n".join(lines) + "\n"
    assert read_tool_table(text, "kfp-lite") == tomllib.loads(text)["tool"]["kfp-lite"]


# --- the Python API ------------------------------------------------------------------------

def test_check_accepts_paths_folders_and_objects(project):
    from kfp_lite import dsl

    @dsl.component
    def lone(x: int) -> int:
        return x

    found = kfp_lite.check(["pipelines/good.py", project / "pipelines" / "nested", lone], settings=Settings())
    assert all(isinstance(d, Diagnostic) for d in found)
    assert [d.code for d in found] == ["KFL704", "KFL201"]  # sorted by place
    assert kfp_lite.check(lone, settings=Settings()) == []


def test_check_reports_unimportable_files_instead_of_raising(project):
    found = kfp_lite.check(["missing.py"], settings=Settings())
    assert [d.code for d in found] == ["KFL001"]


def test_compile_prints_only_the_warnings_noqa_and_settings_leave(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.py").write_text(textwrap.dedent("""\
        from kfp_lite import dsl


        @dsl.component(base_image="python")  # noqa: KFL701
        def a() -> int:
            return 1


        @dsl.component(packages_to_install=["pandas"])
        def b() -> int:
            return 1


        @dsl.pipeline
        def p():
            a()
            b()
        """))
    result = CliRunner().invoke(cli, ["compile", "p.py", "-o", "p.yaml"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "KFL704" in result.output and "KFL701" not in result.output
    (tmp_path / "pyproject.toml").write_text('[tool.kfp-lite]\nignore = ["KFL704"]\n')
    result = CliRunner().invoke(cli, ["compile", "p.py", "-o", "p.yaml"], catch_exceptions=False)
    assert "KFL7" not in result.output


def test_exclude_globs_are_relative_to_the_working_directory_or_the_pyproject(project):
    (project / "pyproject.toml").write_text('[tool.kfp-lite]\nexclude = ["pipelines/legacy/*"]\n')
    os.chdir(project / "pipelines")
    settings = load_settings()
    chosen = discover(["."], settings.exclude, settings.root).files
    assert "legacy/old.py" not in chosen and "nested/bad.py" in chosen
    assert "nested/bad.py" not in discover(["."], ["nested/*"], settings.root).files
