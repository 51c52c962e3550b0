"""Lint of lightweight components: names the function body uses that its container lacks.

A ``@dsl.component`` function is shipped to its container as source text, after a small
preamble (``from kfp_lite import dsl``, ``from kfp_lite.dsl import *``, ``from typing import *``).
A module-level import or constant the body relies on does not travel with it and fails
only at run time with a NameError. This pass reads the function's syntax tree and warns
(KFL601) at the first use of each such free name. Scopes are merged: a name bound anywhere
in the function counts as bound everywhere in it, which keeps the lint free of false alarms.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import typing
from typing import Any, Iterator, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation

from .function_source import SourceReader

# what the executor's preamble provides, besides builtins
_PROVIDED = frozenset(
    set(dir(builtins))
    | set(getattr(typing, "__all__", ()))
    | {
        "dsl", "kfp", "kfp_lite", "Input", "Output", "InputPath", "OutputPath", "Artifact", "Dataset",
        "Model", "Metrics", "ClassificationMetrics", "SlicedClassificationMetrics", "HTML", "Markdown",
        "PipelineTaskFinalStatus", "TaskConfig", "NamedTuple", "List", "Dict", "Optional", "Union",
        "Any", "Tuple", "__file__", "__name__",
    }
)


# ``match`` patterns that bind names (Python 3.10+; empty tuples on 3.9, where none can occur)
_MATCH_CAPTURES: tuple[type, ...] = tuple(
    getattr(ast, name) for name in ("MatchAs", "MatchStar") if hasattr(ast, name))
_MATCH_MAPPINGS: tuple[type, ...] = tuple(
    getattr(ast, name) for name in ("MatchMapping",) if hasattr(ast, name))


def free_variable_warnings(func: Any, extra_names: tuple[str, ...] = (),
                           sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL601 for each name the function uses that will not exist in its container."""
    parsed = (sources or SourceReader()).parsed(func)
    if parsed is None:
        return []
    node, file, first_line, indent = parsed.node, parsed.file, parsed.first_line, parsed.indent
    bound = _bound_names(node) | set(extra_names) | _PROVIDED
    seen: set[str] = set()
    found = []
    for use in _uses(node):
        if use.id in bound or use.id in seen:
            continue
        seen.add(use.id)
        location = SourceLocation(file, first_line + use.lineno - 1, use.col_offset + indent + 1)
        found.append(codes.FREE_VARIABLE(
            f"component '{func.__name__}' uses '{use.id}', which is defined outside the function; "
            "the component's container receives only the function's own source",
            location=location,
            hint=f"import or define '{use.id}' inside the function body"
                 + (" (and add its package to packages_to_install)" if _looks_like_module(func, use.id) else "")))
    return found


def _bound_names(func: Any) -> set[str]:
    """Parameters and every name the function (or anything nested in it) binds."""
    bound: set[str] = set()
    for node in ast.walk(func):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    bound.add(arg.arg)
            if not isinstance(node, ast.Lambda):
                bound.add(node.name)
        elif isinstance(node, ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, _MATCH_CAPTURES) and node.name:
            bound.add(node.name)
        elif isinstance(node, _MATCH_MAPPINGS) and node.rest:
            bound.add(node.rest)
    return bound


def _uses(func: Any) -> Iterator[ast.Name]:
    """Names read by the body and the parameter defaults (not the decorators or annotations)."""
    roots: list[ast.AST] = [*func.body, *func.args.defaults, *[d for d in func.args.kw_defaults if d]]
    loads: list[ast.Name] = []
    annotations: list[ast.AST] = []
    for root in roots:  # one walk collects both: the names read, and the local annotations
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    loads.append(node)
            elif isinstance(node, ast.AnnAssign):
                annotations.append(node.annotation)
    skipped = {id(n) for a in annotations for n in ast.walk(a)}  # local annotations are never evaluated
    names = [n for n in loads if id(n) not in skipped]
    names.sort(key=lambda n: (n.lineno, n.col_offset))
    yield from names


def _looks_like_module(func: Any, name: str) -> bool:
    value = getattr(func, "__globals__", {}).get(name)
    return inspect.ismodule(value)


__all__ = ["free_variable_warnings"]
