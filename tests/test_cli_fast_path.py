"""The ``kfp-lite`` entry point runs plain ``compile`` and ``check`` command lines without click.

Both front doors must behave alike: for every command line of the table, the entry point
(``kfp_lite.cli.main``, click-free for the forms it reads) and the click application
(``kfp_lite.cli.app.cli``) print the same, exit with the same status and leave the same files.
The click-free reader must also read every command line it accepts exactly as click does,
which a property test checks against click's own parser.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable, Optional

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_lite.cli import main, plain_args
from kfp_lite.cli.app import cli
from kfp_lite.cli.check_cmd import check_command
from kfp_lite.cli.compile_cmd import compile_command
from kfp_lite.cli.echo import echo
from kfp_lite.cli.plain_args import parse_plain_args

ROOT = Path(__file__).resolve().parents[1]

ONE = """\
from kfp_lite import dsl


@dsl.component
def hello(name: str) -> str:
    return f"hello {name}"


@dsl.pipeline
def one(name: str = "world", n: int = 1):
    hello(name=name)
"""

TWO = ONE + """

@dsl.pipeline
def two(name: str = "there"):
    hello(name=name)
"""

BAD = """\
from kfp_lite import dsl


@dsl.component
def count(n: int) -> int:
    return n


@dsl.pipeline
def bad(text: str = "x"):
    count(n=text)
"""

LONE = """\
from kfp_lite import dsl


@dsl.component
def alone(x: int) -> int:
    return x
