"""The artifact classes and the in-task runtime of lightweight components (stdlib only).

This module is two things at once, so that there is one set of artifact classes:

* ``kfp_lite.dsl`` re-exports its ``Artifact``, ``Dataset``, ..., ``Input``, ``Output``,
  ``InputPath``, ``OutputPath`` and ``PipelineTaskFinalStatus``: what users annotate with at
  authoring time is what their function receives when the task runs.
* Run as a program (``--executor_input JSON --function_to_execute NAME
  --component_module_path FILE``) it speaks KFP's executor protocol: it loads the user's
  function, builds its arguments from the ExecutorInput, calls it and writes the output
  parameter files, artifact payloads and ``executor_output.json``.

With ``--executor embedded`` the compiler ships this file, stripped of docstrings and
comments and compressed, inside every lightweight component (``compiler/embedded_runtime.py``),
so it must run in a stock ``python:3.x`` image: it imports only the standard library. Before
the user's module loads, stand-in ``kfp``/``kfp.dsl`` and ``kfp_lite``/``kfp_lite.dsl`` modules
are registered so that kfp's import preamble works with neither package installed.

Lines between ``# [section NAME]`` and ``# [end]`` are shipped only to components whose source
mentions NAME (never, for a NAME starting with ``_``); code outside a section uses its names
only on paths that NAME leads to.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import types
import typing
from typing import Any, Dict, List, Optional

__all__ = [
    "HTML", "Artifact", "ClassificationMetrics", "Dataset", "EmbeddedInput", "Executor", "Input",
    "InputPath", "run_notebook",
    "Markdown", "Metrics", "Model", "Output", "OutputPath", "PipelineTaskFinalStatus",
    "SlicedClassificationMetrics", "get_uri", "main",
]

_MOUNTS = (("gs://", "/gcs/"), ("s3://", "/s3/"), ("minio://", "/minio/"))


def local_path_of(uri: str) -> str:
    """Where a remote URI is mounted inside the task (the launcher's FUSE conventions)."""
    for prefix, mount in _MOUNTS:
        if uri.startswith(prefix):
            return mount + uri[len(prefix):]
    if uri.startswith("oci://"):
        return "/oci/" + uri[6:].replace("/", "_")
    if uri.startswith("file://"):
        return uri[7:]
    return uri


def remote_uri_of(path: str) -> str:
    """The inverse of ``local_path_of`` for paths under a known mount."""
    for prefix, mount in _MOUNTS:
        if path.startswith(mount):
            return prefix + path[len(mount):]
    return path


class Artifact:
    """A file or directory produced or consumed by a task, with its URI and metadata."""

    schema_title = "system.Artifact"
    schema_version = "0.0.1"

    def __init__(self, name: Optional[str] = None, uri: Optional[str] = None,
                 metadata: Optional[dict] = None) -> None:
        self.name = name or ""
        self.uri = uri or ""
        self.metadata = metadata if metadata is not None else {}
        self.custom_path = ""

    @property
    def path(self) -> str:
        if self.custom_path:
            return self.custom_path
        path = local_path_of(self.uri)
        if self.metadata.get("_kfp_workspace") is True:
            path = os.path.join("/kfp-workspace/.artifacts", path.lstrip("/"))
        if self.uri.startswith("oci://") and isinstance(self, Model):
            path += "/models"
        return path

    @path.setter
    def path(self, path: str) -> None:
        self.uri = remote_uri_of(path)


    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, uri={self.uri!r}, metadata={self.metadata!r})"


class Dataset(Artifact):
    schema_title = "system.Dataset"


class Model(Artifact):
    schema_title = "system.Model"


# [section set_path]
def _set_path(self: Artifact, path: str) -> None:
    """Use ``path`` instead of the URI's mount (reported to the backend as custom_path)."""
    self.custom_path = path


Artifact.set_path = _set_path  # type: ignore[attr-defined]
# [end]


# [section framework]
def _get_framework(self: Model) -> str:
    return self.metadata.get("framework", "")


def _set_framework(self: Model, value: str) -> None:
    self.metadata["framework"] = value


Model.framework = property(_get_framework, _set_framework)  # type: ignore[attr-defined]
# [end]


class Metrics(Artifact):
    schema_title = "system.Metrics"

    def log_metric(self, metric: str, value: float) -> None:
        self.metadata[metric] = value


class HTML(Artifact):
    schema_title = "system.HTML"


