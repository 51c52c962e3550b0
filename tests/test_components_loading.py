"""components.load_component_from_*: v1 and v2 YAML, compiled pipelines, errors and URLs."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kfp_lite import codes, compiler, components, dsl
from kfp_lite.components import ComponentLoadError, YamlComponent

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "cases" / "data"


def v1(body: str) -> YamlComponent:
    return components.load_component_from_text(textwrap.dedent(body))


def load_error(text: str) -> ComponentLoadError:
    with pytest.raises(ComponentLoadError) as info:
        components.load_component_from_text(textwrap.dedent(text))
    return info.value


def messages(error: ComponentLoadError) -> str:
    return "\n".join(d.message for d in error.diagnostics)


# --- kfp v1 component YAML ---------------------------------------------------------------

PLACEHOLDERS_V1 = """
name: All placeholders
inputs:
- {name: Text In, type: String}
- {name: Maybe, type: Integer, optional: true}
- {name: Data, type: Dataset}
outputs:
- {name: Out Param, type: Integer}
- {name: Out Model, type: Model}
implementation:
  container:
    image: alpine:3
    command: [run, {executorInput: null}]
    args:
    - {inputValue: Text In}
    - {inputPath: Data}
    - {inputUri: Data}
    - {outputPath: Out Param}
    - {outputPath: Out Model}
    - {outputUri: Out Model}
    - concat: [--x=, {inputValue: Text In}, {if: {cond: {isPresent: Maybe}, then: '-m'}}]
    - if:
        cond: {isPresent: Maybe}
        then: [--maybe, {inputValue: Maybe}]
        else: [--none]
    - if:
        cond: {isPresent: Maybe}
        then: {inputValue: Maybe}
