"""The shipped program of a component with materialized inputs or outputs.

kfp's ``executor_main`` (and kfp_lite's executor) know artifacts, not materializers. So the
program of such a component is: the user's function with its annotations removed (they may
name libraries only the container has, and nothing reads them there), the source of the
materializer classes it uses, two small load/save helpers, and a generated wrapper whose
signature is plain KFP: ``Input[Artifact]``/``Output[Dataset]`` for the materialized values and
the user's own annotations for the rest. The executor calls the wrapper, the wrapper loads the
inputs, calls the function and saves its outputs. The IR stays the artifacts the interface
declares, so a cluster, the local runner, the cache (artifact digests) and fan-out all see an
ordinary artifact-passing component.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any, Callable, Optional

from kfp_lite import materializers
from kfp_lite.dsl.interface import SINGLE_OUTPUT_NAME, ComponentSpec

_ARTIFACT_CLASS_NAMES = {"system.Dataset": "Dataset", "system.Model": "Model",
                         "system.Artifact": "Artifact", "system.Metrics": "Metrics",
                         "system.HTML": "HTML", "system.Markdown": "Markdown"}


def is_materialized(spec: ComponentSpec) -> bool:
    return any(entry.style == "materialized" for entry in [*spec.inputs.values(), *spec.outputs.values()])


def wrapper_name(function_name: str) -> str:
    return f"{function_name}_materialized"


def _offsets(source: bytes) -> list[int]:
    starts, total = [0], 0
    for line in source.split(b"\n"):
        total += len(line) + 1
        starts.append(total)
    return starts


def strip_annotations(source: str) -> str:
    """The function's source with the annotations of its parameters and return removed."""
    tree = ast.parse(source)
    definition = tree.body[0]
    assert isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef))
    data = source.encode("utf-8")
    starts = _offsets(data)

    def at(line: int, col: int) -> int:
        return starts[line - 1] + col

    cuts: list[tuple[int, int]] = []
    arguments = definition.args
    for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                *(a for a in (arguments.vararg, arguments.kwarg) if a is not None)]:
        if arg.annotation is not None:
            start = at(arg.lineno, arg.col_offset) + len(arg.arg.encode("utf-8"))
            end = at(arg.annotation.end_lineno, arg.annotation.end_col_offset)  # type: ignore[arg-type]
            cuts.append((start, end))
    if definition.returns is not None:
        end = at(definition.returns.end_lineno, definition.returns.end_col_offset)  # type: ignore[arg-type]
        start = data.rindex(b"->", 0, at(definition.returns.lineno, definition.returns.col_offset))
        while start > 0 and data[start - 1:start] in (b" ", b"\t"):
            start -= 1
        cuts.append((start, end))
    for start, end in sorted(cuts, reverse=True):
        data = data[:start] + data[end:]
    return data.decode("utf-8")


def _class_source(cls: type) -> str:
    """A materializer class's source, its bases named as the shipped classes are."""
    source = textwrap.dedent(inspect.getsource(cls))
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    lines = source.split("\n")
    bases = [base.__name__ for base in cls.__bases__ if base is not object]
    header = f"class {cls.__name__}({', '.join(bases)}):" if bases else f"class {cls.__name__}:"
    if node.body[0].lineno == node.lineno:  # a one-line class: keep it, bases as written
        return source
    # the container needs the methods only: ``types`` may name classes it does not have
    dropped: set[int] = set()
    for statement in node.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, ast.AnnAssign) else []
        if any(isinstance(target, ast.Name) and target.id == "types" for target in targets):
            dropped.update(range(statement.lineno - 1, statement.end_lineno or statement.lineno))
    body = [line for number, line in enumerate(lines) if number >= node.body[0].lineno - 1
            and number not in dropped]
    if not any(line.strip() for line in body):
        body = ["    pass"]
    return "\n".join([header, *body]).rstrip() + "\n"


def _annotation_text(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _segments(func: Callable, source: str) -> tuple[dict[str, str], dict[str, str]]:
    """The annotation and default texts of the function's parameters, as the user wrote them."""
    definition = ast.parse(source).body[0]
    assert isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef))
    annotations: dict[str, str] = {}
    defaults: dict[str, str] = {}
    positional = [*definition.args.posonlyargs, *definition.args.args]
    for arg, default in zip(positional[len(positional) - len(definition.args.defaults):],
                            definition.args.defaults):
        defaults[arg.arg] = ast.get_source_segment(source, default) or "None"
    for arg, default in zip(definition.args.kwonlyargs, definition.args.kw_defaults):
        if default is not None:
            defaults[arg.arg] = ast.get_source_segment(source, default) or "None"
    for arg in [*positional, *definition.args.kwonlyargs]:
        if arg.annotation is not None:
            annotations[arg.arg] = ast.get_source_segment(source, arg.annotation) or ""
    return annotations, defaults


