"""One test per diagnostic code: the code, the line it points at, and the key words of its message.

Each case is a small pipeline file; the line marked ``# <-`` is where the diagnostic must point.
Also: the docs list exactly the catalogue's codes, and the kfp-rejected corpus in
tests/cases/bad/ gets a placed error for every case.
"""

from __future__ import annotations

import glob
import os
import re
import textwrap

import pytest

from kfp_lite import codes
from kfp_lite.cli._loading import UsageError
from kfp_lite.cli.check_cmd import check_file

HEADER = """\
from typing import List, NamedTuple
from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input, Model, Output


@dsl.component
def op(x: str = "a") -> str:
    return x


@dsl.component
def num(n: int) -> int:
    return n


@dsl.component
def two() -> NamedTuple("Outputs", a=str, b=str):
    return ("a", "b")


@dsl.component
def make(data: Output[Dataset]):
    pass


@dsl.component
def use(data: Input[Dataset]):
    pass


@dsl.component
def total(values: List[int]) -> int:
    return sum(values)
"""

CASES: dict[str, tuple[str, list[str]]] = {
    "KFL002": ("def broken(:  # <-\n", ["invalid syntax"]),
    "KFL003": ("import os\nraise ValueError('boom')  # <-\n", ["ValueError", "boom"]),
    "KFL101": ("@dsl.component\ndef f(n) -> int:  # <-\n    return n\n", ["'n'", "no type annotation"]),
    "KFL102": ("@dsl.component\ndef f(n: set) -> int:  # <-\n    return 1\n", ["annotation set", "neither"]),
    "KFL103": ("@dsl.component\ndef f(n: int = 'x') -> int:  # <-\n    return n\n", ["default", "'n'", "int"]),
    "KFL104": ("@dsl.component\ndef f(Output: str) -> int:  # <-\n    return 1\n", ["Output", "reserved"]),
    "KFL105": ("@dsl.component\ndef f(m: Output[List[Model]]):  # <-\n    pass\n", ["list of artifacts"]),
    "KFL106": ("@dsl.component\ndef f() -> set:  # <-\n    return set()\n", []),
    "KFL108": ("@dsl.component(base_imgae='x')\ndef f() -> int:  # <-\n    return 1\n", ["base_imgae"]),
    "KFL109": ("from kfp_lite import components\n"
               "c = components.load_component_from_text('name: c\\ninputs:\\n- {name: S, type: Artifact}\\n"
               "implementation:\\n  container: {image: a, command: [echo, {inputValue: S}]}\\n')  # <-\n",
               ["inputValue", "artifact"]),
    "KFL201": ("@dsl.pipeline\ndef p():\n    num(n=op().output)  # <-\n", ["input 'n'", "int", "str"]),
    "KFL202": ("@dsl.pipeline\ndef p():\n    num()  # <-\n", ["missing", "'n'"]),
    "KFL203": ("@dsl.pipeline\ndef p():\n    op(y='1')  # <-\n", ["unexpected argument 'y'"]),
    "KFL204": ("@dsl.pipeline\ndef p():\n    op('1')  # <-\n", ["positional"]),
    "KFL205": ("@dsl.pipeline\ndef p():\n    op(x=two().outputs['c'])  # <-\n", ["no output named 'c'"]),
    "KFL206": ("@dsl.pipeline\ndef p():\n    op(x=two().output)  # <-\n", ["2 outputs", ".output"]),
    "KFL207": ("@dsl.pipeline\ndef p():\n    make(data='x')  # <-\n", ["'data'", "output"]),
    "KFL208": ("@dsl.pipeline\ndef p():\n    t = op()\n    op(x=t)  # <-\n", ["task was passed"]),
    "KFL209": ("@dsl.pipeline\ndef p():\n    op().set_cpu_limit('lots')  # <-\n", ["cpu", "lots"]),
    "KFL210": ("@dsl.pipeline\ndef p() -> int:  # <-\n    return op().output\n", ["declared as", "int"]),
    "KFL301": ("@dsl.pipeline\ndef p():\n    if op().output:  # <-\n        op()\n", ["truth value"]),
    "KFL302": ("@dsl.pipeline\ndef p():\n    t = num(n=1)\n    with dsl.If(t.output == 'x'):  # <-\n"
               "        op()\n", ["compares", "string"]),
    "KFL303": ("@dsl.pipeline\ndef p():\n    a = op()\n    b = op(x=a.output)\n    a.after(b)  # <-\n",
               ["cycle", "'op' runs .after() 'op-2'", "'op-2' uses an output of 'op'"]),
    "KFL304": ("@dsl.pipeline\ndef p():\n    with dsl.ParallelFor([1, 2]) as i:\n        t = num(n=i)\n"
               "    num(n=t.output)  # <-\n", ["once per item", "for-loop"]),
    "KFL305": ("@dsl.pipeline\ndef p():\n    t = num(n=1)\n    total(values=dsl.Collected(t.output))  # <-\n",
               ["dsl.Collected"]),
    "KFL306": ("@dsl.pipeline\ndef p():\n    t = op()\n    with dsl.If(t.output == 'a'):\n        a = op()\n"
               "    with dsl.Elif(t.output == 'b'):\n        b = op()\n    op(x=dsl.OneOf(a.output, b.output))  # <-\n",
               ["dsl.Else"]),
    "KFL307": ("@dsl.pipeline\ndef p():\n    with dsl.Elif(op().output == 'a'):  # <-\n        op()\n",
               ["dsl.Elif", "follow"]),
    "KFL308": ("@dsl.pipeline\ndef p():\n    t = op()\n    e = op(x=t.output)  # <-\n"
               "    with dsl.ExitHandler(e):\n        op()\n", ["exit task", "depend"]),
    "KFL309": ("@dsl.pipeline\ndef p():\n    with dsl.ParallelFor([]) as i:  # <-\n        op()\n", ["non-empty"]),
    "KFL310": ("@dsl.pipeline\ndef p() -> str:  # <-\n    op()\n    return 'x'\n", ["only return task outputs"]),
    "KFL311": ("@dsl.pipeline\ndef p():  # <-\n    pass\n", ["defines no task"]),
    "KFL312": ("@dsl.pipeline(name='!!!')\ndef p():  # <-\n    op()\n", ["not a valid name"]),
    "KFL313": ("@dsl.pipeline\ndef p():\n    t = num(n=1)\n    num(n=t.output).ignore_upstream_failure()  # <-\n",
               ["ignore_upstream_failure", "no default"]),
    "KFL314": ("@dsl.pipeline\ndef p():\n    op()\n    1 / 0  # <-\n", ["ZeroDivisionError"]),
    "KFL315": ("@dsl.pipeline(on_failure=print)\ndef p():  # <-\n    op()\n", []),
    "KFL316": ("@dsl.pipeline\ndef p():\n    num.map(n=[])  # <-\n", ["empty list"]),
    "KFL401": ("@dsl.container_component\ndef c(v: bool = False):\n    return dsl.ContainerSpec(image='a', command=[\n"
               "        'run', dsl.IfPresentPlaceholder(input_name='verbos', then=['-v'])])  # <-\n",
               ["'verbos'", "no input"]),
    "KFL402": ("@dsl.pipeline\ndef p():\n    d = make()\n    op(x=f\"at {d.outputs['data']}\")  # <-\n",
               ["artifact", "string"]),
    "KFL403": ("@dsl.container_component\ndef c():  # <-\n    return 'echo'\n", ["ContainerSpec"]),
    "KFL603": (
        "@dsl.pipeline\ndef p(n: int = 1):\n    t = num(n=n)\n"
        "    with dsl.Condition(t.output == 1):  # <-\n        op()\n",
        ["dsl.Condition", "deprecated"],
    ),
    "KFL901": ("from kfp_lite import kubernetes\n\n@dsl.pipeline\ndef p():\n    t = op()\n"
               "    kubernetes.set_timeout(t.output, 5)  # <-\n", ["needs a task", "set_timeout"]),
    "KFL902": ("from kfp_lite import kubernetes\n\n@dsl.pipeline\ndef inner():\n    op()\n\n"
               "@dsl.pipeline\ndef p():\n    kubernetes.set_timeout(inner(), 5)  # <-\n",
               ["pipeline used as a component", "inner"]),
    "KFL903": ("from kfp_lite import kubernetes\n\n@dsl.pipeline\ndef p():\n    d = make()\n    t = op()\n"
               "    kubernetes.mount_pvc(t, pvc_name=d.outputs['data'], mount_path='/d')  # <-\n",
               ["'pvc_name'", "an artifact"]),
    "KFL904": ("from kfp_lite import kubernetes\n\n@dsl.pipeline\ndef p():\n    t = op()\n"
               "    kubernetes.set_image_pull_policy(t, 'always')  # <-\n", ["'always'", "pull policy"]),
    "KFL905": ("from kfp_lite import kubernetes\n\n@dsl.pipeline\ndef p():\n    t = op()\n"
               "    kubernetes.add_toleration_json(t, {'key': 'a', 'tolerationSeconds': 5})  # <-\n",
               ["'tolerationSeconds'", "ignored"]),
    "KFL601": ("import json\n\n@dsl.component\ndef f(x: str) -> str:\n    y = x\n    return json.dumps(y)  # <-\n",
               ["'json'", "outside the function"]),
}