"""


def test_v1_every_placeholder_kind_becomes_the_ir_string_kfp_writes() -> None:
    comp = v1(PLACEHOLDERS_V1)
    assert comp.component_spec.kind == "container"
    assert comp.container == {
        "image": "alpine:3",
        "command": ["run", "{{$}}"],
        "args": [
            "{{$.inputs.parameters['text_in']}}",
            "{{$.inputs.artifacts['data'].path}}",
            "{{$.inputs.artifacts['data'].uri}}",
            "{{$.outputs.parameters['out_param'].output_file}}",
            "{{$.outputs.artifacts['out_model'].path}}",
            "{{$.outputs.artifacts['out_model'].uri}}",
            '{"Concat": ["--x=", "{{$.inputs.parameters[\'text_in\']}}", '
            '{"IfPresent": {"InputName": "maybe", "Then": "-m"}}]}',
            '{"IfPresent": {"InputName": "maybe", "Then": ["--maybe", '
            '"{{$.inputs.parameters[\'maybe\']}}"], "Else": ["--none"]}}',
            '{"IfPresent": {"InputName": "maybe", "Then": "{{$.inputs.parameters[\'maybe\']}}"}}',
        ],
    }


def test_v1_names_types_and_defaults_convert_as_kfp() -> None:
    comp = v1("""
        name: Types
        inputs:
        - {name: A String, type: String, default: 5}
        - {name: Count, type: Integer, default: '10'}
        - {name: Rate, type: Float, default: '0.5'}
        - {name: Flag, type: Boolean, default: 'False'}
        - {name: Bool flag, type: Bool, default: 'yes'}
        - {name: Obj, type: JsonObject, default: '{"a": 1}'}
        - {name: Arr, type: JsonArray, default: '[1, 2]'}
        - {name: Raw json, type: Dict, default: 'not json'}
        - {name: Typed list, type: 'typing.List[int]', default: '[3]'}
        - {name: Gcs, type: GCSPath}
        - {name: Gcs typed, type: {GcsPath: {data_type: CSV}}}
        - {name: Vertex, type: google.VertexModel}
        - {name: Strange, type: SomethingElse, optional: true}
        - {name: Untyped}
        - {name: Status, type: PipelineTaskFinalStatus}
        outputs:
        - {name: Metrics, type: Metrics}
        - {name: Html page, type: HTML}
        - {name: Table, type: google.BQTable}
        - {name: N, type: Integer}
        implementation:
          container: {image: alpine}
        """)
    spec = comp.component_spec
    got = {n: (i.type.type_text, i.optional, i.default) for n, i in spec.inputs.items()}
    from kfp_lite.dsl.interface import NO_DEFAULT

    assert got == {
        "a_string": ("String", True, "5"),
        "count": ("Integer", True, 10),
        "rate": ("Float", True, 0.5),
        "flag": ("Boolean", True, False),
        "bool_flag": ("Boolean", True, True),
        "obj": ("Dict", True, {"a": 1}),
        "arr": ("List", True, [1, 2]),
        "raw_json": ("Dict", True, "not json"),
        "typed_list": ("List", True, "[3]"),  # kfp casts defaults by the full type text only
        "gcs": ("system.Artifact@0.0.1", False, NO_DEFAULT),
        "gcs_typed": ("system.Artifact@0.0.1", False, NO_DEFAULT),
        "vertex": ("google.VertexModel@0.0.1", False, NO_DEFAULT),
        "strange": ("system.Artifact@0.0.1", True, NO_DEFAULT),
        "untyped": ("system.Artifact@0.0.1", False, NO_DEFAULT),
        "status": ("PipelineTaskFinalStatus", True, NO_DEFAULT),
    }
    assert {n: o.type.type_text for n, o in spec.outputs.items()} == {
        "metrics": "system.Metrics@0.0.1",
        "html_page": "system.HTML@0.0.1",
        "table": "google.BQTable@0.0.1",
        "n": "Integer",
    }
    assert comp.container == {"image": "alpine"}


def test_v1_component_compiles_in_a_pipeline_with_env_and_defaults() -> None:
    comp = v1("""
        name: Echo env
        inputs:
        - {name: Msg, type: String, default: hi}
        implementation:
          container:
            image: alpine
            env: {A: '1', B: {inputValue: Msg}}
            command: [sh, -c, 'echo $A $B']
        """)

    @dsl.pipeline(name="env-pipe")
    def env_pipe() -> None:
        comp().set_env_variable("C", "3")
        comp(msg="x")

    spec = compiler.compile_documents(env_pipe).pipeline_spec
    executors = spec["deploymentSpec"]["executors"]
    assert executors["exec-echo-env"]["container"]["env"] == [
        {"name": "A", "value": "1"},
        {"name": "B", "value": "{{$.inputs.parameters['msg']}}"},
        {"name": "C", "value": "3"},
    ]
    assert [e["name"] for e in executors["exec-echo-env-2"]["container"]["env"]] == ["A", "B"]
    assert spec["components"]["comp-echo-env"]["inputDefinitions"]["parameters"]["msg"] == {
        "defaultValue": "hi",
        "isOptional": True,
        "parameterType": "STRING",
    }


# --- kfp v2 IR YAML -------------------------------------------------------------------------


@dsl.component(base_image="python:3.11-slim")
def scale(
    x: float,
    factor: int = 2,
    tags: list = ["a"],  # noqa: B006 - kfp writes this default into the component YAML
    data: dsl.Input[dsl.Dataset] = None,
) -> float:
    return x * factor


@dsl.container_component
def copy_files(
    src: dsl.Input[dsl.Dataset], dst: dsl.Output[dsl.Dataset], note: str = ""
) -> dsl.ContainerSpec:
    return dsl.ContainerSpec(
        image="alpine",
        command=["cp", src.path, dst.path],
        args=[dsl.IfPresentPlaceholder(input_name="note", then=["--note", note])],
    )


def test_round_trip_of_a_compiled_component_keeps_interface_and_container(tmp_path: Path) -> None:
    path = tmp_path / "scale.yaml"
    compiler.Compiler().compile(scale, str(path))
    loaded = components.load_component_from_file(path)
    spec = loaded.component_spec
    assert spec.kind == "container" and loaded.pipeline_spec_dict is None
    assert {n: (i.type.type_text, i.optional, i.default) for n, i in spec.inputs.items()} == {
        "factor": ("Integer", True, 2),
        "tags": ("List", True, ["a"]),
        "x": ("Float", False, spec.inputs["x"].default),
        "data": ("system.Dataset@0.0.1", True, spec.inputs["data"].default),
    }
    assert list(spec.outputs) == ["Output"]
    document = path.read_text()
    assert loaded.container["image"] == "python:3.11-slim"
    assert loaded.container["args"][:2] == ["--executor_input", "{{$}}"]
    assert loaded.component_yaml == document

    @dsl.pipeline(name="twice")
    def twice(x: float = 1.0) -> None:
        scale(x=x)
        loaded(x=x)

    spec_out = compiler.compile_documents(twice).pipeline_spec
    comps, execs = spec_out["components"], spec_out["deploymentSpec"]["executors"]
    assert comps["comp-scale"] == comps["comp-scale-2"] | {"executorLabel": "exec-scale"}
    assert execs["exec-scale"] == execs["exec-scale-2"]


def test_container_component_round_trip_keeps_ifpresent(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    compiler.Compiler().compile(copy_files, str(path))
    loaded = components.load_component_from_file(str(path))
    assert loaded.container["command"] == [
        "cp",
        "{{$.inputs.artifacts['src'].path}}",
        "{{$.outputs.artifacts['dst'].path}}",
    ]
    assert json.loads(loaded.container["args"][0]) == {
        "IfPresent": {"InputName": "note", "Then": ["--note", "{{$.inputs.parameters['note']}}"]}
    }
    assert loaded.component_spec.outputs["dst"].type.is_artifact


IR_TEMPLATE = """
components:
  comp-{comp}:
    executorLabel: exec-{comp}
    inputDefinitions:
      parameters:
        n: {{parameterType: NUMBER_INTEGER, defaultValue: 3}}
        status: {{parameterType: TASK_FINAL_STATUS, isOptional: true}}
      artifacts:
        many: {{artifactType: {{schemaTitle: system.Model, schemaVersion: 0.0.2}}, isArtifactList: true}}
    outputDefinitions:
      parameters:
        out: {{parameterType: STRUCT}}
