"""Executors of tasks: the ``deploymentSpec.executors`` entries (container or importer)."""

from __future__ import annotations

import ast
import inspect
import weakref
from typing import Any, Callable, Optional

from kfp_lite.dsl.channels import PipelineChannel
from kfp_lite.dsl.components import ContainerComponent, ImporterComponent, PythonComponent
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.ir_types import to_value

from . import materialized_source, python_command
from .function_source import SourceReader
from .values import cpu_to_float, memory_to_float

RESOURCE_ORDER = ("cpu_request", "cpu_limit", "memory_request", "memory_limit",
                  "accelerator_type", "accelerator_count")


def _artifact_class(annotation: Any) -> Any:
    """The class inside ``Input[...]``/``Output[...]`` or a bare artifact class, else None."""
    import typing

    inner = getattr(annotation, "inner", None)  # Input[...] markers
    if inner is None and typing.get_origin(annotation) is typing.Annotated:
        inner = typing.get_args(annotation)[0]
    candidate = inner if inner is not None else annotation
    if isinstance(candidate, type) and isinstance(getattr(candidate, "schema_title", None), str):
        return candidate
    return None


def _base_symbol(node: Optional[ast.expr]) -> Optional[str]:
    """The name an annotation expression starts from: ``Input[types.Foo]`` -> ``types``."""
    if isinstance(node, ast.Subscript):
        node = node.slice
        if isinstance(node, ast.Index):  # Python 3.8's wrapper  # pragma: no cover
            node = node.value  # type: ignore[attr-defined]
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def custom_artifact_imports(func: Callable, source: str) -> list[str]:
    """Import lines for artifact classes not of kfp_lite, written as kfp writes them.

    The class's module path is cut after the name the annotation starts from, so
    ``Input[artifact_types.VertexDataset]`` imports ``artifact_types`` from its package.
    """
    from kfp_lite.dsl.io_types import ARTIFACT_CLASSES

    builtin = set(ARTIFACT_CLASSES.values())
    signature = inspect.signature(func)
    annotations: list[tuple[Optional[str], Any]] = [(n, p.annotation) for n, p in signature.parameters.items()]
    annotations.append((None, signature.return_annotation))  # None: the return annotation
    custom: list[tuple[Optional[str], type]] = []
    for name, annotation in annotations:
        cls = _artifact_class(annotation)
        if cls is not None and cls not in builtin:
            custom.append((name, cls))
    if not custom:
        return []  # the usual case: no source to parse
    try:
        tree = ast.parse(source)
        definition = tree.body[0]
        assert isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef))
    except (SyntaxError, IndexError, AssertionError):
        return []
    nodes = {arg.arg: arg.annotation for arg in definition.args.args + definition.args.kwonlyargs}
    found: list[tuple[type, Optional[ast.expr]]] = [
        (cls, nodes.get(name) if name is not None else definition.returns) for name, cls in custom]
    imports: list[str] = []
    for cls, node in found:
        symbol = _base_symbol(node)
        parts = f"{cls.__module__}.{cls.__qualname__}".split(".")
        if symbol is None or symbol not in parts:
            continue  # an alias: kfp refuses it, the compile checks report it
        path = ".".join(parts[: parts.index(symbol) + 1])
        module, _, leaf = path.rpartition(".")
        line = f"from {module} import {leaf}" if module else f"import {leaf}"
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


def python_container(component: PythonComponent, sources: Optional[SourceReader] = None) -> dict:
    """The container of a lightweight component, as kfp writes it (cached while it lives).

    ``sources`` is the compile's reader, which the checks have already used: the function's
    source is read (and tokenized) once per compile, not once more here.
    """
    cached = _CONTAINERS.get(component)
    if cached is not None:
        return cached
    options = component.options
    settings = python_command.PipSettings(
        packages_to_install=tuple(options.packages_to_install),
        pip_index_urls=options.pip_index_urls,
        pip_trusted_hosts=options.pip_trusted_hosts,
        use_venv=options.use_venv,
        install_kfp_package=options.install_kfp_package,
        kfp_package_path=options.kfp_package_path,
    )
    name = component.python_func.__name__
    if options.target_image:
        pip = python_command.pip_step(settings, containerized=True)
        container = python_command.containerized_container(
            function_name=name, image=options.target_image, pip=pip)
    else:
        sources = sources or SourceReader()
        source = sources.shipped(component.python_func)
        imports = custom_artifact_imports(component.python_func, source)
        if materialized_source.is_materialized(component.component_spec):
            source = materialized_source.program(component.component_spec, component.python_func, source)
            name = materialized_source.wrapper_name(name)
        program = python_command.program_source(
            source,
            imports=imports,
            additional_sources=[sources.shipped(f) for f in options.additional_funcs],
            helper_source=_embedded_files_helper(options),
        )
        container = python_command.kfp_container(
            program=program, function_name=name, image=options.base_image,
            pip=python_command.pip_step(settings))
    _CONTAINERS[component] = container
    return container


def base_container(task: PipelineTask, sources: Optional[SourceReader] = None) -> dict:
    component = task.component
    if isinstance(component, PythonComponent):
        return dict(python_container(component, sources))
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


def container_executor(task: PipelineTask, placeholder: Callable[[Any], str],
                       base: Optional[dict] = None) -> dict:
    """``{container: {...}}`` with the task's image, env and resources applied.

    ``placeholder`` turns a value holding a channel pattern into its
    ``{{$.inputs.parameters['pipelinechannel--...']}}`` form. ``base`` is the component's
    :func:`base_container` when the caller keeps it (it is copied, not changed).
    """
    container = base_container(task) if base is None else dict(base)
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
    if not values:
        return result
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