def _write(tmp_path, body: str) -> tuple[str, int]:
    text = HEADER + "\n\n" + textwrap.dedent(body)
    path = tmp_path / "case.py"
    path.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "# <-" in t)
    return str(path), line


def _diagnostics(path: str):
    try:
        return check_file(path, None, True)
    except UsageError as exc:
        return exc.diagnostics


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_is_reported_at_its_line(tmp_path, code):
    body, words = CASES[code]
    if code in ("KFL002", "KFL003"):
        path = tmp_path / "case.py"
        path.write_text(body)
        path, line = str(path), next(i for i, t in enumerate(body.splitlines(), 1) if "# <-" in t)
    else:
        path, line = _write(tmp_path, body)
    found = [d for d in _diagnostics(path) if d.code == code]
    assert found, f"{code} not reported; got {[d.format_text() for d in _diagnostics(path)]}"
    diagnostic = found[0]
    assert diagnostic.location is not None and diagnostic.location.line == line, diagnostic.format_text()
    assert os.path.samefile(diagnostic.location.file, path)
    for word in words:
        assert word in diagnostic.message, (word, diagnostic.message)


def test_free_variable_lint_accepts_local_and_provided_names(tmp_path):
    path, _ = _write(tmp_path, """\
        @dsl.component
        def f(x: str, data: Output[Dataset]) -> NamedTuple("o", a=List[str]):
            import json as j
            from os import path as p
            values: Optional[int] = None  # <-
            items = [k for k in range(3)]
            try:
                pass
            except Exception as err:
                print(err)
            def helper(z):
                return z + len(items)
            return (j.dumps([x, p.sep, helper(1), data.path, str(values)]),)
        """)
    assert [d for d in _diagnostics(path) if d.code == "KFL601"] == []


