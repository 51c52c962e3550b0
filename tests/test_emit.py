"""The emitter writes what kfp writes: byte-identical to PyYAML's pure-Python dumper."""

from __future__ import annotations

import ast
import os
import stat
import threading
from pathlib import Path

import pytest
import yaml
from kfp_lite.compiler import emit
from kfp_lite.compiler.emit import (
    OutputDirectoryMissing,
    OutputIsADirectory,
    OutputPermissionDenied,
    OutputWriteError,
    render_header,
    render_spec,
    render_yaml,
    write_output,
)

GOLDEN_DIR = Path(__file__).parent / "golden" / "kfp"
GOLDENS = sorted(GOLDEN_DIR.rglob("*.yaml"))


def pure_dump(documents: list) -> str:
    """What kfp does: yaml.dump_all with the pure-Python Dumper and sorted keys."""

    class NoAliasDumper(yaml.Dumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    return yaml.dump_all(documents, Dumper=NoAliasDumper, sort_keys=True)


def split_header(text: str) -> tuple[list[str], str]:
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    return lines[:count], "".join(lines[count:])


def header_description(header: list[str]) -> str | None:
    """The description as kfp received it, rebuilt from the header lines."""
    parts: list[str] = []
    for line in header:
        if line.startswith("# Description: "):
            parts.append(line[len("# Description: ") :].rstrip("\n"))
        elif parts and line.startswith("#              "):
            parts.append(line[len("#              ") :].rstrip("\n"))
        elif parts:
            break
    return "\n".join(parts) if parts else None


def same_header_line(expected: str, got: str) -> bool:
    """Equal, or both show the same dict default: kfp prints a dict default in the hash
    order of protobuf's map, which changes from run to run, so only the content counts."""
    if expected == got:
        return True
    marker = " [Default: "
    if marker not in expected or marker not in got:
        return False
    head_e, value_e = expected.split(marker, 1)
    head_g, value_g = got.split(marker, 1)
    if head_e != head_g or not value_e.startswith(("{", "[")):
        return False
    return ast.literal_eval(value_e.rstrip("\n")[:-1]) == ast.literal_eval(
        value_g.rstrip("\n")[:-1]
    )


@pytest.mark.skipif(not GOLDENS, reason="no kfp goldens yet")
@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: str(p.relative_to(GOLDEN_DIR)))
def test_golden_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    documents = list(yaml.safe_load_all(text))
    header, body = split_header(text)
    spec = documents[0]
    platform = documents[1] if len(documents) > 1 else None
    if "description" in spec["pipelineInfo"]:
        out = render_spec(spec, platform)  # the description comes from pipelineInfo
    else:  # a lone component: kfp prints its description but keeps it out of pipelineInfo
        out = render_spec(spec, platform, description=header_description(header))
    out_header, out_body = split_header(out)
    assert out_body == body
    assert pure_dump(documents) == body
    assert len(out_header) == len(header)
    for want, got in zip(header, out_header):
        assert same_header_line(want, got), (want, got)
    if not any(" [Default: {" in line or " [Default: [{" in line for line in header):
        assert out == text


def test_dict_default_in_header_keeps_given_order() -> None:
    spec = {
        "pipelineInfo": {"name": "p"},
        "root": {
            "inputDefinitions": {
                "parameters": {
                    "d": {
                        "parameterType": "STRUCT",
                        "defaultValue": {"z": 1.0, "a": [1.0, "it's"]},
                        "isOptional": True,
                    }
                }
            }
        },
    }
    assert render_header(spec).splitlines()[-1] == (
        "#    d: dict [Default: {'z': 1.0, 'a': [1.0, \"it's\"]}]"
    )


def test_header_layout() -> None:
    spec = {
        "pipelineInfo": {"name": "demo", "description": "First line\n\n  indented"},
        "root": {
            "inputDefinitions": {
                "artifacts": {
                    "data": {
                        "artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}
                    }
                },
                "parameters": {
                    "s": {"parameterType": "STRING", "defaultValue": "it's", "isOptional": True},
                    "b": {"parameterType": "BOOLEAN", "defaultValue": False, "isOptional": True},
                    "n": {"parameterType": "NUMBER_INTEGER", "defaultValue": 3.0},
                    "st": {"parameterType": "TASK_FINAL_STATUS"},
                },
            },
            "outputDefinitions": {"parameters": {"Output": {"parameterType": "LIST"}}},
        },
    }
    assert render_header(spec, spec["pipelineInfo"]["description"]) == (
        "# PIPELINE DEFINITION\n"
        "# Name: demo\n"
        "# Description: First line\n"
        "#              \n"
        "#                indented\n"
        "# Inputs:\n"
        "#    b: bool [Default: False]\n"
        "#    data: system.Dataset\n"
        "#    n: int [Default: 3.0]\n"
        "#    s: str [Default: 'it's']\n"
        "#    st: PipelineTaskFinalStatus\n"
        "# Outputs:\n"
        "#    Output: list\n"
    )
    assert render_spec(spec).startswith("# PIPELINE DEFINITION\n# Name: demo\n# Description: F")
    assert "Description" not in render_spec(spec, description=None)


def test_unknown_parameter_type_is_reported() -> None:
    spec = {"pipelineInfo": {"name": "p"}, "root": {"inputDefinitions": {"parameters": {"x": {}}}}}
    with pytest.raises(ValueError, match="parameter 'x' has unknown parameterType"):
        render_header(spec)


