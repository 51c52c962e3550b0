"""kfp_lite's compiler: check a traced pipeline, lower it to a PipelineSpec, emit YAML.

``Compiler().compile(...)`` mirrors ``kfp.compiler.Compiler``. Underneath,
:func:`compile_documents` runs the passes in one direction: trace, every check, stop on
errors, plan (:mod:`.plan`), build the IR from the plan (:mod:`.lower`), emit. It raises
:class:`~kfp_lite.diagnostics.CompileError` with *every* diagnostic when anything is wrong;
nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from kfp_lite import codes
from kfp_lite.collector import paused
from kfp_lite.diagnostics import CompileError, Diagnostic

EXECUTOR_MODES = ("kfp", "embedded")  # the same as python_command.EXECUTOR_MODES, kept import-free

__all__ = ["Compiler", "CompileResult", "compile_documents", "compile_text", "render_for", "CompileError",
           "KubernetesManifestOptions"]

# kfp's module paths kfp.compiler.compiler, compiler_utils, pipeline_spec_builder (re-exports)
_KFP_MODULE_PATHS = frozenset({"compiler", "compiler_utils", "pipeline_spec_builder"})


def __getattr__(name: str) -> Any:
    import importlib

    if name in _KFP_MODULE_PATHS:
        return importlib.import_module(f"{__name__}.{name}")
    if name == "KubernetesManifestOptions":
        from .kubernetes_manifest import KubernetesManifestOptions

        return KubernetesManifestOptions
    raise AttributeError(f"module 'kfp_lite.compiler' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _KFP_MODULE_PATHS | {"KubernetesManifestOptions"})


@dataclass
class CompileResult:
    """The documents of a compiled pipeline and the warnings found on the way."""

    pipeline_spec: dict
    platform_spec: dict = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    header_description: Optional[str] = None

    def render(self) -> str:
        """The YAML text; a KFL604 warning joins ``diagnostics`` when it is too large to deploy."""
        with paused():
            return self._render()

    def _render(self) -> str:
        from .emit import render_spec
        from .size import size_diagnostics

        if self.header_description is not None:
            text = render_spec(self.pipeline_spec, self.platform_spec, description=self.header_description)
        else:
            text = render_spec(self.pipeline_spec, self.platform_spec)
        for diagnostic in size_diagnostics(text, self.pipeline_spec):
            if diagnostic not in self.diagnostics:
                self.diagnostics.append(diagnostic)
        return text


def compile_documents(obj: Any, *, pipeline_name: Optional[str] = None,
                      pipeline_parameters: Optional[Mapping[str, Any]] = None,
                      pipeline_display_name: Optional[str] = None, type_check: bool = True,
                      config: Any = None, executor: Optional[str] = None) -> CompileResult:
    """Check and lower a pipeline or component; raise CompileError on any error.

    ``executor`` picks the command of lightweight components: ``"kfp"`` (kfp's own, the
    default, or what the run configuration says) or ``"embedded"`` (kfp_lite's offline one).
    """
    with paused():
        return _compile_documents(obj, pipeline_name=pipeline_name,
                                  pipeline_parameters=pipeline_parameters,
                                  pipeline_display_name=pipeline_display_name,
                                  type_check=type_check, config=config, executor=executor)


def _compile_documents(obj: Any, *, pipeline_name: Optional[str],
                       pipeline_parameters: Optional[Mapping[str, Any]],
                       pipeline_display_name: Optional[str], type_check: bool,
                       config: Any, executor: Optional[str]) -> CompileResult:
    from kfp_lite.dsl.components import BaseComponent, GraphComponent

    from .checks import check_pipeline
    from .function_source import SourceReader
    from .lower import Lowering, SpecCache
    from .plan import plan
    from .single import lower_component
    from .topology import index

    diagnostics: list[Diagnostic] = []
    sources = SourceReader()  # each function's source read once, by the checks and the lowering
    if isinstance(obj, GraphComponent):
        overrides = None
        run_cache = obj.options.get("enable_cache")
        if config is not None or run_cache is not None:
            # one pass over the configuration and the traced pipeline; neither is changed
            from kfp_lite.config.apply import resolve

            overrides = resolve(obj, config, run_cache)
            diagnostics.extend(overrides.diagnostics)
            if config is not None and config.parameters and isinstance(pipeline_parameters, (Mapping, type(None))):
                # -p (pipeline_parameters) wins
                pipeline_parameters = {**config.parameters, **(pipeline_parameters or {})}
        trace = obj.trace()
        topology = index(trace.builder)  # read by the checks and the plan alike
        diagnostics.extend(check_pipeline(obj, type_check, topology=topology, sources=sources))
        spec: dict = {}
        platform: dict = {}
        if not any(d.is_error for d in diagnostics):  # lowering assumes a pipeline that passed the checks
            try:
                lowering_plan = plan(trace.builder, trace.outputs, topology)
                spec, platform = Lowering(obj, SpecCache(sources), lowering_plan, overrides).run()
            except Exception as exc:
                diagnostics.append(_internal(exc, obj))
        description = None
    elif isinstance(obj, BaseComponent):
        from .checks import check_component

        diagnostics.extend(check_component(obj, sources))
        spec, platform = {}, {}
        if not any(d.is_error for d in diagnostics):
            try:
                spec = lower_component(obj, sources)
            except Exception as exc:
                diagnostics.append(_internal(exc, obj))
        description = obj.component_spec.description
    else:
        raise CompileError([codes.NO_PIPELINE(
            f"expected a @dsl.pipeline or a component, got {type(obj).__name__}",
            hint="pass the decorated function itself, e.g. compile(my_pipeline, 'out.yaml')")])
    mode = executor or getattr(config, "executor", None) or "kfp"
    if mode not in EXECUTOR_MODES:
        diagnostics.append(codes.BAD_EXECUTOR_MODE(
            f"unknown executor mode '{mode}'", expected=" or ".join(EXECUTOR_MODES), got=mode,
            hint="use executor='kfp' (kfp's command, the default) or executor='embedded' (offline)"))
    if not any(d.is_error for d in diagnostics):
        diagnostics.extend(_apply_overrides(spec, pipeline_name, pipeline_parameters, pipeline_display_name))
    if any(d.is_error for d in diagnostics):
        raise CompileError(diagnostics)
    if mode == "embedded":
        from .python_command import embed_executors

        embed_executors(spec)
    return CompileResult(spec, platform, diagnostics, description)


def compile_text(obj: Any, **kwargs: Any) -> str:
    """The YAML text of a compiled pipeline or component (a size warning goes to ``warnings``)."""
    result = compile_documents(obj, **kwargs)
    text = result.render()
    _warn_size(result)
    return text


def _warn_size(result: CompileResult) -> None:
    """The API's size warning (KFL604) goes to ``warnings``, pointing at the caller's caller."""
    for diagnostic in result.diagnostics:
        if diagnostic.code == codes.LARGE_DOCUMENT.code:
            import warnings

            warnings.warn(f"{diagnostic.code}: {diagnostic.message} ({diagnostic.hint})", UserWarning,
                          stacklevel=3)


def _internal(exc: BaseException, obj: Any) -> Diagnostic:
    """A failure after the checks passed is kfp_lite's bug: say so, with the pipeline and the reason."""
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" at {where.filename}:{where.lineno}" if where else ""
    kind = "pipeline" if hasattr(obj, "pipeline_name") else "component"
    name = getattr(obj, "pipeline_name", None) or getattr(getattr(obj, "component_spec", None), "name", "?")
    return codes.INTERNAL_ERROR(
        f"kfp_lite failed while compiling {kind} '{name}': {type(exc).__name__}: {exc}{place}",
        hint="please report this with the pipeline that caused it")


def _apply_overrides(spec: dict, pipeline_name: Optional[str], parameters: Optional[Mapping[str, Any]],
                     display_name: Optional[str]) -> list[Diagnostic]:
    from kfp_lite import ir_types
    from kfp_lite.dsl.interface import default_problem
    from kfp_lite.dsl.io_types import IOType

    problems: list[Diagnostic] = []
    for keyword, given in (("pipeline_name", pipeline_name), ("pipeline_display_name", display_name)):
        if given is not None and not isinstance(given, str):
            problems.append(codes.BAD_API_ARGUMENT(
                f"{keyword} must be a string, got {type(given).__name__} {given!r}",
                hint=f"e.g. {keyword}='my-pipeline'"))
    if parameters is not None and not isinstance(parameters, Mapping):
        problems.append(codes.BAD_PIPELINE_PARAMETER(
            f"pipeline_parameters must be a mapping of parameter names to values, got {type(parameters).__name__}",
            hint="e.g. pipeline_parameters={'epochs': 3}"))
    if problems:
        return problems
    if pipeline_name is not None:
        spec["pipelineInfo"]["name"] = pipeline_name
    if display_name is not None:
        spec["pipelineInfo"]["displayName"] = display_name
    inputs = spec.get("root", {}).get("inputDefinitions", {})
    for name, value in (parameters or {}).items():
        definition = inputs.get("parameters", {}).get(name)
        if definition is None:
            if name in inputs.get("artifacts", {}):
                problems.append(codes.BAD_PIPELINE_PARAMETER(
                    f"pipeline input '{name}' is an artifact; artifacts cannot get a compile-time default",
                    hint="pass the artifact at run time, or import it with dsl.importer"))
            else:
                import difflib

                known = list(inputs.get("parameters", {}))
                close = difflib.get_close_matches(name, known, n=1)
                problems.append(codes.BAD_PIPELINE_PARAMETER(
                    f"pipeline parameter '{name}' does not match any pipeline input",
                    hint=f"did you mean '{close[0]}'?" if close else
                    f"the pipeline's parameters are: {', '.join(known) or 'none'}"))
            continue
        ptype = definition.get("parameterType", "")
        # the type name of the IR type ('int', 'list', ...); anything else is taken as a string
        text = ir_types.display_name(ptype) if ptype in ir_types.SETTABLE else "str"
        problem = default_problem(IOType(text), value)
        if problem:
            problems.append(codes.BAD_PIPELINE_PARAMETER(
                f"value for pipeline parameter '{name}' {problem}",
                hint=f"give {IOType(text).display_with_article()} value"))
            continue
        definition["defaultValue"] = ir_types.default_value(ptype, value)
    return problems


class Compiler:
    """Compiles a pipeline or component to a PipelineSpec YAML file (as ``kfp.compiler.Compiler``)."""

    def compile(self, pipeline_func: Any, package_path: str, pipeline_name: Optional[str] = None,
                pipeline_display_name: Optional[str] = None,
                pipeline_parameters: Optional[Mapping[str, Any]] = None, type_check: bool = True,
                kubernetes_manifest_options: Any = None, kubernetes_manifest_format: bool = False,
                config_path: Optional[str] = None, executor: Optional[str] = None,
                **unsupported: Any) -> None:
        """Compile and write atomically; raise CompileError (with every diagnostic) on errors.

        The positional order is kfp 2.17's. ``kubernetes_manifest_format=True`` writes the
        pipeline as Kubeflow Pipelines' ``Pipeline``/``PipelineVersion`` resources instead.
        ``executor="embedded"`` writes kfp_lite's offline executor into lightweight
        components instead of kfp's command (``"kfp"``, the default).
        """
        from .emit import write_output

        if unsupported:
            from kfp_lite.dsl.keywords import refuse_unknown

            refuse_unknown("Compiler().compile()", unsupported, (
                "pipeline_func", "package_path", "pipeline_name", "pipeline_display_name",
                "pipeline_parameters", "type_check", "kubernetes_manifest_options",
                "kubernetes_manifest_format", "config_path", "executor"))
        if kubernetes_manifest_format:
            from .emit import render_yaml
            from .kubernetes_manifest import manifest_documents

            result = compile_documents(pipeline_func, pipeline_name=pipeline_name,
                                       pipeline_parameters=pipeline_parameters,
                                       pipeline_display_name=pipeline_display_name, type_check=type_check,
                                       executor=executor)
            description = getattr(pipeline_func, "description", None)
            documents = manifest_documents(result.pipeline_spec, result.platform_spec,
                                           kubernetes_manifest_options, description)
            with paused():
                text = render_yaml(documents)
            write_output(str(package_path), text)
            return

        config = None
        path = config_path or getattr(pipeline_func, "config_path", None)
        if path:
            from kfp_lite.config import load_config

            config = load_config(path)
        result = compile_documents(pipeline_func, pipeline_name=pipeline_name,
                                   pipeline_parameters=pipeline_parameters,
                                   pipeline_display_name=pipeline_display_name, type_check=type_check,
                                   config=config, executor=executor)
        if not str(package_path).endswith((".yaml", ".yml", ".json")) and package_path != "-":
            raise CompileError([codes.BAD_OUTPUT_PATH(
                f"the output path '{package_path}' must end in .yaml or .yml",
                hint="name the output like pipeline.yaml")])
        text = render_for(result, str(package_path))
        _warn_size(result)
        write_output(str(package_path), text)


def render_for(result: CompileResult, path: str) -> str:
    """The text to write to ``path``: YAML, or JSON (kfp's deprecated format) for ``.json``.

    JSON holds one document, so a pipeline with platform settings (Kubernetes, workspace) is
    refused there, as kfp refuses it, instead of silently losing them.
    """
    if not path.endswith(".json"):
        return result.render()
    if result.platform_spec:
        platforms = ", ".join(sorted(result.platform_spec.get("platforms", {}))) or "platform"
        raise CompileError([codes.BAD_OUTPUT_PATH(
            f"the pipeline has {platforms} settings (a second YAML document), which a .json "
            f"output cannot hold: '{path}'",
            hint="write .yaml instead; kfp refuses platform settings in JSON too")])
    import json

    return json.dumps(result.pipeline_spec, indent=2, sort_keys=True) + "\n"
