"""``kfp_lite.Client``: hand a compiled pipeline to a Kubeflow Pipelines cluster.

The methods and keywords are those of kfp's ``kfp.Client`` that pipeline files call most, so
``client = kfp.Client(host=...)`` / ``client.create_run_from_pipeline_func(...)`` keep
working after the import changes to kfp_lite. It speaks the REST API (v2beta1) with the
standard library; nothing is contacted until a method is called, so a pipeline file that
builds a client at import time still compiles and checks offline.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import time
import urllib.parse
import warnings
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from .records import ApiRecord
from .transport import ClientError, Transport

ENDPOINT_ENV = "KF_PIPELINES_ENDPOINT"
UI_ENDPOINT_ENV = "KF_PIPELINES_UI_ENDPOINT"
DEFAULT_EXPERIMENT_ENV = "KF_PIPELINES_DEFAULT_EXPERIMENT_NAME"
OVERRIDE_EXPERIMENT_ENV = "KF_PIPELINES_OVERRIDE_EXPERIMENT_NAME"
TOKEN_PATH_ENV = "KF_PIPELINES_SA_TOKEN_PATH"
IN_CLUSTER_HOST = "http://ml-pipeline.{namespace}.svc.cluster.local:8888"
IN_CLUSTER_TOKEN = "/var/run/secrets/kubeflow/pipelines/token"
SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
FINISHED_STATES = frozenset({"SUCCEEDED", "FAILED", "SKIPPED", "CANCELED"})
_EQUALS = 1  # the API's filter operation number for equality


class RunPipelineResult:
    """A submitted run: its id, what the server said, and a way to wait for it."""

    def __init__(self, client: Client, run_info: ApiRecord) -> None:
        self._client = client
        self.run_info = run_info
        self.run_id: str = run_info.run_id

    def wait_for_run_completion(self, timeout: Optional[float] = None) -> ApiRecord:
        return self._client.wait_for_run_completion(self.run_id, timeout)

    def __repr__(self) -> str:
        return f"RunPipelineResult(run_id={self.run_id})"


class Client:
    """A client of the Kubeflow Pipelines API server (REST, v2beta1).

    ``host`` defaults to ``$KF_PIPELINES_ENDPOINT``, then, inside a cluster's pod, to the
    in-cluster service. Authentication: ``existing_token`` (a bearer token), or
    ``credentials`` with a ``get_token()`` method, or inside a pod the token file at
    ``$KF_PIPELINES_SA_TOKEN_PATH`` (default: the path kfp's service account token volume
    uses). Identity-Aware Proxy logins and kubeconfig contexts need Google's and
    Kubernetes' libraries, which kfp_lite does not depend on: pass a token instead.
    """

    def __init__(
        self,
        host: Optional[str] = None,
        client_id: Optional[str] = None,
        namespace: str = "kubeflow",
        other_client_id: Optional[str] = None,
        other_client_secret: Optional[str] = None,
        existing_token: Optional[str] = None,
        cookies: Optional[str] = None,
        proxy: Optional[str] = None,
        ssl_ca_cert: Optional[str] = None,
        kube_context: Optional[str] = None,
        credentials: Any = None,
        ui_host: Optional[str] = None,
        verify_ssl: Optional[bool] = None,
    ) -> None:
        unsupported = {
            "client_id": client_id, "other_client_id": other_client_id,
            "other_client_secret": other_client_secret, "kube_context": kube_context,
        }
        given = [name for name, value in unsupported.items() if value]
        if given:
            raise ClientError(
                f"{', '.join(given)}: Identity-Aware Proxy and kubeconfig logins are not "
                "supported by kfp_lite's client; pass existing_token= (a bearer token) instead"
            )
        in_cluster = os.path.isdir(SERVICE_ACCOUNT_DIR)
        host = host or os.environ.get(ENDPOINT_ENV)
        if not host and in_cluster:
            host = IN_CLUSTER_HOST.format(namespace=namespace)
        if not host:
            raise ClientError(
                f"no Kubeflow Pipelines host: pass Client(host=...) or set ${ENDPOINT_ENV}"
            )
        if not isinstance(host, str):
            raise TypeError(f"Client(host=...) must be a URL string, got {type(host).__name__}")
        if not host.startswith(("http://", "https://")):
            warnings.warn(
                f"the host {host} has no http:// or https:// scheme; using https://",
                stacklevel=2,
            )
            host = "https://" + host
        _check_host(host)
        token = existing_token
        if token is None and credentials is not None:
            token = _token_from_credentials(credentials)
        if token is None and in_cluster:
            token = _read_token(os.environ.get(TOKEN_PATH_ENV, IN_CLUSTER_TOKEN))
        self._namespace = namespace
        self._ui_host = os.environ.get(UI_ENDPOINT_ENV) or ui_host or host
        self._transport = Transport(
            host=host.rstrip("/"), token=token, cookies=cookies, proxy=proxy,
            ssl_ca_cert=ssl_ca_cert, verify_ssl=True if verify_ssl is None else verify_ssl,
        )

    # -- namespace and health ------------------------------------------------------------
    def get_user_namespace(self) -> str:
        return self._namespace

    def set_user_namespace(self, namespace: str) -> None:
        self._namespace = namespace

    def get_kfp_healthz(self) -> ApiRecord:
        return ApiRecord(self._transport.call("GET", "/healthz"))

    # -- experiments ---------------------------------------------------------------------
    def create_experiment(
        self, name: str, description: Optional[str] = None, namespace: Optional[str] = None
    ) -> ApiRecord:
        """The experiment called ``name``, created when it does not exist yet."""
        namespace = namespace or self._namespace
        existing = self._find_experiment(name, namespace)
        if existing is not None:
            return existing
        body = _without_none(display_name=name, description=description, namespace=namespace)
        return ApiRecord(self._transport.call("POST", "/experiments", body=body))

    def get_experiment(
        self,
        experiment_id: Optional[str] = None,
        experiment_name: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> ApiRecord:
        if experiment_id:
            return ApiRecord(self._transport.call("GET", f"/experiments/{_segment(experiment_id)}"))
        if not experiment_name:
            raise ValueError("give experiment_id or experiment_name")
        found = self._find_experiment(experiment_name, namespace or self._namespace)
        if found is None:
            raise ValueError(f"No experiment is found with name {experiment_name}.")
        return found

    def list_experiments(
        self,
        page_token: str = "",
        page_size: int = 10,
        sort_by: str = "",
        namespace: Optional[str] = None,
        filter: Optional[str] = None,  # noqa: A002 - kfp's keyword
    ) -> ApiRecord:
        query = [("page_token", page_token), ("page_size", page_size), ("sort_by", sort_by),
                 ("filter", filter), ("namespace", namespace or self._namespace)]
        return ApiRecord(self._transport.call("GET", "/experiments", query=query))

    def _find_experiment(self, name: str, namespace: Optional[str]) -> Optional[ApiRecord]:
        found = self.list_experiments(
            page_size=2, namespace=namespace, filter=_name_filter(name)
        ).experiments or []
        return found[0] if found else None

    # -- pipelines -----------------------------------------------------------------------
    def upload_pipeline(
        self,
        pipeline_package_path: str,
        pipeline_name: Optional[str] = None,
        description: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> ApiRecord:
        _check_path(pipeline_package_path, "pipeline_package_path")
        name = pipeline_name or Path(pipeline_package_path).name.split(".")[0]
        query = [("name", name), ("display_name", name), ("description", description),
                 ("namespace", namespace)]
        upload = _read_package(pipeline_package_path)
        return ApiRecord(self._transport.call(
            "POST", "/pipelines/upload", query=query, upload=upload))

    def upload_pipeline_version(
        self,
        pipeline_package_path: str,
        pipeline_version_name: str,
        pipeline_id: Optional[str] = None,
        pipeline_name: Optional[str] = None,
        description: Optional[str] = None,
    ) -> ApiRecord:
        if pipeline_id is None and pipeline_name is None:
            raise ValueError("give pipeline_id or pipeline_name")
        if pipeline_id is None:
            pipeline_id = self.get_pipeline_id(pipeline_name or "")
            if pipeline_id is None:
                raise ValueError(f"no pipeline named {pipeline_name!r} on the server")
        query = [("name", pipeline_version_name), ("display_name", pipeline_version_name),
                 ("pipelineid", pipeline_id), ("description", description)]
        upload = _read_package(pipeline_package_path)
        return ApiRecord(self._transport.call(
            "POST", "/pipelines/upload_version", query=query, upload=upload))

    def get_pipeline_id(self, name: str) -> Optional[str]:
        pipelines = self.list_pipelines(page_size=2, filter=_name_filter(name)).pipelines or []
        if len(pipelines) > 1:
            raise ValueError(f"several pipelines are named {name!r}; names must be unique")
        return pipelines[0].pipeline_id if pipelines else None

    def get_pipeline(self, pipeline_id: str) -> ApiRecord:
        return ApiRecord(self._transport.call("GET", f"/pipelines/{_segment(pipeline_id)}"))

    def list_pipelines(
        self,
        page_token: str = "",
        page_size: int = 10,
        sort_by: str = "",
        filter: Optional[str] = None,  # noqa: A002 - kfp's keyword
        namespace: Optional[str] = None,
    ) -> ApiRecord:
        query = [("namespace", namespace), ("page_token", page_token), ("page_size", page_size),
                 ("sort_by", sort_by), ("filter", filter)]
        return ApiRecord(self._transport.call("GET", "/pipelines", query=query))

    # -- runs ----------------------------------------------------------------------------
    def create_run_from_pipeline_func(
        self,
        pipeline_func: Any,
        arguments: Optional[Mapping[str, Any]] = None,
        run_name: Optional[str] = None,
        experiment_name: Optional[str] = None,
        namespace: Optional[str] = None,
        pipeline_root: Optional[str] = None,
        enable_caching: Optional[bool] = None,
        service_account: Optional[str] = None,
        experiment_id: Optional[str] = None,
    ) -> RunPipelineResult:
        """Compile ``pipeline_func`` with kfp_lite, then submit it as a run."""
        from kfp_lite import compiler

        with tempfile.TemporaryDirectory(prefix="kfp-lite-submit-") as folder:
            package = os.path.join(folder, "pipeline.yaml")
            compiler.Compiler().compile(pipeline_func, package)
            return self.create_run_from_pipeline_package(
                package, arguments=arguments, run_name=run_name,
                experiment_name=experiment_name, namespace=namespace,
                pipeline_root=pipeline_root, enable_caching=enable_caching,
                service_account=service_account, experiment_id=experiment_id,
            )

    def create_run_from_pipeline_package(
        self,
        pipeline_file: Union[str, dict],
        arguments: Optional[Mapping[str, Any]] = None,
        run_name: Optional[str] = None,
        experiment_name: Optional[str] = None,
        namespace: Optional[str] = None,
        pipeline_root: Optional[str] = None,
        enable_caching: Optional[bool] = None,
        service_account: Optional[str] = None,
        experiment_id: Optional[str] = None,
    ) -> RunPipelineResult:
        """Submit a compiled pipeline as a run in an experiment (created if needed).

        ``pipeline_file`` is a compiled YAML file or, with kfp_lite, a spec already in memory
        (a PipelineSpec dict, or ``{"pipeline_spec": ..., "platform_spec": ...}``).
        """
        spec = pipeline_file if isinstance(pipeline_file, dict) else read_pipeline_package(
            pipeline_file)
        if experiment_id is None:
            experiment_name = (
                os.environ.get(OVERRIDE_EXPERIMENT_ENV)
                or experiment_name
                or os.environ.get(DEFAULT_EXPERIMENT_ENV)
                or "Default"
            )
            experiment_id = self.create_experiment(experiment_name, namespace=namespace).experiment_id
        if run_name is None:
            run_name = f"{_pipeline_name(spec)} {datetime.datetime.now():%Y-%m-%d %H-%M-%S}"
        run = self.run_pipeline(
            experiment_id, run_name, pipeline_spec=spec, params=arguments,
            pipeline_root=pipeline_root, enable_caching=enable_caching,
            service_account=service_account,
        )
        return RunPipelineResult(self, run)

    def run_pipeline(
        self,
        experiment_id: str,
        job_name: str,
        pipeline_package_path: Optional[str] = None,
        params: Optional[Mapping[str, Any]] = None,
        pipeline_id: Optional[str] = None,
        version_id: Optional[str] = None,
        pipeline_root: Optional[str] = None,
        enable_caching: Optional[bool] = None,
        service_account: Optional[str] = None,
        *,
        pipeline_spec: Optional[dict] = None,
    ) -> ApiRecord:
        """Create a run from a package file (or an already read spec) or a stored version."""
        if pipeline_spec is None and pipeline_package_path is not None:
            pipeline_spec = read_pipeline_package(pipeline_package_path)
        if pipeline_spec is not None and enable_caching is not None:
            pipeline_spec = _with_caching(pipeline_spec, enable_caching)
        reference = None
        if pipeline_id is not None and version_id is not None:
            reference = {"pipeline_id": pipeline_id, "pipeline_version_id": version_id}
        runtime = _without_none(pipeline_root=pipeline_root,
                                parameters=dict(params) if params else None)
        body = _without_none(
            experiment_id=experiment_id, display_name=job_name, pipeline_spec=pipeline_spec,
            pipeline_version_reference=reference, runtime_config=runtime,
            service_account=service_account,
        )
        return ApiRecord(self._transport.call("POST", "/runs", body=body))

    def get_run(self, run_id: str) -> ApiRecord:
        return ApiRecord(self._transport.call("GET", f"/runs/{_segment(run_id)}"))

    def list_runs(
        self,
        page_token: str = "",
        page_size: int = 10,
        sort_by: str = "",
        experiment_id: Optional[str] = None,
        namespace: Optional[str] = None,
        filter: Optional[str] = None,  # noqa: A002 - kfp's keyword
    ) -> ApiRecord:
        query = [("namespace", namespace), ("experiment_id", experiment_id),
                 ("page_token", page_token), ("page_size", page_size), ("sort_by", sort_by),
                 ("filter", filter)]
        return ApiRecord(self._transport.call("GET", "/runs", query=query))

    def terminate_run(self, run_id: str) -> ApiRecord:
        return ApiRecord(self._transport.call("POST", f"/runs/{_segment(run_id)}:terminate"))

    def wait_for_run_completion(
        self, run_id: str, timeout: Optional[float] = None, sleep_duration: float = 5
    ) -> ApiRecord:
        """Poll the run until it finishes; ``TimeoutError`` after ``timeout`` seconds."""
        if isinstance(timeout, datetime.timedelta):
            timeout = timeout.total_seconds()
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
            raise TypeError(f"timeout must be a number of seconds or a timedelta, got {type(timeout).__name__}")
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            run = self.get_run(run_id)
            if run.state in FINISHED_STATES:
                return run
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"run {run_id} did not finish within {timeout} s "
                                   f"(last state: {run.state})")
            time.sleep(sleep_duration)

    def run_url(self, run_id: str) -> str:
        """Where the run is shown in the Kubeflow Pipelines UI."""
        return f"{self._ui_host.rstrip('/')}/#/runs/details/{run_id}"


def read_pipeline_package(path: str) -> dict:
    """The spec as the API takes it: the PipelineSpec, or both documents when there are two."""
    from kfp_lite.ir_schema import SpecFileError, load_spec_file

    _check_path(path, "the pipeline file")
    try:
        documents = [d for d in load_spec_file(path) if d is not None]
    except SpecFileError as exc:
        raise ClientError(str(exc)) from exc  # the cause says whether the YAML was refused
    if not documents or not isinstance(documents[0], dict) or "root" not in documents[0]:
        raise ClientError(f"{path}: not a compiled pipeline (no PipelineSpec 'root')")
    platform: dict = {}
    for extra in documents[1:]:
        if isinstance(extra, dict):
            platform.update(extra)
    return submission(documents[0], platform)


def submission(pipeline_spec: dict, platform_spec: Optional[dict] = None) -> dict:
    """The ``pipeline_spec`` field of a run: the spec alone, or both documents in one object."""
    if not platform_spec:
        return pipeline_spec
    return {"pipeline_spec": pipeline_spec, "platform_spec": platform_spec}


def _pipeline_name(spec: dict) -> str:
    pipeline = spec.get("pipeline_spec", spec)
    return str(pipeline.get("pipelineInfo", {}).get("name", "pipeline"))


def _with_caching(spec: dict, enable: bool) -> dict:
    """A copy whose root-DAG tasks all cache (or not), as kfp's ``enable_caching`` does."""
    copied = json.loads(json.dumps(spec))
    pipeline = copied.get("pipeline_spec", copied)
    for task in pipeline.get("root", {}).get("dag", {}).get("tasks", {}).values():
        task["cachingOptions"] = {"enableCache": True} if enable else {}
    return copied