def test_platform_spec_is_a_second_document_only_when_it_has_platforms() -> None:
    spec = {"pipelineInfo": {"name": "p"}, "root": {"dag": {"tasks": {}}}, "schemaVersion": "2.1.0"}
    platform = {"platforms": {"kubernetes": {"pipelineConfig": {"semaphoreKey": "k"}}}}
    both = render_spec(spec, platform)
    assert both.endswith(
        "schemaVersion: 2.1.0\n---\nplatforms:\n  kubernetes:\n    pipelineConfig:\n"
        "      semaphoreKey: k\n"
    )
    assert both.split("\n", 2)[2] == pure_dump([spec, platform])
    assert "---" not in render_spec(spec, {})
    assert "---" not in render_spec(spec, {"platforms": {}})
    assert render_spec(spec, None) == render_spec(spec)


def test_shared_objects_are_written_in_full() -> None:
    shared = {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}
    doc = {"a": {"artifactType": shared}, "b": {"artifactType": shared}, "l": [shared, shared]}
    out = render_yaml([doc])
    assert "&" not in out and "*" not in out
    assert out == pure_dump([doc])


def test_values_outside_proto_json_are_rejected() -> None:
    with pytest.raises(TypeError, match="tuple"):
        render_yaml([{"a": (1, 2)}])
    with pytest.raises(TypeError, match="tuple"):
        render_yaml([{"": {"a": (1, 2)}}])  # also on the fallback path


def test_special_floats_and_big_ints() -> None:
    doc = {
        "f": [float("inf"), float("-inf"), float("nan"), 1e20, 1e-7, -0.0, 5e-324, 0.1],
        "i": [10**30, -(10**30), 0],
        "b": [True, False, None],
    }
    assert render_yaml([doc]) == pure_dump([doc])


def test_complex_keys_fall_back_to_the_pure_dumper() -> None:
    doc = {"": 1, "x" * 130: {"k": "v"}, "multi\nline": [1], "ok": "yes"}
    assert render_yaml([doc]) == pure_dump([doc])


def test_long_folded_strings_match_kfp() -> None:
    line = "python3 -m pip install --quiet --no-warn-script-location 'kfp==2.17.3' "
    doc = {
        "deploymentSpec": {
            "executors": {
                "exec-a": {
                    "container": {
                        "command": ["sh", "-c", "\n" + line * 3 + '"$0" "$@"\n'],
                        "args": ["{{$.inputs.parameters['x']}}", "it's " * 30],
                    }
                }
            }
        },
        "ünïcode": "naïve – “quoted” 😀 " * 8,
        "control": "tab\there\r\x00\x85\u2028 end " * 5,
    }
    assert render_yaml([doc]) == pure_dump([doc])


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="no libyaml")
def test_libyaml_folds_differently_which_is_why_it_is_not_used() -> None:
    script = '\nif ! [ -x "$(command -v pip)" ]; then\n    python3 -m ensurepip || python3 -m ensurepip --user\n'
    doc = {"command": [script]}
    assert yaml.dump(doc, Dumper=yaml.CSafeDumper) != pure_dump([doc])
    assert render_yaml([doc]) == pure_dump([doc])


# -- write_output ---------------------------------------------------------------------------


def test_write_creates_file_with_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    old = os.umask(0o027)
    try:
        write_output(str(target), "a: 1\n")
    finally:
        os.umask(old)
    assert target.read_text() == "a: 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_replace_keeps_permission_bits_and_writes_utf8(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    target.chmod(0o604)
    write_output(str(target), "# Description: ünï\n")
    assert target.read_bytes() == "# Description: ünï\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def test_failed_write_leaves_old_file_untouched(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.yaml"
    target.write_bytes(b"precious: true\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(emit.os, "replace", broken_replace)
    with pytest.raises(OutputWriteError, match="No space left"):
        write_output(str(target), "new: 1\n" * 1000)
    assert target.read_bytes() == b"precious: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]  # no temp file left


def test_interrupted_write_leaves_old_file_untouched(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.yaml"
    target.write_bytes(b"precious: true\n")

    def interrupted(path: str, mode: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(emit.os, "chmod", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(str(target), "new: 1\n")
    assert target.read_bytes() == b"precious: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_dev_null_is_written_directly() -> None:
    write_output(os.devnull, "a: 1\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_output(str(fifo), "a: 1\n")
    reader.join(timeout=10)
    assert received == [b"a: 1\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dash_writes_stdout(capsys) -> None:
    write_output("-", "a: 1\n")
    assert capsys.readouterr().out == "a: 1\n"


def test_symlink_target_is_replaced_and_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_output(str(link), "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputDirectoryMissing, match="does not exist") as info:
        write_output(str(tmp_path / "nope" / "out.yaml"), "a: 1\n")
    assert isinstance(info.value, FileNotFoundError)
    assert "nope" in str(info.value)


def test_directory_as_output(tmp_path: Path) -> None:
    with pytest.raises(OutputIsADirectory, match="is a directory"):
        write_output(str(tmp_path), "a: 1\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_no_permission(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputPermissionDenied, match="permission denied"):
            write_output(str(locked / "out.yaml"), "a: 1\n")
    finally:
        locked.chmod(0o700)


def test_permission_error_is_translated(tmp_path: Path, monkeypatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(emit, "_make_temp", denied)
    with pytest.raises(OutputPermissionDenied) as info:
        write_output(str(tmp_path / "out.yaml"), "a: 1\n")
    assert isinstance(info.value, PermissionError)
    assert str(info.value).startswith("cannot write ")
