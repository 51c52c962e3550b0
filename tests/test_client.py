"""kfp_lite.Client and ``kfp-lite submit`` against a local stand-in of the KFP API server.

There is no cluster here. The stand-in server (127.0.0.1, a thread) checks every request
body by reading it into the official generated models of ``kfp-server-api`` 2.17.3 and
writing it back (an unknown or mistyped field would not survive that), and builds every
answer from those models, so the client is tested against the API's own definitions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

kfp_server_api = pytest.importorskip("kfp_server_api")

import kfp_lite  # noqa: E402
from kfp_lite import compiler, dsl  # noqa: E402
from kfp_lite.client import ClientError  # noqa: E402

API = kfp_server_api.ApiClient()


class _Raw:
    def __init__(self, data: str) -> None:
        self.data = data


def as_model(body: dict, model: str) -> Any:
    """The body read into a generated model; it must write back to the same JSON."""
    parsed = API.deserialize(_Raw(json.dumps(body)), model)
    assert API.sanitize_for_serialization(parsed) == body, f"not a valid {model}: {body}"
    return parsed


def answer(model: Any) -> dict:
    return API.sanitize_for_serialization(model)


class Recorded:
    def __init__(self, method: str, path: str, query: dict, headers: dict, body: bytes) -> None:
        self.method, self.path, self.query, self.headers, self.body = (
            method, path, query, headers, body)

    def json(self) -> dict:
        return json.loads(self.body)


Route = Callable[[Recorded], "tuple[int, Any]"]


class FakeApi:
    """Routes ``(METHOD, path)`` to handlers; records every request."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.routes: dict[tuple[str, str], Route] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Recorded(self.command, url.path,
                                   dict(urllib.parse.parse_qsl(url.query)),
                                   dict(self.headers), self.rfile.read(length))
                fake.requests.append(request)
                route = fake.routes.get((self.command, url.path))
                status, payload = (404, {"code": 5, "message": f"no route {url.path}"}) \
                    if route is None else route(request)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(self, method: str, path: str, handler: Route) -> None:
        self.routes[(method, "/apis/v2beta1" + path)] = handler

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.requests]