class Markdown(Artifact):
    schema_title = "system.Markdown"


# [section ClassificationMetrics]
class ClassificationMetrics(Artifact):
    """ROC curves and confusion matrices, in the metadata layout KFP's UI reads."""

    schema_title = "system.ClassificationMetrics"

    def log_roc_data_point(self, fpr: float, tpr: float, threshold: float) -> None:
        self.metadata.setdefault("confidenceMetrics", []).append(
            {"confidenceThreshold": threshold, "recall": tpr, "falsePositiveRate": fpr})

    def log_roc_curve(self, fpr: List[float], tpr: List[float], threshold: List[float]) -> None:
        if not len(fpr) == len(tpr) == len(threshold):
            raise ValueError("fpr, tpr and threshold must have the same length")
        for point in zip(fpr, tpr, threshold):
            self.log_roc_data_point(*point)

    def log_roc_reading(self, threshold: float, tpr: float, fpr: float) -> None:
        self.log_roc_data_point(fpr, tpr, threshold)

    def load_roc_readings(self, readings: List[List[float]]) -> None:
        for threshold, tpr, fpr in readings:
            self.log_roc_data_point(fpr, tpr, threshold)

    def set_confusion_matrix_categories(self, categories: List[str]) -> None:
        self._categories = list(categories)
        self.metadata["confusionMatrix"] = {
            "annotationSpecs": [{"displayName": c} for c in categories],
            "rows": [{"row": [0] * len(categories)} for _ in categories]}

    def _index(self, category: str) -> int:
        categories = getattr(self, "_categories", [])
        if category not in categories:
            raise ValueError(f"unknown category {category!r}; set the categories first")
        return categories.index(category)

    def log_confusion_matrix_row(self, row_category: str, row: List[float]) -> None:
        if len(row) != len(self._categories):
            raise ValueError(f"the row has {len(row)} values for {len(self._categories)} categories")
        self.metadata["confusionMatrix"]["rows"][self._index(row_category)] = {"row": list(row)}

    def log_confusion_matrix_cell(self, row_category: str, col_category: str, value: int) -> None:
        rows = self.metadata["confusionMatrix"]["rows"]
        rows[self._index(row_category)]["row"][self._index(col_category)] = value

    def log_confusion_matrix(self, categories: List[str], matrix: List[List[int]]) -> None:
        self.set_confusion_matrix_categories(categories)
        if len(matrix) != len(categories):
            raise ValueError("the matrix does not fit the categories")
        for category, row in zip(categories, matrix):
            self.log_confusion_matrix_row(category, row)
# [end]


# [section SlicedClassificationMetrics]
class SlicedClassificationMetrics(Artifact):
    """Classification metrics per slice of the data."""

    schema_title = "system.SlicedClassificationMetrics"

    def _call(self, method: str, slice: str, *args: Any) -> None:
        slices = self.__dict__.setdefault("_slices", {})
        getattr(slices.setdefault(slice, ClassificationMetrics()), method)(*args)
        self.metadata["evaluationSlices"] = [
            {"slice": name, "sliceClassificationMetrics": m.metadata} for name, m in slices.items()]

    def log_roc_reading(self, slice: str, threshold: float, tpr: float, fpr: float) -> None:
        self._call("log_roc_reading", slice, threshold, tpr, fpr)

    def load_roc_readings(self, slice: str, readings: List[List[float]]) -> None:
        self._call("load_roc_readings", slice, readings)

    def set_confusion_matrix_categories(self, slice: str, categories: List[str]) -> None:
        self._call("set_confusion_matrix_categories", slice, categories)

    def log_confusion_matrix_row(self, slice: str, row_category: str, row: List[int]) -> None:
        self._call("log_confusion_matrix_row", slice, row_category, row)

    def log_confusion_matrix_cell(self, slice: str, row_category: str, col_category: str,
                                  value: int) -> None:
        self._call("log_confusion_matrix_cell", slice, row_category, col_category, value)

    def load_confusion_matrix(self, slice: str, categories: List[str],
                              matrix: List[List[int]]) -> None:
        self._call("log_confusion_matrix", slice, categories, matrix)
# [end]


class _Marker:
    """The direction of ``Input[...]``/``Output[...]``, kept as ``Annotated`` metadata."""

    def __init__(self, direction: str) -> None:
        self.direction = direction


_INPUT = _Marker("input")
_OUTPUT = _Marker("output")


