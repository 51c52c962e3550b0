"""Executors of tasks: the ``deploymentSpec.executors`` entries (container or importer)."""

from __future__ import annotations

import inspect
import itertools
import textwrap
import weakref
from typing import Any, Callable, Optional

from kfp_lite.dsl.channels import PipelineChannel
from kfp_lite.dsl.components import ContainerComponent, ImporterComponent, PythonComponent
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.ir_types import to_value

from . import python_command
from .values import cpu_to_float, memory_to_float

RESOURCE_ORDER = ("cpu_request", "cpu_limit", "memory_request", "memory_limit",
                  "accelerator_type", "accelerator_count")


def function_source(func: Callable) -> str:
    """The dedented source of a function from its ``def`` line on (decorators dropped)."""
    source = textwrap.dedent(inspect.getsource(func))
    lines = itertools.dropwhile(lambda line: not line.startswith("def"), source.split("\n"))
    return "\n".join(lines)


def _custom_artifact_imports(component: PythonComponent) -> list[str]:
    """Import lines for artifact classes defined outside kfp_lite (custom or google types)."""
    imports: list[str] = []
    annotations = getattr(component.python_func, "__annotations__", {}) or {}
    for annotation in annotations.values():
        for candidate in (annotation, getattr(annotation, "inner", None), getattr(annotation, "type", None)):
            module = getattr(candidate, "__module__", "")
            if (isinstance(candidate, type) and hasattr(candidate, "schema_title")
                    and module and not module.startswith("kfp_lite") and module != "__main__"):
                line = f"import {module}"
                if line not in imports:
                    imports.append(line)
    return imports


# component -> its container: reading and encoding the source once per component, not once
# per task. Weak, so that the entry goes when the component does.
_CONTAINERS: weakref.WeakKeyDictionary[PythonComponent, dict] = weakref.WeakKeyDictionary()


def _embedded_files_helper(options: Any) -> str:
    """The lines unpacking a component's embedded files (and running its notebook), or ''."""
    if options.embedded_path is None:
        return ""
    from pathlib import Path

    from . import embedded_files

    encoded = embedded_files.archive_b64(options.embedded_path)
    if options.notebook is not None:
        return embedded_files.notebook_helper(encoded, options.notebook)
    path = Path(options.embedded_path)
    return embedded_files.extraction_helper(encoded, path.name if path.is_file() else None)


def python_container(component: PythonComponent) -> dict:
    """The container of a lightweight component (cached while the component lives)."""
    cached = _CONTAINERS.get(component)
    if cached is not None:
        return cached
    options = component.options
    if options.target_image:
        container = {
            "image": options.target_image,
            "command": ["python3", "-m", "kfp.dsl.executor_main"],
            "args": ["--executor_input", "{{$}}", "--function_to_execute", component.python_func.__name__],
        }
    else:
        source = function_source(component.python_func)
        embedded = _embedded_files_helper(options)
        if embedded:  # between the helper functions and the function, where kfp puts it
            source = embedded + "\n\n\n" + source
        if options.additional_funcs:
            helpers = "\n\n".join(function_source(f) for f in options.additional_funcs)
            source = helpers + "\n\n" + source
        container = python_command.lightweight_container(
            function_source=source,
            function_name=component.python_func.__name__,
            base_image=options.base_image,
            packages_to_install=options.packages_to_install,
            pip_index_urls=options.pip_index_urls,
            pip_trusted_hosts=options.pip_trusted_hosts,
            use_venv=options.use_venv,
            extra_imports=_custom_artifact_imports(component),
        )
    _CONTAINERS[component] = container
    return container


def base_container(task: PipelineTask) -> dict:
    component = task.component
    if isinstance(component, PythonComponent):
        return dict(python_container(component))
    if isinstance(component, ContainerComponent):
        spec = component.container
        container: dict[str, Any] = {"image": spec.image if spec else ""}
        if spec and spec.command:
            container["command"] = list(spec.command)
        if spec and spec.args:
            container["args"] = list(spec.args)
        return container
    loaded = getattr(component, "container", None)
    if isinstance(loaded, dict):
        return {k: (list(v) if isinstance(v, list) else v) for k, v in loaded.items()}
    raise TypeError(f"task {task.name} has no container")


def container_executor(task: PipelineTask, placeholder: Callable[[Any], str]) -> dict:
    """``{container: {...}}`` with the task's image, env and resources applied.

    ``placeholder`` turns a value holding a channel pattern into its
    ``{{$.inputs.parameters['pipelinechannel--...']}}`` form.
    """
    container = base_container(task)
    if task.container_image is not None:
        container["image"] = task.container_image
    if isinstance(container.get("image"), str):
        container["image"] = placeholder(container["image"])
    if task.env:
        container["env"] = [{k: v for k, v in (("name", name), ("value", value)) if v}
                            for name, value in task.env.items()]
    resources = _resources(task.resources, placeholder)
    if resources:
        container["resources"] = resources
    return {"container": container}


def _resources(values: dict[str, str], placeholder: Callable[[Any], str]) -> dict:
    result: dict[str, Any] = {}
    for key, new_field, old_field, convert in (
        ("cpu_request", "resourceCpuRequest", "cpuRequest", cpu_to_float),
        ("cpu_limit", "resourceCpuLimit", "cpuLimit", cpu_to_float),
        ("memory_request", "resourceMemoryRequest", "memoryRequest", memory_to_float),
        ("memory_limit", "resourceMemoryLimit", "memoryLimit", memory_to_float),
    ):
        value = values.get(key)
        if value is None:
            continue
        rendered = placeholder(value)
        result[new_field] = rendered
        if rendered == value:
            number = convert(value)
            if number:
                result[old_field] = number
    count = values.get("accelerator_count")
    if count is not None:
        accelerator: dict[str, Any] = {}
        acc_type = values.get("accelerator_type")
        if acc_type is not None:
            rendered_type = placeholder(acc_type)
            if rendered_type:
                accelerator["resourceType"] = rendered_type
            if rendered_type == acc_type and acc_type:
                accelerator["type"] = acc_type
        rendered_count = placeholder(count)
        if rendered_count:
            accelerator["resourceCount"] = rendered_count
        if rendered_count == count and int(count):
            accelerator["count"] = str(int(count))
        result["accelerator"] = accelerator
    return result


def importer_executor(task: PipelineTask) -> dict:
    component: ImporterComponent = task.component  # type: ignore[assignment]
    uri = task.arguments.get("uri")
    spec: dict[str, Any] = {
        "typeSchema": component.artifact_type.ir_artifact_type(),
    }
    if isinstance(uri, PipelineChannel):
        spec["artifactUri"] = {"runtimeParameter": "uri"}
    elif isinstance(uri, str):
        spec["artifactUri"] = {"constant": uri}
    if component.metadata:
        spec["metadata"] = to_value(component.metadata)
    if component.reimport:
        spec["reimport"] = True
    if component.download_to_workspace:
        spec["downloadToWorkspace"] = True
    return {"importer": spec}


def platform_executor_config(task: PipelineTask) -> Optional[dict]:
    return task.platform_config.get("kubernetes") if task.platform_config else None