@pytest.fixture
def api() -> Iterator[FakeApi]:
    fake = FakeApi()
    thread = threading.Thread(target=fake.server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@dsl.component
def add(a: int, b: int) -> int:
    return a + b


@dsl.pipeline(name="adder")
def adder(a: int = 1, b: int = 2) -> int:
    return add(a=a, b=b).output


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / "adder.yaml"
    compiler.Compiler().compile(adder, str(path))
    return path


def serve_experiments(api: FakeApi, existing: Optional[str] = None) -> None:
    def list_experiments(request: Recorded) -> tuple[int, Any]:
        found = [kfp_server_api.V2beta1Experiment(experiment_id="e-old", display_name=existing)]
        return 200, answer(kfp_server_api.V2beta1ListExperimentsResponse(
            experiments=found if existing else None, total_size=1 if existing else 0))

    def create_experiment(request: Recorded) -> tuple[int, Any]:
        experiment = as_model(request.json(), "V2beta1Experiment")
        experiment.experiment_id = "e-new"
        return 200, answer(experiment)

    api.route("GET", "/experiments", list_experiments)
    api.route("POST", "/experiments", create_experiment)


def serve_runs(api: FakeApi, states: list[str]) -> list[Any]:
    created: list[Any] = []

    def create_run(request: Recorded) -> tuple[int, Any]:
        run = as_model(request.json(), "V2beta1Run")
        run.run_id, run.state = "r-1", "PENDING"
        created.append(run)
        return 200, answer(run)

    def get_run(request: Recorded) -> tuple[int, Any]:
        state = states.pop(0) if len(states) > 1 else states[0]
        return 200, answer(kfp_server_api.V2beta1Run(run_id="r-1", display_name="x", state=state))

    api.route("POST", "/runs", create_run)
    api.route("GET", "/runs/r-1", get_run)
    return created


def test_create_run_from_package_creates_the_experiment_and_sends_the_spec(
    api: FakeApi, package: Path
) -> None:
    serve_experiments(api)
    created = serve_runs(api, ["RUNNING", "SUCCEEDED"])
    client = kfp_lite.Client(host=api.url, existing_token="secret-token")
    result = client.create_run_from_pipeline_package(
        str(package), arguments={"a": 5}, run_name="first", experiment_name="exp",
        pipeline_root="gs://bucket/root", enable_caching=False, service_account="runner",
    )
    assert result.run_id == "r-1"
    assert api.paths() == ["GET /apis/v2beta1/experiments", "POST /apis/v2beta1/experiments",
                           "POST /apis/v2beta1/runs"]
    lookup = api.requests[0].query
    assert json.loads(lookup["filter"])["predicates"][0]["stringValue"] == "exp"
    assert lookup["namespace"] == "kubeflow"
    assert api.requests[1].json() == {"display_name": "exp", "namespace": "kubeflow"}
    run = created[0]
    assert run.experiment_id == "e-new" and run.display_name == "first"
    assert run.service_account == "runner"
    assert run.runtime_config.parameters == {"a": 5}
    assert run.runtime_config.pipeline_root == "gs://bucket/root"
    sent = api.requests[2].json()["pipeline_spec"]
    assert sent["pipelineInfo"]["name"] == "adder"
    assert all(t["cachingOptions"] == {} for t in sent["root"]["dag"]["tasks"].values())
    assert all(r.headers["Authorization"] == "Bearer secret-token" for r in api.requests)
    finished = client.wait_for_run_completion("r-1", timeout=10, sleep_duration=0)
    assert finished.state == "SUCCEEDED" and finished.run_id == "r-1"


def test_an_existing_experiment_is_reused(api: FakeApi, package: Path) -> None:
    serve_experiments(api, existing="Default")
    created = serve_runs(api, ["SUCCEEDED"])
    result = kfp_lite.Client(host=api.url).create_run_from_pipeline_package(str(package))
    assert "POST /apis/v2beta1/experiments" not in api.paths()
    assert created[0].experiment_id == "e-old"
    assert created[0].display_name.startswith("adder ")
    assert result.wait_for_run_completion(timeout=5).state == "SUCCEEDED"


def test_create_run_from_pipeline_func_compiles_with_kfp_lite(api: FakeApi) -> None:
    serve_experiments(api, existing="Default")
    created = serve_runs(api, ["SUCCEEDED"])
    kfp_lite.Client(host=api.url).create_run_from_pipeline_func(adder, arguments={"b": 7})
    assert created[0].pipeline_spec["root"]["dag"]["tasks"]["add"]["componentRef"] == {
        "name": "comp-add"}
    assert created[0].runtime_config.parameters == {"b": 7}


def test_a_platform_document_travels_with_the_spec(api: FakeApi, package: Path,
                                                   tmp_path: Path) -> None:
    platform = {"platforms": {"kubernetes": {"deploymentSpec": {"executors": {
        "exec-add": {"nodeSelector": {"labels": {"pool": "gpu"}}}}}}}}
    two = tmp_path / "two.yaml"
    two.write_text(package.read_text() + "---\n" + json.dumps(platform) + "\n")
    serve_experiments(api, existing="Default")
    serve_runs(api, ["SUCCEEDED"])
    kfp_lite.Client(host=api.url).create_run_from_pipeline_package(str(two))
    sent = api.requests[-1].json()["pipeline_spec"]
    assert sent["platform_spec"] == platform
    assert sent["pipeline_spec"]["pipelineInfo"]["name"] == "adder"


def test_upload_pipeline_and_a_version(api: FakeApi, package: Path) -> None:
    def upload(request: Recorded) -> tuple[int, Any]:
        assert b'name="uploadfile"; filename="adder.yaml"' in request.body
        assert package.read_bytes() in request.body
        return 200, answer(kfp_server_api.V2beta1Pipeline(
            pipeline_id="p-1", display_name=request.query["display_name"]))

    def list_pipelines(request: Recorded) -> tuple[int, Any]:
        return 200, answer(kfp_server_api.V2beta1ListPipelinesResponse(
            pipelines=[kfp_server_api.V2beta1Pipeline(pipeline_id="p-1", display_name="adder")],
            total_size=1))

    def upload_version(request: Recorded) -> tuple[int, Any]:
        assert request.query["pipelineid"] == "p-1"
        return 200, answer(kfp_server_api.V2beta1PipelineVersion(
            pipeline_id="p-1", pipeline_version_id="v-2", display_name=request.query["name"]))

    api.route("POST", "/pipelines/upload", upload)
    api.route("GET", "/pipelines", list_pipelines)
    api.route("POST", "/pipelines/upload_version", upload_version)
    client = kfp_lite.Client(host=api.url)
    pipeline = client.upload_pipeline(str(package), pipeline_name="adder", description="adds")
    assert pipeline.pipeline_id == "p-1" and pipeline.display_name == "adder"
    assert api.requests[0].query == {"name": "adder", "display_name": "adder",
                                     "description": "adds"}
    version = client.upload_pipeline_version(str(package), "v2", pipeline_name="adder")
    assert version.pipeline_version_id == "v-2" and version.display_name == "v2"


def test_list_runs_passes_kfp_s_query_parameters(api: FakeApi) -> None:
    api.route("GET", "/runs", lambda r: (200, answer(kfp_server_api.V2beta1ListRunsResponse(
        runs=[kfp_server_api.V2beta1Run(run_id="r-9", state="FAILED")], total_size=1))))
    runs = kfp_lite.Client(host=api.url).list_runs(
        page_size=5, sort_by="created_at desc", experiment_id="e-1", namespace="team")
    assert [(r.run_id, r.state) for r in runs.runs] == [("r-9", "FAILED")]
    assert api.requests[0].query == {"page_size": "5", "sort_by": "created_at desc",
                                     "experiment_id": "e-1", "namespace": "team"}


def test_a_refusal_carries_the_server_s_message(api: FakeApi) -> None:
    with pytest.raises(ClientError, match=r"HTTP 404 .*no route") as info:
        kfp_lite.Client(host=api.url).get_run("missing")
    assert info.value.status == 404


def test_an_unreachable_server_is_one_clear_error(api: FakeApi) -> None:
    url = api.url
    api.server.shutdown()
    api.server.server_close()
    with pytest.raises(ClientError, match="cannot reach the Kubeflow Pipelines API"):
        kfp_lite.Client(host=url).get_run("r-1")


def test_wait_gives_up_after_the_timeout(api: FakeApi) -> None:
    serve_runs(api, ["RUNNING"])
    with pytest.raises(TimeoutError, match="did not finish"):
        kfp_lite.Client(host=api.url).wait_for_run_completion("r-1", timeout=0, sleep_duration=0)


def test_a_client_is_built_without_contacting_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KF_PIPELINES_ENDPOINT", "http://127.0.0.1:9")
    client = kfp_lite.Client()
    assert client.run_url("r-1") == "http://127.0.0.1:9/#/runs/details/r-1"
    monkeypatch.delenv("KF_PIPELINES_ENDPOINT")
    with pytest.raises(ClientError, match="no Kubeflow Pipelines host"):
        kfp_lite.Client()
    with pytest.raises(ClientError, match="existing_token"):
        kfp_lite.Client(host="http://x", client_id="iap")
    with pytest.warns(UserWarning, match="no http"):
        assert kfp_lite.Client(host="kfp.example.com").run_url("r").startswith("https://")


def _submit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kfp_lite", "submit", *args],
                          capture_output=True, text=True, cwd=cwd, check=False,
                          env={"PATH": "/usr/bin:/bin", "KF_PIPELINES_TOKEN": "tok"})