def test_free_variable_is_a_warning_and_does_not_fail_compile(tmp_path):
    from kfp_lite.compiler import compile_documents

    from kfp_lite.cli._loading import load_module

    path, _ = _write(tmp_path, "LIMIT = 3\n\n@dsl.component\ndef f() -> int:\n    return LIMIT  # <-\n")
    module = load_module(path)
    result = compile_documents(module.f)
    assert [d.code for d in result.diagnostics] == ["KFL601"]
    assert result.diagnostics[0].severity == "warning"


def test_if_present_on_required_input_is_a_warning(tmp_path):
    path, line = _write(tmp_path, """\
        @dsl.container_component
        def c(v: str):
            return dsl.ContainerSpec(image='a', command=[
                'run', dsl.IfPresentPlaceholder(input_name='v', then=['-v', v])])  # <-
        """)
    found = [d for d in _diagnostics(path) if d.code == "KFL401"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].location.line == line
    assert "required input 'v'" in found[0].message


def test_oneof_from_the_same_branch(tmp_path):
    path, line = _write(tmp_path, """\
        @dsl.pipeline
        def p():
            t = op()
            with dsl.If(t.output == 'a'):
                a = op()
                b = op()
            with dsl.Else():
                op()
            op(x=dsl.OneOf(a.output, b.output))  # <-
        """)
    found = [d for d in _diagnostics(path) if d.code == "KFL306"]
    assert len(found) == 1 and found[0].location.line == line
    assert "same branch" in found[0].message


