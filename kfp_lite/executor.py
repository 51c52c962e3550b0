"""The in-task runtime of lightweight Python components: KFP's executor protocol, stdlib only.

This file is embedded verbatim in every compiled lightweight component (see
``compiler/python_command.py``), so it must run in a stock ``python:3.x`` image: it imports
nothing outside the standard library and nothing else of kfp_lite. Run as a program it takes
``--executor_input JSON --function_to_execute NAME [--component_module_path FILE]``, loads
the user's function, builds its arguments from the ExecutorInput, calls it and writes output
parameter files, artifact payloads and ``executor_output.json`` (ExecutorOutput keys only).

Before the user's module loads, stand-in ``kfp_lite`` and ``kfp_lite.dsl`` modules are put in
``sys.modules`` so that ``from kfp_lite import dsl`` / ``from kfp_lite.dsl import *`` work in a
container where kfp_lite is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import sys
import types
import typing
from typing import Any, Dict, List, Optional

__all__ = [
    "HTML",
    "Artifact",
    "ClassificationMetrics",
    "Dataset",
    "Executor",
    "Input",
    "InputPath",
    "Markdown",
    "Metrics",
    "Model",
    "Output",
    "OutputPath",
    "PipelineTaskFinalStatus",
    "SlicedClassificationMetrics",
    "get_uri",
    "main",
]

_REMOTE_MOUNTS = (("gs://", "/gcs/"), ("s3://", "/s3/"), ("minio://", "/minio/"))
_WORKSPACE_MOUNT = "/kfp-workspace"


def local_path_of(uri: str) -> str:
    """Where a remote URI is mounted inside the task (the launcher's FUSE conventions)."""
    for prefix, mount in _REMOTE_MOUNTS:
        if uri.startswith(prefix):
            return mount + uri[len(prefix) :]
    if uri.startswith("oci://"):
        return "/oci/" + uri[len("oci://") :].replace("/", "_")
    if uri.startswith("file://"):
        return uri[len("file://") :]
    return uri


def remote_uri_of(path: str) -> str:
    """The inverse of ``local_path_of`` for paths under a known mount."""
    for prefix, mount in _REMOTE_MOUNTS:
        if path.startswith(mount):
            return prefix + path[len(mount) :]
    return path


# The directory of the running task's executor_output.json (set when an Executor starts).
_TASK_ROOT: List[str] = []


def get_uri(suffix: str = "Output") -> str:
    """A URI under the running task's output folder, for artifacts a function returns."""
    if not _TASK_ROOT:
        raise RuntimeError("dsl.get_uri() works only inside a running task")
    return remote_uri_of(os.path.join(_TASK_ROOT[-1], suffix))


# --------------------------------------------------------------------------- artifacts


class Artifact:
    """A file or directory produced or consumed by a task, with its URI and metadata."""

    schema_title = "system.Artifact"
    schema_version = "0.0.1"

    def __init__(
        self, name: Optional[str] = None, uri: Optional[str] = None, metadata: Optional[dict] = None
    ) -> None:
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
            path = os.path.join(_WORKSPACE_MOUNT, ".artifacts", path.lstrip("/"))
        return path

    @path.setter
    def path(self, path: str) -> None:
        self.uri = remote_uri_of(path)

    def set_path(self, path: str) -> None:
        """Use ``path`` instead of the URI's mount (reported to the backend as custom_path)."""
        self.custom_path = path

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, uri={self.uri!r}, metadata={self.metadata!r})"


class Dataset(Artifact):
    schema_title = "system.Dataset"


class Model(Artifact):
    schema_title = "system.Model"

    @property
    def framework(self) -> str:
        return self.metadata.get("framework", "")

    @framework.setter
    def framework(self, value: str) -> None:
        self.metadata["framework"] = value

    @property
    def path(self) -> str:
        path = Artifact.path.fget(self)
        return path + "/models" if self.uri.startswith("oci://") else path

    @path.setter
    def path(self, path: str) -> None:
        self.uri = remote_uri_of(path)