def program(spec: ComponentSpec, func: Callable, source: str) -> str:
    """Materializers, helpers, the annotation-free function and its wrapper (in that order)."""
    from kfp_lite.dsl.materialized import used_materializers

    annotations, defaults = _segments(func, source)
    parts = [_class_source(cls) for cls in used_materializers(spec)]
    parts += [inspect.getsource(materializers.kfp_lite_load), inspect.getsource(materializers.kfp_lite_save)]
    parts.append(strip_annotations(source).strip("\n") + "\n")
    parts.append(_wrapper(spec, func, annotations, defaults))
    return "\n\n".join(part.strip("\n") + "\n" for part in parts)


def _wrapper(spec: ComponentSpec, func: Callable, annotations: dict[str, str], defaults: dict[str, str]) -> str:
    params: list[str] = []
    call: list[str] = []
    for name in inspect.signature(func).parameters:
        entry = spec.inputs.get(name)
        if entry is not None and entry.style == "materialized":
            cls = _ARTIFACT_CLASS_NAMES.get(entry.type.schema_title, "Artifact")
            loader = entry.materialized.materializer.__name__
            if entry.type.is_list:
                params.append(f"{name}: Input[List[{cls}]]" + (" = None" if entry.optional else ""))
                call.append(f"{name}=[kfp_lite_load({loader}, item) for item in {name} or ()]")
            else:
                params.append(f"{name}: Input[{cls}]" + (" = None" if entry.optional else ""))
                call.append(f"{name}=kfp_lite_load({loader}, {name})")
            continue
        text = annotations.get(name)
        param = f"{name}: {text}" if text else name
        if name in defaults:
            param += f" = {defaults[name]}"
        params.append(param)
        call.append(f"{name}={name}")
    saves: list[str] = []
    returned = _returned_outputs(spec, func)
    fields = list(getattr(_return_annotation(func), "_fields", ()) or ())
    for oname, output in spec.outputs.items():
        if output.style != "materialized":
            continue
        cls = _ARTIFACT_CLASS_NAMES.get(output.type.schema_title, "Artifact")
        params.append(f"{oname}: Output[{cls}]")
        value = "result" if oname == SINGLE_OUTPUT_NAME else f"result[{fields.index(oname)}]"
        saves.append(f"    kfp_lite_save({output.materialized.materializer.__name__}, {value}, {oname})")
    # parameters first, then defaults after all non-defaults, as Python requires
    required = [p for p in params if "=" not in p]
    optional = [p for p in params if "=" in p]
    header = f"def {wrapper_name(func.__name__)}({', '.join(required + optional)})"
    lines: list[str] = []
    if returned is None:
        header += ":"
    elif returned == "single":
        header += f" -> {_annotation_text(_return_annotation(func))}:"
    else:
        kept = ", ".join(f"('{name}', {_annotation_text(kind)})" for name, kind in returned)
        header += f" -> NamedTuple('Outputs', [{kept}]):"
    lines.append(header)
    lines.append(f"    result = {func.__name__}({', '.join(call)})")
    lines += saves
    if returned == "single":
        lines.append("    return result")
    elif returned:
        values = ", ".join(f"result[{fields.index(name)}]" for name, _ in returned)
        lines.append(f"    return ({values},)")
    return "\n".join(lines) + "\n"


def _return_annotation(func: Callable) -> Any:
    from kfp_lite.dsl.interface import _resolve_hints

    return _resolve_hints(func).get("return", inspect.signature(func).return_annotation)


def _returned_outputs(spec: ComponentSpec, func: Callable) -> Optional[Any]:
    """What the wrapper returns: None, ``"single"``, or the (name, type) of NamedTuple parameter fields."""
    ret = _return_annotation(func)
    if ret in (inspect.Parameter.empty, None, type(None)):
        return None
    fields = getattr(ret, "_fields", None)
    if fields is None:
        output = spec.outputs.get(SINGLE_OUTPUT_NAME)
        return None if output is None or output.style == "materialized" else "single"
    kinds = getattr(ret, "__annotations__", {}) or {}
    kept = [(name, kinds.get(name)) for name in fields
            if name in spec.outputs and spec.outputs[name].style == "return"]
    return kept or None