class Input:
    """``Input[Dataset]``: an artifact the task reads."""

    def __class_getitem__(cls, item: Any) -> Any:
        return typing.Annotated[item, _INPUT]


class Output:
    """``Output[Model]``: an artifact the task writes."""

    def __class_getitem__(cls, item: Any) -> Any:
        return typing.Annotated[item, _OUTPUT]


# [section EmbeddedInput]
class EmbeddedInput:
    """``EmbeddedInput[Dataset]``: the files embedded in the component, unpacked at start."""

    def __class_getitem__(cls, item: Any) -> Any:
        return typing.Annotated[item, _Marker("embedded")]
# [end]


# [section run_notebook]
def run_notebook(**_parameters: Any) -> None:
    """Bound to the notebook runner by a notebook component's own source."""
    raise NotImplementedError("dsl.run_notebook runs only inside a @dsl.notebook_component")
# [end]


def marker_of(annotation: Any) -> Optional[str]:
    """``"input"``/``"output"``/``"embedded"`` for ``Input[...]``, ``Output[...]``,
    ``EmbeddedInput[...]`` (and kfp's ``Annotated[..., InputAnnotation]``), else None."""
    for extra in getattr(annotation, "__metadata__", ()):
        name = getattr(extra, "direction", None) or getattr(extra, "__name__", "")
        for direction in ("input", "output", "embedded"):
            if name in (direction, direction.capitalize() + "Annotation"):
                return direction
    return None


class InputPath:
    """``InputPath('Dataset')`` / ``InputPath(str)``: the task reads a local file."""

    def __init__(self, type: Any = None) -> None:
        self.type = type

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.type!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.type == self.type  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self.type)))


class OutputPath(InputPath):
    """``OutputPath(int)`` / ``OutputPath('Model')``: the task writes a local file."""


# [section PipelineTaskFinalStatus]
class PipelineTaskFinalStatus:
    """The final state of the tasks an exit handler guards."""

    def __init__(self, state: str = "", pipeline_job_resource_name: str = "",
                 pipeline_task_name: str = "", error_code: Optional[int] = None,
                 error_message: Optional[str] = None) -> None:
        self.state = state
        self.pipeline_job_resource_name = pipeline_job_resource_name
        self.pipeline_task_name = pipeline_task_name
        self.error_code = error_code
        self.error_message = error_message


def _final_status(value: Any) -> PipelineTaskFinalStatus:
    value = value if isinstance(value, dict) else {}
    error = value.get("error") or {}
    return PipelineTaskFinalStatus(
        value.get("state") or "",
        value.get("pipelineJobResourceName") or value.get("pipeline_job_resource_name"),
        value.get("pipelineTaskName") or value.get("pipeline_task_name"),
        error.get("code"), error.get("message"))
# [end]


# [section get_uri]
def get_uri(suffix: str = "Output") -> str:
    """A URI under the running task's output folder, for artifacts a function returns."""
    root = os.environ.get("_KFP_LITE_TASK_ROOT")
    if not root:
        raise RuntimeError("dsl.get_uri() works only while a task runs, inside a component")
    return remote_uri_of(os.path.join(root, suffix))
# [end]


# [section _authoring]
def _artifact_repr(self: Artifact) -> str:
    return f"{type(self).__name__}(name={self.name!r}, uri={self.uri!r}, metadata={self.metadata!r})"


def _path_repr(self: InputPath) -> str:
    return f"{type(self).__name__}({self.type!r})"


def _path_eq(self: InputPath, other: object) -> bool:
    return type(other) is type(self) and other.type == self.type  # type: ignore[attr-defined]


Artifact.__repr__ = _artifact_repr  # type: ignore[method-assign]
_Marker.__repr__ = lambda self: self.direction.capitalize()  # type: ignore[method-assign]
InputPath.__repr__ = _path_repr  # type: ignore[method-assign]
InputPath.__eq__ = _path_eq  # type: ignore[method-assign,assignment]
InputPath.__hash__ = lambda self: hash((type(self).__name__, repr(self.type)))  # type: ignore[method-assign]
# [end]


_PARAMETER_TYPES = (str, int, float, bool, dict, list)