"""

RAISES = "raise RuntimeError('données manquantes')\n"

CONFIG = "parameters:\n  n: 3\n"

FILES = {"p.py": ONE, "two.py": TWO, "bad.py": BAD, "lone.py": LONE, "raises.py": RAISES,
         "run.yaml": CONFIG}

# command lines the entry point runs without click
FAST = [
    ["compile", "p.py", "-o", "out.yaml"],
    ["compile", "-o", "out.yaml", "p.py"],
    ["compile", "--py", "p.py", "--output", "out.yaml"],
    ["compile", "p.py", "--output=out.yaml"],
    ["compile", "p.py", "-o", "-"],
    ["compile", "p.py", "-o", "first.yaml", "-o", "out.yaml"],
    ["compile", "p.py", "-o", "out.yml", "--executor", "embedded"],
    ["compile", "p.py", "-o", "out.yaml", "--executor=kfp"],
    ["compile", "p.py", "-o", "out.yaml", "-p", "name=x", "--param", "n=3"],
    ["compile", "p.py", "-o", "out.yaml", "-p", "n=-1", "-p", "name='3'"],
    ["compile", "p.py", "-o", "out.yaml", "-p", "nope"],
    ["compile", "p.py", "-o", "out.yaml", "-p", "nmae=x"],
    ["compile", "p.py", "-o", "out.yaml", "-p", "n=text"],
    ["compile", "p.py", "-o", "out.yaml", "--pipeline-parameters", '{"n": 4}'],
    ["compile", "p.py", "-o", "out.yaml", "--pipeline-parameters", "{not json"],
    ["compile", "p.py", "-o", "out.yaml", "--config", "run.yaml"],
    ["compile", "p.py", "-o", "out.yaml", "--config", "missing.yaml"],
    ["compile", "two.py", "-o", "out.yaml"],
    ["compile", "two.py", "-o", "out.yaml", "--function", "two"],
    ["compile", "two.py", "-o", "out.yaml", "--function", "tow"],
    ["compile", "two.py", "-o", "out.yaml", "--function="],
    ["compile", "bad.py", "-o", "out.yaml"],
    ["compile", "bad.py", "-o", "out.yaml", "--disable-type-check"],
    ["compile", "lone.py", "-o", "out.yaml"],
    ["compile", "raises.py", "-o", "out.yaml"],
    ["compile", "p.py", "-o", "out.yaml", "--check"],
    ["compile", "p.py", "-o", "stale.yaml", "--check"],
    ["compile", "p.py", "-o", "fresh.yaml", "--check"],
    ["compile", "p.py", "-o", "nowhere/out.yaml"],
    ["compile", "p.py", "-o", "out.txt"],
    ["compile", "p.py"],
    ["compile", "missing.py", "-o", "out.yaml"],
    ["compile", "fichier-absent-é.py", "-o", "out.yaml"],
    ["compile", "-", "-o", "out.yaml"],
    ["compile", "p.py", "--py", "two.py", "-o", "out.yaml"],
    ["compile"],
    ["check", "p.py"],
    ["check", "p.py", "bad.py", "two.py"],
    ["check", "bad.py", "--format", "json"],
    ["check", "bad.py", "--format=github", "--disable-type-check"],
    ["check", "bad.py", "--format", "sarif"],
    ["check", "p.py", "raises.py", "lone.py"],
    ["check", "two.py", "--function", "two"],
    ["check", ".", "--exclude", "bad.py", "--exclude", "raises.py"],
    ["check", "--only-pipelines", "p.py", "run.yaml"],
    ["check", "p.py", "--config", "run.yaml"],
    ["check", "missing.py"],
    ["check", "fichier-absent-é.py"],
    ["check"],
]

# command lines left to click (help, other commands, mistakes in the options)
DEFERRED = [
    [],
    ["--help"],
    ["--version"],
    ["compile", "--help"],
    ["compile", "p.py", "-h"],
    ["compile", "p.py", "-o"],
    ["compile", "p.py", "-o", "--check"],
    ["compile", "p.py", "-o", "-x.yaml"],
    ["compile", "p.py", "-o", "out.yaml", "--executor", "docker"],
    ["compile", "p.py", "two.py", "-o", "out.yaml"],
    ["compile", "p.py", "-o", "out.yaml", "--check=yes"],
    ["compile", "p.py", "--outptu", "out.yaml"],
    ["compile", "--", "p.py", "-o", "out.yaml"],
    ["compile", "p.py", "-oout.yaml"],
    ["compile", "p.py", "-o=out.yaml"],
    ["Compile", "p.py", "-o", "out.yaml"],
    ["check", "p.py", "--format", "yaml"],
    ["check", "p.py", "--help"],
    ["check", "--", "p.py"],
    ["check", "p.py", "--exclude"],
    ["check", "p.py", "-o", "out.yaml"],
    ["validate", "out.yaml"],
]


def _prepare(folder: Path) -> None:
    for name in list(folder.iterdir()):
        if name.is_file():
            name.unlink()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "stale.yaml").write_text("# PIPELINE DEFINITION\n# Name: old\n")
    main_status = _exit_status(lambda: main(["compile", "p.py", "-o", "fresh.yaml"]))
    assert main_status == 0


def _exit_status(call: Callable[[], None]) -> Optional[int]:
    try:
        call()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) or exc.code is None else 1
    return None


def _run(call: Callable[[], None], folder: Path, capfd: pytest.CaptureFixture,
         prepare: bool = True) -> tuple:
    if prepare:
        _prepare(folder)
    capfd.readouterr()
    status = _exit_status(call)
    out, err = capfd.readouterr()
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return status, out, err, files


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("argv", FAST, ids=" ".join)
def test_plain_command_lines_are_read_without_click_and_behave_as_under_click(
        argv: list[str], folder: Path, capfd: pytest.CaptureFixture) -> None:
    assert parse_plain_args(argv) is not None
    fast = _run(lambda: main(argv), folder, capfd)
    slow = _run(lambda: cli.main(args=argv, prog_name="kfp-lite"), folder, capfd)
    assert fast == slow
    assert fast[0] is not None


@pytest.mark.parametrize("argv", DEFERRED, ids=lambda a: " ".join(a) or "(nothing)")
def test_other_command_lines_go_to_click(argv: list[str], folder: Path,
                                         capfd: pytest.CaptureFixture) -> None:
    assert parse_plain_args(argv) is None
    fast = _run(lambda: main(argv), folder, capfd)
    slow = _run(lambda: cli.main(args=argv, prog_name="kfp-lite"), folder, capfd)
    assert fast == slow


@pytest.mark.parametrize("raised", [KeyboardInterrupt(), EOFError(),
                                    BrokenPipeError(errno.EPIPE, "Broken pipe")],
                         ids=lambda e: type(e).__name__)
def test_an_interrupted_or_cut_off_compile_ends_as_under_click(
        raised: BaseException, folder: Path, capfd: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kfp_lite.cli import compile_cmd, compile_run

    _prepare(folder)

    def interrupted(**options: object) -> int:
        raise raised

    monkeypatch.setattr(compile_run, "run_compile", interrupted)
    monkeypatch.setattr(compile_cmd, "run_compile", interrupted)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # both replace the streams after EPIPE
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    argv = ["compile", "p.py", "-o", "out.yaml"]
    results = []
    for call in (lambda: main(argv), lambda: cli.main(args=argv, prog_name="kfp-lite")):
        streams = sys.stdout, sys.stderr
        results.append(_run(call, folder, capfd, prepare=False))
        # after a cut-off pipe both wrap the streams so that the final flush stays quiet
        results.append((sys.stdout is streams[0], sys.stderr is streams[1]))
        sys.stdout, sys.stderr = streams
    assert results[:2] == results[2:]
    assert results[0][0] == 1


def test_shell_completion_is_left_to_click(folder: Path, capfd: pytest.CaptureFixture,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KFP_LITE_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", "kfp-lite compile p.py --exe")
    monkeypatch.setenv("COMP_CWORD", "3")
    argv = ["compile", "p.py", "-o", "out.yaml"]
    fast = _run(lambda: main(argv), folder, capfd)
    assert "--executor" in fast[1]
    assert "out.yaml" not in fast[3]


@pytest.mark.parametrize("command", [compile_command, check_command], ids=lambda c: c.name)
def test_the_click_free_reader_knows_exactly_the_options_of_the_click_command(
        command: click.Command) -> None:
    known = plain_args.COMMANDS[command.name]
    kinds, choices = {}, {}
    for param in command.params:
        if isinstance(param, click.Argument):
            assert (param.name, param.nargs == -1) == (known.argument, known.many)
            continue
        kind = (plain_args.FLAG if param.is_flag else
                plain_args.MULTIPLE if param.multiple else plain_args.VALUE)
        for spelling in param.opts + param.secondary_opts:
            kinds[spelling] = (param.name, kind)
        if isinstance(param.type, click.Choice):
            choices[param.name] = tuple(param.type.choices)
    help_options = {"-h", "--help"}
    assert {k: v for k, v in kinds.items() if k not in help_options} == known.options
    assert choices == known.choices


TOKENS = {
    "compile": [
        "p.py", "two.py", "-", "--", "-o", "--output", "--output=x.yaml", "out.yaml", "--py",
        "--function", "--function=f", "f", "--config", "-p", "--param", "a=1", "b=-2",
        "--pipeline-parameters", "{}", "--disable-type-check", "--check", "--check=1",
        "--executor", "kfp", "embedded", "--executor=embedded", "--executor=docker", "-h",
        "--help", "-x", "-ox.yaml", "-o=x.yaml", "--outpu", "",
    ],
    "check": [
        "p.py", "two.py", ".", "-", "--", "--format", "json", "sarif", "yaml", "--format=github",
        "--function", "f", "--config", "run.yaml", "--disable-type-check", "--exclude",
        "legacy/*", "--only-pipelines", "--only-pipelines=1", "-h", "--help", "-x", "",
    ],
}


@pytest.mark.parametrize("command", [compile_command, check_command], ids=lambda c: c.name)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_what_the_click_free_reader_accepts_click_reads_the_same(
        command: click.Command, data: st.DataObject) -> None:
    tokens = data.draw(st.lists(st.sampled_from(TOKENS[command.name]), max_size=8))
    found = parse_plain_args([command.name, *tokens])
    if found is None:
        return
    ctx = command.make_context(command.name, list(tokens))
    assert found == (command.name, ctx.params)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é\n\t\x1b[31m\x00✓"), max_size=12), st.booleans())
def test_echo_writes_what_click_echo_writes(message: str, err: bool) -> None:
    # the click-free path prints with echo, the click commands with click.echo; in-process
    # both front doors share run_compile, so this is where the two printers are compared
    import io
    from contextlib import redirect_stderr, redirect_stdout

    outputs = []
    for printer in (echo, click.echo):
        out, error = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(error):
            printer(message, err=err)
        outputs.append((out.getvalue(), error.getvalue()))
    assert outputs[0] == outputs[1]


def _real_streams(code: str, folder: Path) -> tuple:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=folder,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return result.returncode, result.stdout, result.stderr, files


@pytest.mark.parametrize("argv", [
    ["compile", "bad.py", "-o", "out.yaml"],
    ["compile", "raises.py", "-o", "out.yaml"],
    ["compile", "p.py", "-o", "-", "-p", "name=é"],
], ids=" ".join)
def test_both_front_doors_write_the_same_bytes_to_real_streams(argv: list[str], folder: Path) -> None:
    results = []
    for code in (f"from kfp_lite.cli import main; main({argv!r})",
                 f"from kfp_lite.cli.app import cli; cli.main(args={argv!r}, prog_name='kfp-lite')"):
        for name, text in FILES.items():
            (folder / name).write_text(text, encoding="utf-8")
        results.append(_real_streams(code, folder))
    assert results[0] == results[1]
    assert results[0][0] != 0 or results[0][1].startswith(b"# PIPELINE DEFINITION")


# what a plain compile must not load: click (the entry point reads the command line), pydantic
# and jsonschema (only validate, --config and the schema tools), and what only a mistake, a
# docstring or a rare feature needs
NOT_FOR_A_PLAIN_COMPILE = ("click", "pydantic", "jsonschema", "difflib", "tempfile", "traceback",
                           "kfp_lite.dsl.docstrings", "kfp_lite.dsl.component_task_config")

PLAIN = ONE + """