class Metrics(Artifact):
    schema_title = "system.Metrics"

    def log_metric(self, metric: str, value: float) -> None:
        self.metadata[metric] = value


class ClassificationMetrics(Artifact):
    schema_title = "system.ClassificationMetrics"

    def log_roc_data_point(self, fpr: float, tpr: float, threshold: float) -> None:
        point = {"confidenceThreshold": threshold, "recall": tpr, "falsePositiveRate": fpr}
        self.metadata.setdefault("confidenceMetrics", []).append(point)

    def log_roc_curve(self, fpr: List[float], tpr: List[float], threshold: List[float]) -> None:
        if not len(fpr) == len(tpr) == len(threshold):
            raise ValueError(
                "fpr, tpr and threshold must have the same length, got "
                f"{len(fpr)}, {len(tpr)} and {len(threshold)}"
            )
        for f, t, th in zip(fpr, tpr, threshold):
            self.log_roc_data_point(fpr=f, tpr=t, threshold=th)

    def log_roc_reading(self, threshold: float, tpr: float, fpr: float) -> None:
        self.log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)

    def load_roc_readings(self, readings: List[List[float]]) -> None:
        for threshold, tpr, fpr in readings:
            self.log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)

    def set_confusion_matrix_categories(self, categories: List[str]) -> None:
        self._categories = list(categories)
        rows = [{"row": [0] * len(categories)} for _ in categories]
        self.metadata["confusionMatrix"] = {
            "annotationSpecs": [{"displayName": c} for c in categories],
            "rows": rows,
        }

    def _index(self, category: str) -> int:
        categories = getattr(self, "_categories", None)
        if categories is None:
            raise ValueError("call set_confusion_matrix_categories() first")
        if category not in categories:
            raise ValueError(f"invalid category {category!r}, expected one of {categories}")
        return categories.index(category)

    def log_confusion_matrix_row(self, row_category: str, row: List[float]) -> None:
        index = self._index(row_category)
        if len(row) != len(self._categories):
            raise ValueError(f"row has {len(row)} values, expected {len(self._categories)}")
        self.metadata["confusionMatrix"]["rows"][index] = {"row": list(row)}

    def log_confusion_matrix_cell(self, row_category: str, col_category: str, value: int) -> None:
        row, col = self._index(row_category), self._index(col_category)
        self.metadata["confusionMatrix"]["rows"][row]["row"][col] = value

    def log_confusion_matrix(self, categories: List[str], matrix: List[List[int]]) -> None:
        self.set_confusion_matrix_categories(categories)
        if len(matrix) != len(categories) or any(len(r) != len(categories) for r in matrix):
            raise ValueError(f"matrix {matrix} does not fit categories {categories}")
        for category, row in zip(categories, matrix):
            self.log_confusion_matrix_row(category, row)


class SlicedClassificationMetrics(Artifact):
    schema_title = "system.SlicedClassificationMetrics"

    def _slice(self, name: str) -> ClassificationMetrics:
        slices = self.__dict__.setdefault("_slices", {})
        if name not in slices:
            slices[name] = ClassificationMetrics()
        return slices[name]

    def _sync(self) -> None:
        self.metadata["evaluationSlices"] = [
            {"slice": name, "sliceClassificationMetrics": m.metadata}
            for name, m in self.__dict__["_slices"].items()
        ]

    def log_roc_reading(self, slice: str, threshold: float, tpr: float, fpr: float) -> None:
        self._slice(slice).log_roc_reading(threshold, tpr, fpr)
        self._sync()

    def load_roc_readings(self, slice: str, readings: List[List[float]]) -> None:
        self._slice(slice).load_roc_readings(readings)
        self._sync()

    def set_confusion_matrix_categories(self, slice: str, categories: List[str]) -> None:
        self._slice(slice).set_confusion_matrix_categories(categories)
        self._sync()

    def log_confusion_matrix_row(self, slice: str, row_category: str, row: List[int]) -> None:
        self._slice(slice).log_confusion_matrix_row(row_category, row)
        self._sync()

    def log_confusion_matrix_cell(
        self, slice: str, row_category: str, col_category: str, value: int
    ) -> None:
        self._slice(slice).log_confusion_matrix_cell(row_category, col_category, value)
        self._sync()

    def load_confusion_matrix(
        self, slice: str, categories: List[str], matrix: List[List[int]]
    ) -> None:
        self._slice(slice).log_confusion_matrix(categories, matrix)
        self._sync()