def _strip_optional(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if typing.get_origin(annotation) is typing.Union and len(args) == 1 else annotation


def _inner(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if hasattr(annotation, "__metadata__") else annotation


def _is_artifact_class(obj: Any) -> bool:
    return isinstance(obj, type) and isinstance(getattr(obj, "schema_title", None), str)


def _parameter_base(annotation: Any) -> Optional[type]:
    origin = typing.get_origin(annotation) or annotation
    return origin if origin in _PARAMETER_TYPES else None


def _makedirs_for(path: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _write(path: str, text: str) -> None:
    _makedirs_for(path)
    with open(path, "w") as f:
        f.write(text)


class Executor:
    """Calls one component function as the ExecutorInput describes and records its outputs."""

    def __init__(self, executor_input: Dict[str, Any], func: Any) -> None:
        self.func = getattr(func, "python_func", func)
        self.inputs = executor_input.get("inputs") or {}
        self.outputs = executor_input.get("outputs") or {}
        if self.outputs.get("outputFile"):
            os.environ["_KFP_LITE_TASK_ROOT"] = os.path.dirname(self.outputs["outputFile"])
        try:
            self.hints = typing.get_type_hints(self.func, include_extras=True)
        except Exception:  # unresolvable string annotations: use the raw ones
            self.hints = dict(getattr(self.func, "__annotations__", {}))
        self.classes = {c.schema_title: c for c in globals().values() if _is_artifact_class(c)}
        self.artifacts: Dict[str, Any] = {}
        self.values: Dict[str, Any] = {}
        for name, entry in (self.outputs.get("artifacts") or {}).items():
            if entry.get("artifacts"):
                artifact = self._artifact(_inner(self.hints.get(name)), entry["artifacts"][0])
                _makedirs_for(artifact.path)
                self.artifacts[name] = artifact

    def _artifact(self, annotation: Any, runtime: Dict[str, Any]) -> Any:
        """A known schemaTitle wins over the annotation (an Input[Artifact] gets a Dataset)."""
        title = (runtime.get("type") or {}).get("schemaTitle")
        cls = annotation if _is_artifact_class(annotation) else Artifact
        if title in self.classes and getattr(cls, "schema_title", None) != title:
            cls = self.classes[title]
        return cls(runtime.get("name", ""), runtime.get("uri", ""), dict(runtime.get("metadata") or {}))

    def _argument(self, name: str, annotation: Any) -> Any:
        """The value for one argument, or ``inspect.Parameter.empty`` to use the default."""
        annotation = _strip_optional(annotation)
        params = self.inputs.get("parameterValues") or {}
        given = (self.inputs.get("artifacts") or {}).get(name)
        runtimes = (given or {}).get("artifacts") or []
        marker, inner = marker_of(annotation), _inner(annotation)
        if isinstance(annotation, OutputPath):
            if name in self.artifacts:
                return self.artifacts[name].path
            path = self.outputs["parameters"][name]["outputFile"]
            _makedirs_for(path)
            return path
        if marker == "output":
            return self.artifacts.get(name)
        if marker == "embedded":  # the files the component's source unpacked when it loaded
            found = self.func.__globals__
            path = found.get("__KFP_EMBEDDED_ASSET_FILE") or found.get("__KFP_EMBEDDED_ASSET_DIR")
            if not path:
                raise RuntimeError(f"EmbeddedInput '{name}': the component embeds no files")
            return self._artifact(inner, {"name": name, "uri": path})
        if isinstance(annotation, InputPath):
            if runtimes:
                return Artifact(None, runtimes[0].get("uri"), runtimes[0].get("metadata")).path
            if name in params:  # InputPath(int) of a parameter: the value in a file
                import tempfile

                path = os.path.join(tempfile.mkdtemp(), name)
                _write(path, _text(params[name]))
                return path
            return inspect.Parameter.empty
        if typing.get_origin(inner) in (list, List) and (marker or _is_artifact_class(
                _inner((typing.get_args(inner) or [Artifact])[0]))):
            item = _inner((typing.get_args(inner) or [Artifact])[0])
            return [self._artifact(item, r) for r in runtimes]
        if marker or _is_artifact_class(inner):
            if runtimes:
                return self._artifact(inner, runtimes[0])
            return None if given is not None else inspect.Parameter.empty
        if getattr(inner, "__name__", "") == "PipelineTaskFinalStatus":
            return _final_status(params.get(name))
        if name not in params:
            return inspect.Parameter.empty
        return _coerce(params[name], _parameter_base(annotation))

    def execute(self) -> None:
        signature = inspect.signature(self.func)
        kwargs = {}
        for name, parameter in signature.parameters.items():
            value = self._argument(name, self.hints.get(name, parameter.annotation))
            if value is not inspect.Parameter.empty:
                kwargs[name] = value
        result = self.func(**kwargs)
        annotation = self.hints.get("return", signature.return_annotation)
        fields = getattr(annotation, "_fields", None)
        if annotation in (inspect.Signature.empty, None, type(None)) or (
                result is None and _strip_optional(annotation) is not annotation):
            pass
        elif fields is not None:
            if len(result) != len(fields):
                raise RuntimeError(f"{self.func.__name__} returned {len(result)} values, "
                                   f"expected {len(fields)} ({', '.join(fields)})")
            types_ = typing.get_type_hints(annotation, include_extras=True)
            for index, field in enumerate(fields):
                self._record(field, types_.get(field), result[index])
        else:
            self._record("Output", annotation, result)
        self._write_executor_output()

    def _record(self, name: str, annotation: Any, value: Any) -> None:
        annotation = _strip_optional(_inner(annotation))
        if _is_artifact_class(annotation) or name in self.artifacts:
            if _is_artifact_class(type(value)):
                declared = self.artifacts.get(name)
                value.name = value.name or (declared.name if declared else "")
                self.artifacts[name] = value
            else:
                _write(self.artifacts[name].path, str(value))
            return
        base = _parameter_base(annotation)
        if base and (not isinstance(value, (int, float) if base is float else base)
                     or (base is int and isinstance(value, bool))):
            raise ValueError(f"{self.func.__name__} returned {type(value).__name__} for output {name!r}, expected {base.__name__}")
        self.values[name] = value
        file = (self.outputs.get("parameters") or {}).get(name, {}).get("outputFile")
        if file:
            _write(file, _text(value))

    def _write_executor_output(self) -> None:
        output: Dict[str, Any] = {}
        if self.values:
            output["parameterValues"] = self.values
        if self.artifacts:
            output["artifacts"] = {}
            for name, a in self.artifacts.items():
                runtime = {"name": a.name, "uri": a.uri, "metadata": a.metadata}
                if a.custom_path:
                    runtime["custom_path"] = a.custom_path
                output["artifacts"][name] = {"artifacts": [runtime]}
        role = (json.loads(os.environ.get("CLUSTER_SPEC") or "{}").get("task") or {}).get("type")
        path = self.outputs.get("outputFile")
        if path and role in (None, "workerpool0", "chief", "master"):
            _write(path, json.dumps(output))


def _coerce(value: Any, base: Optional[type]) -> Any:
    """Turn a JSON value into what the annotation asks for (protobuf numbers are doubles)."""
    if base is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if base is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if base in (list, dict) and isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, base) else value
    if base is bool and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _inert(func: Any = None, **_options: Any) -> Any:
    """Inside a task, decorators are inert: the function itself is what runs."""
    return func if func is not None else (lambda f: f)


def install_standin_modules() -> None:
    """Register ``kfp``/``kfp.dsl`` and ``kfp_lite``/``kfp_lite.dsl`` with this runtime's names."""
    names = {n: v for n, v in globals().items()
             if _is_artifact_class(v) or n in ("Input", "Output", "InputPath", "OutputPath",
                                                "PipelineTaskFinalStatus", "get_uri",
                                                "EmbeddedInput", "run_notebook")}
    names.update(component=_inert, container_component=_inert, pipeline=_inert,
                 notebook_component=_inert)
    for package in ("kfp", "kfp_lite"):
        dsl = types.ModuleType(package + ".dsl")
        dsl.__dict__.update(names)
        dsl.__all__ = list(names)
        module = types.ModuleType(package)
        module.__path__ = []
        module.dsl = dsl
        sys.modules[package] = module
        sys.modules[package + ".dsl"] = dsl


def main(argv: Optional[List[str]] = None) -> int:
    """``[SOURCE] --executor_input JSON --function_to_execute NAME [--component_module_path F]``.

    The embedded command passes the component's source first; it is written to a file so that
    tracebacks and ``inspect`` see the user's code.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) % 2:
        import tempfile

        argv += ["--component_module_path", os.path.join(tempfile.mkdtemp(), "ephemeral_component.py")]
        _write(argv[-1], argv.pop(0))
    args = dict(zip(argv[::2], argv[1::2]))
    install_standin_modules()
    import importlib.util

    path = args["--component_module_path"]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location("ephemeral_component", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    Executor(json.loads(args["--executor_input"]), getattr(module, args["--function_to_execute"])).execute()
    return 0


if __name__ == "__main__":
    sys.exit(main())