@dsl.container_component
def shout(text: str, loud: str = ""):
    return dsl.ContainerSpec(image="alpine", command=["echo", text, dsl.IfPresentPlaceholder(
        input_name="loud", then=["--loud", loud])])


@dsl.pipeline
def plain(name: str = "world"):
    shout(text=hello(name=name).output)
"""


def _modules_after(argv: list[str], folder: Path) -> tuple[int, list[str]]:
    code = textwrap.dedent(f"""
        import sys
        from kfp_lite.cli import main
        try:
            main({argv!r})
        except SystemExit as exc:
            status = exc.code
        print(status, *sorted(m for m in {NOT_FOR_A_PLAIN_COMPILE!r}
                              if any(k == m or k.startswith(m + '.') for k in sys.modules)))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    status, *modules = result.stdout.strip().splitlines()[-1].split()
    return int(status), modules


def test_plain_compile_loads_neither_click_nor_pydantic_nor_what_only_mistakes_need(
        folder: Path) -> None:
    (folder / "p.py").write_text(PLAIN)
    argv = ["compile", "p.py", "-o", "out.yaml", "--function", "plain", "-p", "name=x"]
    assert _modules_after(argv, folder) == (0, [])
    assert (folder / "out.yaml").read_text().startswith("# PIPELINE DEFINITION")
    # an error is reported without click too
    assert _modules_after(["compile", "missing.py", "-o", "out.yaml"], folder) == (2, [])
    # and so is a check (the pre-commit hook's command)
    assert _modules_after(["check", "p.py", "--only-pipelines"], folder) == (0, [])


def test_help_still_comes_from_click(folder: Path) -> None:
    assert _modules_after(["compile", "--help"], folder)[1][0] == "click"