deploymentSpec:
  executors:
    exec-{comp}:
      container:
        image: busybox
        command: [echo, "{{{{$.inputs.parameters['n']}}}}", "{{{{$.outputs.parameters['out'].output_file}}}}"]
pipelineInfo: {{name: {name}}}
root:
  dag:
    tasks:
      {comp}:
        componentRef: {{name: comp-{comp}}}
        taskInfo: {{name: {comp}}}
schemaVersion: 2.1.0
"""


def test_ir_yaml_is_a_container_when_exec_of_the_pipeline_name_exists() -> None:
    loaded = components.load_component_from_text(IR_TEMPLATE.format(comp="my-step", name="My Step"))
    spec = loaded.component_spec
    assert spec.kind == "container" and spec.name == "My Step"
    n, status, many = spec.inputs["n"], spec.inputs["status"], spec.inputs["many"]
    assert (n.type.type_text, n.optional, n.default) == (
        "Integer",
        True,
        3,
    )  # isOptional from defaultValue
    assert (status.type.parameter_type, status.style) == ("TASK_FINAL_STATUS", "status")
    assert (many.type.type_text, many.type.is_list) == ("system.Model@0.0.2", True)
    assert spec.outputs["out"].type.type_text == "Dict"
    assert loaded.container["command"][0] == "echo"


def test_ir_yaml_is_a_graph_when_the_pipeline_name_has_no_executor() -> None:
    text = IR_TEMPLATE.format(comp="my-step", name="wrapper")
    loaded = components.load_component_from_text(text)
    assert loaded.component_spec.kind == "graph"
    assert loaded.container is None
    assert loaded.pipeline_spec_dict["pipelineInfo"]["name"] == "wrapper"
    assert loaded.component_spec.inputs == {}  # the interface of root, which declares none


def test_compiled_pipeline_loads_as_graph_with_description() -> None:
    loaded = components.load_component_from_file(DATA / "text_preprocess_pipeline.yaml")
    assert loaded.component_spec.kind == "graph"
    assert loaded.component_spec.description == "Cleans text and counts its words."
    assert set(loaded.component_spec.inputs) == {"repeat", "text"}
    assert set(loaded.component_spec.outputs) == {"words", "counts"}


# --- errors ---------------------------------------------------------------------------------


def test_error_not_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\ninputs: [\n  - {name: a\n")
    with pytest.raises(ComponentLoadError) as info:
        components.load_component_from_file(path)
    error = info.value
    assert isinstance(error, ValueError)
    [diagnostic] = error.diagnostics
    assert diagnostic.code == codes.UNREADABLE_SPEC.code
    assert diagnostic.location is not None and diagnostic.location.file == str(path)
    assert diagnostic.location.line > 1
    assert "not valid YAML" in str(error) and str(path) in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the YAML is empty"),
        ("- a\n- b\n", "the YAML is a list, not a mapping"),
        ("name: x\n", "neither kfp v2 component YAML"),
        ("name: x\nimplementation: {}\n", "has no 'implementation.container'"),
        ("name: x\nimplementation: {graph: {tasks: {}}}\n", "v1 graph implementation"),
        ("name: x\nimplementation: {container: {command: [a]}}\n", "has no image"),
        ("name: x\nimplementation: {container: {image: a, command: [5]}}\n", "is a number"),
    ],
)
def test_error_messages_for_broken_documents(text: str, expected: str) -> None:
    error = load_error(text)
    assert expected in messages(error)
    assert all(
        d.code in (codes.BAD_COMPONENT_YAML.code, codes.UNREADABLE_SPEC.code)
        for d in error.diagnostics
    )


def test_every_placeholder_problem_is_listed_at_once() -> None:
    error = load_error("""
        name: Broken
        inputs:
        - {name: Data, type: Dataset}
        - {name: Count, type: Integer, default: 'many'}
        - {name: Word, type: String}
        outputs:
        - {name: N, type: Integer}
        implementation:
          container:
            image: alpine
            args:
            - {inputValue: Data}
            - {inputPath: Word}
            - {inputUri: Word}
            - {outputUri: N}
            - {inputValue: Missing}
            - {outputPath: Nope}
            - {fancy: Data}
            - {inputMetadata: Data}
            - {inputValue: Word, inputPath: Data}
            - if: {cond: {isPresent: Ghost}, then: [x]}
            - if: {cond: {inputValue: Word}, then: [x]}
            - concat: [{if: {cond: {isPresent: Word}, then: [a, b]}}]
        """)
    text = messages(error)
    for expected in (
        "input 'Data' is an artifact (system.Dataset)",
        "{inputPath: Word} in args[1] of component 'Broken': input 'Word' is a parameter",
        "{inputUri: Word} in args[2]",
        "output 'N' is a parameter (Integer), which has no URI",
        "{inputValue: Missing} in args[4] of component 'Broken' names no input",
        "{outputPath: Nope} in args[5] of component 'Broken' names no output",
        "unknown placeholder 'fancy'",
        "'inputMetadata', which kfp v2 does not support",
        "a mapping with 2 keys",
        "tests isPresent: Ghost, which is not an input",
        "must be {cond: {isPresent: <input>}",
        "inside concat they must be single items",
        "default 'many' of input 'Count'",
    ):
        assert expected in text, expected
    assert len(error.diagnostics) == 13
    hints = [d.hint for d in error.diagnostics if "names no input" in d.message]
    assert hints == ["its inputs are: data, count, word"]
    assert str(error).startswith("cannot load the component in component text: 13 problems:")


def test_v1_duplicate_and_unknown_keys() -> None:
    error = load_error("""
        name: Dups
        inputs:
        - {name: My Input, type: String}
        - {name: my-input, type: String, defualt: x}
        implementation:
          container: {image: alpine, entrypoint: [x]}
        """)
    text = messages(error)
    assert "inputs 'My Input' and 'my-input' of component 'Dups' both become 'my_input'" in text
    assert "unknown key 'defualt'" in text
    assert "the container of component 'Dups' has the unknown key 'entrypoint'" in text


def test_ir_errors_are_reported_with_the_file_location(tmp_path: Path) -> None:
    text = IR_TEMPLATE.format(comp="step", name="step")
    text = text.replace("NUMBER_INTEGER", "NUMBER_COMPLEX").replace("['n']", "['m']")
    path = tmp_path / "bad_ir.yaml"
    path.write_text(text)
    with pytest.raises(ComponentLoadError) as info:
        components.load_component_from_file(str(path))
    text_out = messages(info.value)
    assert "input parameter 'n' has the unknown parameterType 'NUMBER_COMPLEX'" in text_out
    assert "uses {{$.inputs.parameters['m']}}, but the component has no input 'm'" in text_out
    assert all(d.location and d.location.file == str(path) for d in info.value.diagnostics)


def test_ir_importer_executor_is_rejected() -> None:
    text = """
        deploymentSpec:
          executors:
            exec-imp: {importer: {artifactUri: {constant: gs://x}}}
        pipelineInfo: {name: imp}
        root: {dag: {tasks: {}}}
        """
    assert "executor 'exec-imp' is an importer" in messages(load_error(text))


def test_unreadable_file_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(ComponentLoadError, match="cannot read the component file"):
        components.load_component_from_file(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ComponentLoadError, match="not UTF-8"):
        components.load_component_from_file(binary)


def test_loading_yaml_does_not_import_pydantic_or_jsonschema() -> None:
    code = (
        "import sys\n"
        "from kfp_lite import components\n"
        f"components.load_component_from_file({str(DATA / 'legacy_trainer_v1.yaml')!r})\n"
        f"components.load_component_from_file({str(DATA / 'text_preprocess_pipeline.yaml')!r})\n"
        "print(sorted(m for m in ('pydantic', 'jsonschema') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


# --- URLs -----------------------------------------------------------------------------------

COMPONENT_BYTES = (DATA / "train_container_v2.yaml").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if (
            self.path == "/private.yaml"
            and self.headers.get("Authorization") != "Basic dXNlcjpwdw=="
        ):
            self.send_response(401)
            self.end_headers()
            return
        if self.path not in ("/component.yaml", "/private.yaml"):
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(COMPONENT_BYTES)))
        self.end_headers()
        self.wfile.write(COMPONENT_BYTES)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    httpd.timeout = 5
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_load_from_url(server: str) -> None:
    loaded = components.load_component_from_url(f"{server}/component.yaml")
    assert loaded.component_spec.name == "train-container"
    assert loaded.source == f"{server}/component.yaml"
    private = components.load_component_from_url(f"{server}/private.yaml", auth=("user", "pw"))
    assert private.container == loaded.container


def test_url_http_errors(server: str) -> None:
    with pytest.raises(ComponentLoadError, match="HTTP 404") as info:
        components.load_component_from_url(f"{server}/nothing.yaml")
    assert info.value.diagnostics[0].code == codes.UNREADABLE_SPEC.code
    assert f"{server}/nothing.yaml" in info.value.diagnostics[0].message
    with pytest.raises(ComponentLoadError, match="HTTP 401"):
        components.load_component_from_url(f"{server}/private.yaml", auth=("user", "wrong"))
    with pytest.raises(ComponentLoadError, match="auth must be"):
        components.load_component_from_url(f"{server}/private.yaml", auth="user:pw")  # type: ignore[arg-type]


def test_url_refused_port_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens on the port any more: the connection is refused at once
    with pytest.raises(ComponentLoadError, match="cannot fetch the component") as info:
        components.load_component_from_url(f"http://127.0.0.1:{port}/component.yaml")
    assert info.value.diagnostics[0].hint == "check the URL and the network connection"