def test_channel_in_dict_key_and_env(tmp_path):
    path, line = _write(tmp_path, """\
        @dsl.component
        def takes(d: dict) -> str:
            return ''

        @dsl.pipeline
        def p():
            t = op()
            takes(d={t.output: 1})  # <-
            op().set_env_variable('X', t.output)
        """)
    found = sorted((d.location.line, d.message) for d in _diagnostics(path) if d.code == "KFL402")
    assert len(found) == 2
    assert found[0][0] == line and "dict key" in found[0][1]
    assert found[1][0] == line + 1 and "environment variable 'X'" in found[1][1]


def test_several_independent_errors_in_one_run(tmp_path):
    path, _ = _write(tmp_path, """\
        @dsl.component
        def bad(n: int = 'x') -> int:
            return n

        @dsl.pipeline
        def p():
            op('1')  # <-
            num(n=op().output)
            num()
            with dsl.ParallelFor([]) as i:
                bad()
        """)
    found = _diagnostics(path)
    assert {"KFL103", "KFL201", "KFL202", "KFL204", "KFL309"} <= {d.code for d in found}
    lines = [d.location.line for d in sorted(found, key=lambda d: d.sort_key())]
    assert lines == sorted(lines)


def test_type_check_off_turns_mismatches_into_warnings(tmp_path):
    path, _ = _write(tmp_path, "@dsl.pipeline\ndef p():\n    num(n=op().output)  # <-\n")
    found = check_file(path, None, False)
    assert [(d.code, d.severity) for d in found] == [("KFL201", "warning")]


def test_compile_error_message_lists_every_diagnostic(tmp_path):
    from kfp_lite.compiler import compile_documents

    from kfp_lite.cli._loading import load_module
    from kfp_lite.diagnostics import CompileError

    path, _ = _write(tmp_path, "@dsl.pipeline\ndef p():\n    op('1')\n    num()  # <-\n")
    module = load_module(path)
    with pytest.raises(CompileError) as info:
        compile_documents(module.p)
    text = str(info.value)
    assert text.startswith("2 errors found")
    assert "KFL204" in text and "KFL202" in text


# --- the docs and the corpus ----------------------------------------------------------------

DOCS = os.path.join(os.path.dirname(__file__), "..", "docs", "diagnostics.md")


def test_every_catalogue_code_is_documented_and_vice_versa():
    with open(DOCS, encoding="utf-8") as handle:
        text = handle.read()
    documented = {m.group(1): m.group(2) for m in re.finditer(r"^### (KFL\d{3}) ([a-z-]+)", text, re.M)}
    assert set(documented) == set(codes.CATALOGUE)
    for code, name in documented.items():
        assert codes.CATALOGUE[code].name == name, code


BAD_CASES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "cases", "bad", "*.py")))


@pytest.mark.parametrize("path", BAD_CASES, ids=[os.path.basename(p)[:-3] for p in BAD_CASES])
def test_kfp_rejected_cases_get_a_placed_error(path):
    found = _diagnostics(path)
    errors = [d for d in found if d.is_error]
    assert errors, f"no error for {path}"
    assert all(d.code != "KFL009" for d in found), [d.format_text() for d in found]
    assert all(d.location is not None and os.path.samefile(d.location.file, path) for d in errors), \
        [d.format_text() for d in errors]