def _check_path(path: Any, what: str) -> None:
    """A path argument that is no path is the caller's mistake, said in its words."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what} must be a file path, got {type(path).__name__}")


def _read_package(path: str) -> tuple[str, bytes]:
    try:
        return Path(path).name, Path(path).read_bytes()
    except OSError as exc:
        raise ClientError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _read_token(path: str) -> Optional[str]:
    try:
        return Path(path).read_text().strip() or None
    except OSError:
        return None


def _check_host(host: str) -> None:
    """A host URL with no server name or a bad port is the caller's mistake, said at once."""
    try:
        parts = urllib.parse.urlsplit(host)
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError as exc:
        raise ClientError(
            f"the host {host!r} is not a URL ({exc}): give e.g. http://localhost:8080"
        ) from None
    if not parts.hostname:
        raise ClientError(f"the host {host!r} names no server: give e.g. http://localhost:8080")


def _token_from_credentials(credentials: Any) -> Optional[str]:
    get_token = getattr(credentials, "get_token", None)
    if get_token is None:
        raise ClientError("credentials must have a get_token() method returning a bearer token")
    return get_token()


def _name_filter(name: str) -> str:
    return json.dumps({"predicates": [
        {"operation": _EQUALS, "key": "display_name", "stringValue": name}]})


def _segment(value: str) -> str:
    import urllib.parse

    return urllib.parse.quote(str(value), safe="")


def _without_none(**fields: Any) -> dict:
    return {k: v for k, v in fields.items() if v is not None}