def test_submit_command_runs_and_waits(api: FakeApi, package: Path) -> None:
    serve_experiments(api, existing="Default")
    created = serve_runs(api, ["RUNNING", "SUCCEEDED"])
    out = _submit(str(package), "--host", api.url, "-p", "a=4", "--run-name", "cli",
                  "--wait", "--timeout", "60", "--poll-interval", "0.01", cwd=package.parent)
    assert out.returncode == 0, out.stderr
    assert "submitted run r-1" in out.stdout and "run r-1: SUCCEEDED" in out.stdout
    assert created[0].runtime_config.parameters == {"a": 4}
    assert created[0].display_name == "cli"
    assert api.requests[-1].headers["Authorization"] == "Bearer tok"


def test_submit_command_compiles_a_py_file(api: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "p.py").write_text(
        "from kfp_lite import dsl\n\n@dsl.container_component\ndef hi():\n"
        "    return dsl.ContainerSpec(image='alpine:3.19', command=['echo'])\n\n"
        "@dsl.pipeline(name='hello')\ndef p():\n    hi()\n")
    serve_experiments(api, existing="Default")
    created = serve_runs(api, ["SUCCEEDED"])
    out = _submit("p.py", "--host", api.url, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert created[0].pipeline_spec["pipelineInfo"]["name"] == "hello"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "nope=1"], "has no parameter 'nope'"),
        (["-p", "a=text"], "-p a=text"),
        (["--host", "http://127.0.0.1:9"], "cannot reach"),
    ],
)
def test_submit_command_mistakes_exit_2_without_a_traceback(
    package: Path, args: list[str], message: str
) -> None:
    host = [] if "--host" in args else ["--host", "http://127.0.0.1:9"]
    out = _submit(str(package), *host, *args, cwd=package.parent)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_submit_command_reports_a_refusal_with_exit_1(api: FakeApi, package: Path) -> None:
    serve_experiments(api, existing="Default")
    api.route("POST", "/runs", lambda r: (400, {"code": 3, "message": "bad spec"}))
    out = _submit(str(package), "--host", api.url, cwd=package.parent)
    assert out.returncode == 1
    assert "HTTP 400" in out.stderr and "bad spec" in out.stderr


def test_submit_command_refuses_an_alias_bomb_as_run_does(tmp_path: Path) -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdef", "bcdefg")]
    (tmp_path / "bomb.yaml").write_text("\n".join(rows) + "\n")
    out = _submit("bomb.yaml", "--host", "http://127.0.0.1:9", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "error[KFL011]" in out.stderr and "aliases expand" in out.stderr