class HTML(Artifact):
    schema_title = "system.HTML"


class Markdown(Artifact):
    schema_title = "system.Markdown"


_ARTIFACT_CLASSES: Dict[str, type] = {
    c.schema_title: c
    for c in (
        Artifact,
        Dataset,
        Model,
        Metrics,
        ClassificationMetrics,
        SlicedClassificationMetrics,
        HTML,
        Markdown,
    )
}


# --------------------------------------------------------------------------- annotations


class _Marker:
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return self.kind


_INPUT = _Marker("Input")
_OUTPUT = _Marker("Output")


class Input:
    """``Input[Dataset]``: an artifact the task reads."""

    def __class_getitem__(cls, item: Any) -> Any:
        return typing.Annotated[item, _INPUT]


class Output:
    """``Output[Model]``: an artifact the task writes."""

    def __class_getitem__(cls, item: Any) -> Any:
        return typing.Annotated[item, _OUTPUT]


_EMBEDDED = _Marker("EmbeddedInput")


class EmbeddedInput:
    """``EmbeddedInput[Dataset]``: the files embedded in the component, unpacked at start."""

    def __class_getitem__(cls, item: Any) -> Any:
        return typing.Annotated[item, _EMBEDDED]


def run_notebook(**_parameters: Any) -> None:
    """Bound to the notebook runner by a notebook component's own source."""
    raise NotImplementedError("dsl.run_notebook runs only inside a @dsl.notebook_component")


class InputPath:
    """``InputPath('Dataset')``: the local path of an input artifact."""

    def __init__(self, type: Any = None) -> None:
        self.type = type


class OutputPath:
    """``OutputPath(int)`` / ``OutputPath('Model')``: the path the task writes an output to."""

    def __init__(self, type: Any = None) -> None:
        self.type = type


class PipelineTaskFinalStatus:
    """The final state of the tasks an exit handler guards."""

    def __init__(
        self,
        state: str = "",
        pipeline_job_resource_name: str = "",
        pipeline_task_name: str = "",
        error_code: Optional[int] = None,
        error_message: Optional[str] = None,
    ) -> None:
        self.state = state
        self.pipeline_job_resource_name = pipeline_job_resource_name
        self.pipeline_task_name = pipeline_task_name
        self.error_code = error_code
        self.error_message = error_message

    @classmethod
    def from_value(cls, value: Any) -> PipelineTaskFinalStatus:
        value = value if isinstance(value, dict) else {}
        error = value.get("error") or {}

        def pick(*keys: str) -> Any:
            for key in keys:
                if value.get(key) is not None:
                    return value[key]
            return None

        return cls(
            state=pick("state") or "",
            pipeline_job_resource_name=pick(
                "pipelineJobResourceName", "pipeline_job_resource_name"
            ),
            pipeline_task_name=pick("pipelineTaskName", "pipeline_task_name"),
            error_code=error.get("code"),
            error_message=error.get("message"),
        )


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _marker_of(annotation: Any) -> Optional[_Marker]:
    if typing.get_origin(annotation) is typing.Annotated:
        for extra in annotation.__metadata__:
            if isinstance(extra, _Marker):
                return extra
            # annotations made by another copy of this module (or by kfp_lite.dsl)
            kind = getattr(extra, "kind", None) or type(extra).__name__
            if kind in ("EmbeddedInput", "EmbeddedAnnotation"):
                return _EMBEDDED
            if kind in ("Input", "Output", "InputAnnotation", "OutputAnnotation"):
                return _INPUT if kind.startswith("Input") else _OUTPUT
    return None


