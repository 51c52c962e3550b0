"""Every YAML reader ends quickly with a one-line reason on hostile input (docs/security.md).

Each shape (an alias bomb, a recursive alias, 1,000-deep nesting, a NUL byte, a file over the
size limit, a duplicate key, an overlong number) is fed to each reader: ``validate``,
``graph``, ``cache-key`` and ``run`` on a spec, ``compile --config``, ``-p`` values of
``compile`` and ``run``, and ``components.load_component_from_file/text/url``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kfp_lite import components, safe_yaml
from kfp_lite.cli import cli
from kfp_lite.component_yaml import ComponentLoadError

LOL = "lol"
BOMB = "".join(
    f"{name}: &{name} [{','.join([('*' + prev) if prev else LOL] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi")
)
RECURSIVE = "x: &r [*r]\n"
DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "v\n"
DEEP_FLOW = "a: " + "[" * 1000 + "]" * 1000 + "\n"
NUL = "a: 1\nb: \x00\n"
DUPLICATE = "a: 1\nb:\n  c: 2\n  c: 3\n"
LONG_NUMBER = "a: " + "1" + ":0" * 50_000 + "\n"  # sexagesimal: quadratic to convert

SHAPES = {
    "alias-bomb": (BOMB, "aliases expand this document by more than 100,000 nodes"),
    "recursive-alias": (RECURSIVE, "recursive alias"),
    "deep-block": (DEEP_BLOCK, "nested more than 100 levels deep"),
    "deep-flow": (DEEP_FLOW, "nested more than 100 levels deep"),
    "nul-byte": (NUL, "a NUL byte at offset 8"),
    "duplicate-key": (DUPLICATE, "the key 'c' is given twice in b (first at line 3)"),
    "long-number": (LONG_NUMBER, "a number of 100,001 characters"),
}


def test_the_bomb_is_small() -> None:
    assert len(BOMB) < 330  # the classic 'billion laughs' is about 300 bytes


def _write(tmp_path: Path, text: str, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _huge(tmp_path: Path) -> Path:
    """A sparse file just over the 256 MiB limit: refused by its size, never read."""
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(safe_yaml.MAX_BYTES + 1)
    return path


def _cli(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def _one_line_reason(result: object, reason: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert "Traceback" not in output
    assert reason in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]


# -- the loader itself -------------------------------------------------------------------------


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_the_loader_refuses_each_shape(shape: str, parser: str, monkeypatch) -> None:
    if parser == "pure":
        pure = safe_yaml._classes()[1]
        monkeypatch.setattr(safe_yaml, "_CLASSES", [pure, pure])
    text, reason = SHAPES[shape]
    with pytest.raises(safe_yaml.YamlRefused) as caught:
        safe_yaml.load_all(text)
    assert reason in str(caught.value)
    assert caught.value.policy
    assert caught.value.line is not None


def test_duplicates_can_be_collected_instead() -> None:
    loaded = safe_yaml.load_all("a:\n  c: 2\n  c: 3\n---\nx: 1\nx: 2\n", duplicates="collect")
    assert loaded.documents == [{"a": {"c": 3}}, {"x": 2}]
    assert [(d.key, d.path, d.line, d.first_line, d.document) for d in loaded.duplicates] == [
        ("c", "a", 3, 2, 1), ("x", "", 6, 5, 2)]


def test_aliases_within_the_budget_and_merge_keys_still_work() -> None:
    text = "base: &b {cpu: '1', memory: 2G}\nsteps:\n  a: *b\n  c:\n    <<: *b\n    cpu: '2'\n"
    assert safe_yaml.load_one(text) == {
        "base": {"cpu": "1", "memory": "2G"},
        "steps": {"a": {"cpu": "1", "memory": "2G"}, "c": {"cpu": "2", "memory": "2G"}},
    }


def test_python_tags_are_refused() -> None:
    with pytest.raises(safe_yaml.YamlRefused, match="python/object"):
        safe_yaml.load_all("a: !!python/object/apply:os.system ['true']\n")


def test_the_size_limit_applies_before_reading(tmp_path: Path) -> None:
    with pytest.raises(safe_yaml.YamlRefused, match="too large to read"):
        safe_yaml.read_file(_huge(tmp_path))


def test_a_stream_is_read_no_further_than_the_limit() -> None:
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    with pytest.raises(safe_yaml.YamlRefused, match="more than 3,145,728 bytes"):
        safe_yaml.read_stream(io.BufferedReader(Endless()), limit=3 * 1024 * 1024)


def test_the_limit_can_be_raised_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("KFP_LITE_YAML_MAX_BYTES", "10")
    with pytest.raises(safe_yaml.YamlRefused, match="the limit is 10"):
        safe_yaml.load_all("a: 12345678901\n")


def test_both_parsers_read_documents_alike() -> None:
    text = Path(__file__).with_name("data").joinpath("ir_schema", "exit_handler.yaml").read_text()
    c_loader, pure = safe_yaml._classes()
    docs = []
    for cls in (c_loader, pure):
        loader = cls(text, "refuse")
        docs.append([loader.construct_document(n) for n in loader.nodes()])
    import yaml

    assert docs[0] == docs[1] == list(yaml.safe_load_all(text))


# -- compiled specs: validate, graph, cache-key, run --------------------------------------------


SPEC_COMMANDS = {
    "validate": lambda p: ("validate", str(p)),
    "graph": lambda p: ("graph", str(p)),
    "cache-key": lambda p: ("cache-key", str(p), "--task", "x"),
    "run": lambda p: ("run", str(p)),
}


@pytest.mark.parametrize("shape", sorted(set(SHAPES) - {"duplicate-key"}) + ["huge"])
@pytest.mark.parametrize("command", sorted(SPEC_COMMANDS))
def test_spec_readers_refuse_each_shape(command: str, shape: str, tmp_path: Path) -> None:
    if shape == "huge":
        path, reason = _huge(tmp_path), "too large to read"
    else:
        text, reason = SHAPES[shape]
        path = _write(tmp_path, text)
    result = _cli(*SPEC_COMMANDS[command](path))
    assert result.exit_code == 2, result.output
    _one_line_reason(result, reason)
    if command != "validate":
        assert "KFL011" in result.output


@pytest.mark.parametrize("command", sorted(set(SPEC_COMMANDS) - {"validate"}))
def test_spec_readers_other_than_validate_refuse_duplicate_keys(command: str, tmp_path: Path) -> None:
    result = _cli(*SPEC_COMMANDS[command](_write(tmp_path, DUPLICATE)))
    assert result.exit_code == 2
    _one_line_reason(result, "the key 'c' is given twice in b (first at line 3)")


def test_validate_reports_duplicate_keys_as_problems(tmp_path: Path) -> None:
    good = Path(__file__).with_name("data").joinpath("ir_schema", "exit_handler.yaml").read_text()
    text = good.replace("schemaVersion: 2.1.0\n", "schemaVersion: 2.1.0\nschemaVersion: 2.1.0\n")
    assert text != good
    path = _write(tmp_path, text)
    line = text.splitlines().index("schemaVersion: 2.1.0") + 2
    result = _cli("validate", str(path))
    assert result.exit_code == 1
    assert (f"{path}: schemaVersion: the key 'schemaVersion' is given twice (line {line}, first "
            f"at line {line - 1}); YAML would silently keep the last value") in result.output


def test_a_device_as_a_spec_ends(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result = _cli("validate", "/dev/zero")
    assert result.exit_code == 2
    assert "a NUL byte at offset 0" in result.output


# -- run configuration files --------------------------------------------------------------------


PIPELINE = '''
from kfp_lite import dsl

@dsl.component
def echo(text: str, n: int = 1, values: dict = {}) -> str:
    return text

@dsl.pipeline(name="hostile")
def pipe(text: str = "x", n: int = 1, values: dict = {}):
    echo(text=text, n=n, values=values)
'''


@pytest.fixture
def pipeline_file(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.py"
    path.write_text(PIPELINE)
    return path


@pytest.mark.parametrize("shape", sorted(SHAPES) + ["huge"])
def test_config_files_refuse_each_shape(shape: str, tmp_path: Path, pipeline_file: Path) -> None:
    if shape == "huge":
        path, reason = _huge(tmp_path), "too large to read"
    else:
        text, reason = SHAPES[shape]
        path = _write(tmp_path, text)
    out = tmp_path / "out.yaml"
    result = _cli("compile", str(pipeline_file), "-o", str(out), "--config", str(path))
    assert result.exit_code == 1, result.output
    if shape == "duplicate-key":
        reason = "b.c: the key 'c' is given twice (first at line 3)"
    _one_line_reason(result, reason)
    code = "KFL504" if shape == "duplicate-key" else "KFL011"
    assert code in result.output
    assert not out.exists()


def test_config_duplicate_keys_name_both_lines(tmp_path: Path, pipeline_file: Path) -> None:
    path = _write(tmp_path, "parameters:\n  n: 1\n  n: 2\n")
    result = _cli("compile", str(pipeline_file), "-o", str(tmp_path / "o.yaml"), "--config", str(path))
    assert result.exit_code == 1
    assert "the key 'n' is given twice (first at line 2)" in result.output
    assert f"{path.name}:3:3" in result.output


# -- -p values ----------------------------------------------------------------------------------


FLOW_SHAPES = {
    "alias-bomb": ("{" + BOMB.strip().replace("\n", ", ") + "}",
                   "aliases expand this document by more than 100,000 nodes"),
    "recursive-alias": ("{x: &r [*r]}", "recursive alias"),
    "deep-flow": ("{a: " + "[" * 1000 + "]" * 1000 + "}", "nested more than 100 levels deep"),
    "duplicate-key": ("{c: 2, c: 3}", "the key 'c' is given twice"),
}


@pytest.mark.parametrize("shape", sorted(FLOW_SHAPES))
def test_compile_refuses_hostile_p_values(shape: str, tmp_path: Path, pipeline_file: Path) -> None:
    text, reason = FLOW_SHAPES[shape]
    out = tmp_path / "out.yaml"
    result = _cli("compile", str(pipeline_file), "-o", str(out), "-p", f"values={text}")
    assert result.exit_code == 2, result.output
    _one_line_reason(result, reason)
    assert "KFL008" in result.output
    assert not out.exists()


@pytest.mark.parametrize("shape", sorted(FLOW_SHAPES))
def test_run_refuses_hostile_p_values(shape: str, tmp_path: Path, pipeline_file: Path) -> None:
    text, reason = FLOW_SHAPES[shape]
    result = _cli("run", str(pipeline_file), "--pipeline-root", str(tmp_path / "runs"),
                  "-p", f"values={text}")
    assert result.exit_code == 2, result.output
    _one_line_reason(result, reason)
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").glob("hostile-*"))


def test_p_values_that_are_not_yaml_stay_text(tmp_path: Path, pipeline_file: Path) -> None:
    from kfp_lite.cli._loading import parse_parameter_options

    assert parse_parameter_options(("text=a: b: c", "n=3", "values={a: 1}")) == {
        "text": "a: b: c", "n": 3, "values": {"a": 1}}


# -- component files ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_component_loading_refuses_each_shape(shape: str, tmp_path: Path) -> None:
    text, reason = SHAPES[shape]
    for load in (lambda: components.load_component_from_text(text),
                 lambda: components.load_component_from_file(_write(tmp_path, text))):
        with pytest.raises(ComponentLoadError) as caught:
            load()
        (diagnostic,) = caught.value.diagnostics
        assert diagnostic.code == "KFL011"
        assert reason in diagnostic.message


def test_component_file_over_the_limit(tmp_path: Path) -> None:
    with pytest.raises(ComponentLoadError, match="too large to read") as caught:
        components.load_component_from_file(_huge(tmp_path))
    assert caught.value.diagnostics[0].code == "KFL011"


def test_component_url_is_read_no_further_than_the_limit(monkeypatch) -> None:
    import urllib.request

    class Response(io.BytesIO):
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setenv("KFP_LITE_YAML_MAX_BYTES", "1000")
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: Response(b"a: b\n" * 1000))
    with pytest.raises(ComponentLoadError, match="too large to read"):
        components.load_component_from_url("https://example.invalid/c.yaml")
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: Response(BOMB.encode()))
    monkeypatch.delenv("KFP_LITE_YAML_MAX_BYTES")
    with pytest.raises(ComponentLoadError, match="aliases expand"):
        components.load_component_from_url("https://example.invalid/c.yaml")