def _inner(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _list_item(annotation: Any) -> Optional[Any]:
    """The item type of ``List[X]`` / ``list[X]``, else None."""
    if typing.get_origin(annotation) in (list, List):
        args = typing.get_args(annotation)
        return args[0] if args else Artifact
    return None


def _is_artifact_class(obj: Any) -> bool:
    return isinstance(obj, type) and isinstance(getattr(obj, "schema_title", None), str)


def _artifact_class(annotation: Any, runtime: Dict[str, Any]) -> type:
    """Choose the class of an artifact: a known schemaTitle wins, then the annotation."""
    title = (runtime.get("type") or {}).get("schemaTitle", "")
    if title in _ARTIFACT_CLASSES and not (
        _is_artifact_class(annotation) and annotation.schema_title == title
    ):
        return _ARTIFACT_CLASSES[title]
    if _is_artifact_class(annotation):
        return annotation
    if isinstance(annotation, str):
        name = annotation.split("@")[0].split(".")[-1]
        for cls in _ARTIFACT_CLASSES.values():
            if cls.__name__ == name:
                return cls
    return Artifact


def _make_artifact(annotation: Any, runtime: Dict[str, Any]) -> Any:
    cls = _artifact_class(annotation, runtime)
    fields = {
        "name": runtime.get("name", ""),
        "uri": runtime.get("uri", ""),
        "metadata": dict(runtime.get("metadata") or {}),
    }
    maker = getattr(cls, "_from_executor_fields", None)
    return maker(**fields) if maker else cls(**fields)


_PARAM_TYPES = (str, int, float, bool, dict, list)


def _param_base(annotation: Any) -> Optional[type]:
    annotation = _strip_optional(annotation)
    origin = typing.get_origin(annotation) or annotation
    if origin in (List, list):
        return list
    if origin in (Dict, dict):
        return dict
    if origin in _PARAM_TYPES:
        return origin
    return None


def _coerce_parameter(value: Any, annotation: Any) -> Any:
    """Turn a JSON value into what the annotation asks for (protobuf numbers are doubles)."""
    base = _param_base(annotation)
    if value is None or base is None:
        return value
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


def _serialize_parameter(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _makedirs_for(path: str) -> None:
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)


# --------------------------------------------------------------------------- executor


class Executor:
    """Calls one component function as the ExecutorInput describes and records its outputs."""

    def __init__(self, executor_input: Dict[str, Any], func: Any) -> None:
        self.executor_input = executor_input
        self.func = getattr(func, "python_func", func)
        self.inputs = executor_input.get("inputs") or {}
        self.outputs = executor_input.get("outputs") or {}
        if self.outputs.get("outputFile"):
            _TASK_ROOT.append(os.path.dirname(self.outputs["outputFile"]))
        self.hints = self._type_hints()
        self.output_artifacts: Dict[str, Any] = {}
        self.parameter_values: Dict[str, Any] = {}
        for name, entry in (self.outputs.get("artifacts") or {}).items():
            runtimes = entry.get("artifacts") or []
            if runtimes:
                artifact = _make_artifact(_inner(self.hints.get(name)), runtimes[0])
                _makedirs_for(artifact.path)
                self.output_artifacts[name] = artifact

    def _type_hints(self) -> Dict[str, Any]:
        try:
            return typing.get_type_hints(self.func, include_extras=True)
        except Exception:  # unresolvable string annotations: fall back to the raw ones
            return dict(getattr(self.func, "__annotations__", {}))

    def _input_artifacts(self, name: str) -> List[Any]:
        entry = (self.inputs.get("artifacts") or {}).get(name) or {}
        return entry.get("artifacts") or []

    def _argument(self, name: str, annotation: Any) -> Any:
        """The value for one function argument, or ``inspect.Parameter.empty`` to use the default."""
        annotation = _strip_optional(annotation)
        params = self.inputs.get("parameterValues") or {}
        marker = _marker_of(annotation)
        inner = _inner(annotation)
        if marker is _OUTPUT or (marker is None and isinstance(annotation, OutputPath)):
            if isinstance(annotation, OutputPath):
                out_param = (self.outputs.get("parameters") or {}).get(name)
                if out_param is not None and name not in self.output_artifacts:
                    path = out_param["outputFile"]
                    _makedirs_for(path)
                    return path
                return self.output_artifacts[name].path
            return self.output_artifacts.get(name)
        if marker is _EMBEDDED:  # the files the component's source unpacked when it loaded
            found = self.func.__globals__
            artifact = _make_artifact(inner, {"name": name})
            artifact.path = found.get("__KFP_EMBEDDED_ASSET_FILE") or found.get("__KFP_EMBEDDED_ASSET_DIR")
            if not artifact.path:
                raise RuntimeError(f"EmbeddedInput '{name}': the component embeds no files")
            return artifact
        if isinstance(annotation, InputPath):
            runtimes = self._input_artifacts(name)
            if not runtimes and name in params:
                return self._parameter_file(name, params[name])
            if not runtimes:
                return inspect.Parameter.empty
            return _make_artifact(annotation.type, runtimes[0]).path
        item = _list_item(inner)
        if item is not None and (marker is _INPUT or _is_artifact_class(_inner(item))):
            runtimes = self._input_artifacts(name)
            return [_make_artifact(_inner(item), r) for r in runtimes]
        if marker is _INPUT or _is_artifact_class(inner):
            runtimes = self._input_artifacts(name)
            if not runtimes:
                return (
                    None
                    if name in (self.inputs.get("artifacts") or {})
                    else inspect.Parameter.empty
                )
            return _make_artifact(inner, runtimes[0])
        if (
            inner is PipelineTaskFinalStatus
            or getattr(inner, "__name__", "") == "PipelineTaskFinalStatus"
        ):
            return PipelineTaskFinalStatus.from_value(params.get(name))
        if name in params:
            return _coerce_parameter(params[name], annotation)
        return inspect.Parameter.empty

    def _parameter_file(self, name: str, value: Any) -> str:
        """``InputPath(int)`` of a parameter: the value written to a file, as text."""
        import tempfile

        directory = tempfile.mkdtemp(prefix="kfp-lite-inputs-")
        path = os.path.join(directory, name)
        with open(path, "w") as f:
            f.write(_serialize_parameter(value))
        return path

    def execute(self) -> Optional[str]:
        signature = inspect.signature(self.func)
        kwargs: Dict[str, Any] = {}
        for name, parameter in signature.parameters.items():
            annotation = self.hints.get(name, parameter.annotation)
            value = self._argument(name, annotation)
            if value is not inspect.Parameter.empty:
                kwargs[name] = value
        result = self.func(**kwargs)
        self._record_return(result, self.hints.get("return", signature.return_annotation))
        return self._write_executor_output()

    def _record_return(self, result: Any, annotation: Any) -> None:
        if annotation in (inspect.Signature.empty, None, type(None)):
            return
        if result is None and _strip_optional(annotation) is not annotation:
            return
        fields = getattr(annotation, "_fields", None)
        if isinstance(annotation, type) and issubclass(annotation, tuple) and fields is not None:
            if len(result) != len(fields):
                raise RuntimeError(
                    f"function {self.func.__name__!r} returned {len(result)} values, "
                    f"expected {len(fields)} ({', '.join(fields)})"
                )
            field_types = typing.get_type_hints(annotation, include_extras=True)
            for index, field in enumerate(fields):
                value = result[index] if type(result) is tuple else getattr(result, field)
                self._record_output(field, field_types.get(field, Any), value)
            return
        self._record_output("Output", annotation, result)

    def _record_output(self, name: str, annotation: Any, value: Any) -> None:
        annotation = _strip_optional(_inner(annotation))
        if _is_artifact_class(annotation) or name in self.output_artifacts:
            if isinstance(value, Artifact) or _is_artifact_class(type(value)):
                declared = self.output_artifacts.get(name)
                if declared is not None and not value.name:
                    value.name = declared.name
                self.output_artifacts[name] = value
            else:
                path = self.output_artifacts[name].path
                _makedirs_for(path)
                with open(path, "w") as f:
                    f.write(str(value))
            return
        base = _param_base(annotation)
        accepted = (int, float) if base is float else base
        if base is not None and not isinstance(value, accepted):
            raise ValueError(
                f"function {self.func.__name__!r} returned {type(value).__name__} for output "
                f"{name!r}, expected {base.__name__}"
            )
        if base is int and isinstance(value, bool):
            raise ValueError(
                f"function {self.func.__name__!r} returned bool for int output {name!r}"
            )
        self.parameter_values[name] = value
        out_param = (self.outputs.get("parameters") or {}).get(name)
        if out_param and out_param.get("outputFile"):
            _makedirs_for(out_param["outputFile"])
            with open(out_param["outputFile"], "w") as f:
                f.write(_serialize_parameter(value))

    def _write_executor_output(self) -> Optional[str]:
        output: Dict[str, Any] = {}
        if self.parameter_values:
            output["parameterValues"] = self.parameter_values
        if self.output_artifacts:
            artifacts = {}
            for name, artifact in self.output_artifacts.items():
                runtime = {
                    "name": artifact.name,
                    "uri": artifact.uri,
                    "metadata": artifact.metadata,
                }
                if getattr(artifact, "custom_path", ""):
                    runtime["custom_path"] = artifact.custom_path
                artifacts[name] = {"artifacts": [runtime]}
            output["artifacts"] = artifacts
        cluster_spec = os.environ.get("CLUSTER_SPEC")
        if cluster_spec:
            role = (json.loads(cluster_spec).get("task") or {}).get("type")
            if role not in ("workerpool0", "chief", "master"):
                return None
        path = self.outputs.get("outputFile")
        if not path:
            return None
        _makedirs_for(path)
        with open(path, "w") as f:
            json.dump(output, f)
        return path


# --------------------------------------------------------------------------- stand-in modules


def _component_decorator(func: Any = None, **_options: Any) -> Any:
    """Inside a task, decorators are inert: the function itself is what runs."""
    if func is None:
        return lambda f: f
    return func


def install_standin_modules() -> None:
    """Register ``kfp_lite`` and ``kfp_lite.dsl`` modules that expose this runtime's names."""
    dsl = types.ModuleType("kfp_lite.dsl")
    names = {
        "Artifact": Artifact,
        "Dataset": Dataset,
        "Model": Model,
        "Metrics": Metrics,
        "ClassificationMetrics": ClassificationMetrics,
        "SlicedClassificationMetrics": SlicedClassificationMetrics,
        "HTML": HTML,
        "Markdown": Markdown,
        "Input": Input,
        "Output": Output,
        "InputPath": InputPath,
        "OutputPath": OutputPath,
        "PipelineTaskFinalStatus": PipelineTaskFinalStatus,
        "get_uri": get_uri,
        "EmbeddedInput": EmbeddedInput,
        "run_notebook": run_notebook,
        "notebook_component": _component_decorator,
        "component": _component_decorator,
        "container_component": _component_decorator,
        "pipeline": _component_decorator,
    }
    for name, value in names.items():
        setattr(dsl, name, value)
    dsl.__all__ = list(names)
    package = types.ModuleType("kfp_lite")
    package.__path__ = []  # a package, so "import kfp_lite.dsl" resolves from sys.modules
    package.dsl = dsl
    package.__all__ = ["dsl"]
    sys.modules["kfp_lite"] = package
    sys.modules["kfp_lite.dsl"] = dsl


def load_module(path: str) -> types.ModuleType:
    name = os.path.splitext(os.path.basename(path))[0]
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="kfp_lite component executor")
    parser.add_argument("--component_module_path", required=True)
    parser.add_argument("--function_to_execute", required=True)
    parser.add_argument("--executor_input", required=True)
    args, _unknown = parser.parse_known_args(argv)
    install_standin_modules()
    module = load_module(args.component_module_path)
    func = getattr(module, args.function_to_execute, None)
    if func is None:
        sys.stderr.write(
            f"kfp_lite executor: no function {args.function_to_execute!r} in the component source\n"
        )
        return 2
    executor_input = json.loads(args.executor_input)
    Executor(executor_input, func).execute()
    return 0


if __name__ == "__main__":
    sys.exit(main())
