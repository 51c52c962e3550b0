"""The checker behind ``kfp-lite check`` and ``kfp_lite.check()``: find, load, check, filter.

``check(paths_or_pipelines)`` takes files, folders (searched recursively for files that import
kfp or kfp_lite) and pipeline or component objects, and returns every diagnostic, sorted, after
``# noqa`` comments and the ``[tool.kfp-lite]`` select/ignore settings have been applied.
Nothing is written and nothing is printed. It sits with the command line because it loads
the user's files the way every command does (:mod:`._loading`).
"""

from __future__ import annotations

import fnmatch
import linecache
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence, Union

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, sort_diagnostics
from kfp_lite.settings import Settings, load_settings

# folders never searched (as ruff's defaults), besides hidden ones
SKIPPED_DIRS = frozenset({"__pycache__", "venv", "node_modules", "build", "dist", "site-packages",
                          "__pypackages__", "_build", "buck-out"})
_IMPORTS_KFP = re.compile(rb"^\s*(from|import)\s+(kfp|kfp_lite)\b", re.M)
_NOQA = re.compile(r"#\s*noqa(?P<colon>\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,?\s*[A-Z]+[0-9]+)*))?", re.I)


@dataclass(frozen=True)
class CheckedFiles:
    """The files a check covers, and which of them were found by searching a folder."""

    files: tuple[str, ...]
    discovered: frozenset[str]  # found by searching a folder (not named by the user)


def is_pipeline_file(path: str) -> bool:
    """A Python file that imports kfp or kfp_lite (read as bytes, never imported)."""
    if not os.path.isfile(path):  # a pipe or a device named *.py would block or never end
        return False
    try:
        with open(path, "rb") as handle:
            return _IMPORTS_KFP.search(handle.read()) is not None
    except OSError:
        return False


def excluded(path: str, patterns: Sequence[str], root: Optional[str] = None) -> bool:
    """Whether a glob matches the path (relative to the working directory, or to ``root``, the
    folder of pyproject.toml) or any of its folder or file names."""
    if not patterns:
        return False
    absolute = os.path.abspath(path)
    bases = dict.fromkeys([os.getcwd(), root or os.getcwd()])
    for base in bases:
        relative = os.path.relpath(absolute, base).replace(os.sep, "/")
        parts = relative.split("/")
        for pattern in patterns:
            pattern = pattern.rstrip("/")
            if fnmatch.fnmatchcase(relative, pattern) or any(fnmatch.fnmatchcase(p, pattern) for p in parts):
                return True
            if "/" in pattern and any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern)
                                      for i in range(1, len(parts))):
                return True
    return False


def discover(paths: Iterable[str], exclude: Sequence[str] = (), root: Optional[str] = None,
             only_pipelines: bool = False) -> CheckedFiles:
    """The files to check: named files as they are, folders searched for pipeline files.

    ``only_pipelines`` treats named files like found ones (skip excluded files and files that
    import neither kfp nor kfp_lite), which is what a pre-commit hook wants.
    """
    files: list[str] = []
    found: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS
                                 and not excluded(os.path.join(folder, d), exclude, root))
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    if name.endswith(".py") and not excluded(full, exclude, root) and is_pipeline_file(full):
                        files.append(os.path.normpath(full))
                        found.add(os.path.normpath(full))
        elif only_pipelines:
            if path.endswith(".py") and not excluded(path, exclude, root) and is_pipeline_file(path):
                files.append(path)
                found.add(path)
        else:
            files.append(path)
    return CheckedFiles(tuple(dict.fromkeys(files)), frozenset(found))


# --- suppression -------------------------------------------------------------------------------

def noqa_codes(line: str) -> Optional[frozenset[str]]:
    """The codes a ``# noqa`` comment on a line names; empty for a bare ``# noqa``; None without."""
    match = _NOQA.search(line)
    if match is None:
        return None
    if match.group("codes") is None:
        return frozenset()
    return frozenset(c.upper() for c in re.findall(r"[A-Za-z]+[0-9]+", match.group("codes")))


def suppressed(diagnostic: Diagnostic) -> bool:
    """A warning whose line has ``# noqa`` (bare) or ``# noqa: <its code>``; errors never are."""
    location = diagnostic.location
    if diagnostic.is_error or location is None:
        return False
    named = noqa_codes(linecache.getline(location.file, location.line))
    return named is not None and (not named or diagnostic.code in named)


def apply_settings(diagnostics: Iterable[Diagnostic], settings: Settings) -> list[Diagnostic]:
    """Drop suppressed warnings and codes the settings do not select. Errors always stay."""
    return [d for d in diagnostics
            if d.is_error or (settings.selects(d.code) and not suppressed(d))]


def quiet_warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """What ``kfp-lite compile`` prints: the warnings ``# noqa`` and ``[tool.kfp-lite]`` leave."""
    return apply_settings(diagnostics, load_settings())


# --- checking ---------------------------------------------------------------------------------

def check_targets(module: Any, function: Optional[str], path: str) -> list[Any]:
    """The top-level pipelines of a module, then the components none of them uses."""
    from kfp_lite.dsl.components import BaseComponent, GraphComponent

    from ._loading import (
        UsageError,
        _defined_here,
        _drop_sub_pipelines,
        _unique_objects,
        find_target,
    )

    if function is not None:
        return [find_target(module, function, path).obj]
    namespace = _unique_objects({k: v for k, v in vars(module).items() if not k.startswith("__")})
    found = {k: v for k, v in namespace.items() if isinstance(v, BaseComponent)}
    local = {k: v for k, v in found.items() if _defined_here(v, module)} or found
    pipelines = {k: v for k, v in local.items() if isinstance(v, GraphComponent)}
    if len(pipelines) > 1:
        pipelines = _drop_sub_pipelines(pipelines)
    used: set[int] = set()
    for obj in pipelines.values():
        used.update(_used_components(obj, set()))
    components = {k: v for k, v in local.items()
                  if not isinstance(v, GraphComponent) and id(v) not in used}
    targets = [pipelines[k] for k in sorted(pipelines)] + [components[k] for k in sorted(components)]
    if not targets:
        raise UsageError(codes.NO_PIPELINE(
            f"{path} defines no @dsl.pipeline and no component",
            hint="decorate the pipeline function with @dsl.pipeline"))
    return targets


def _used_components(graph: Any, seen: set[int]) -> set[int]:
    """ids of every component a pipeline uses, through nested pipelines."""
    from kfp_lite.dsl.components import GraphComponent

    if id(graph) in seen:
        return set()
    seen.add(id(graph))
    try:
        tasks = list(graph.trace().builder.tasks.values())
    except Exception:  # a pipeline that cannot be traced reports that when it is checked
        return set()
    used: set[int] = set()
    for task in tasks:
        used.add(id(task.component))
        if isinstance(task.component, GraphComponent):
            used |= _used_components(task.component, seen)
    return used


def check_object(obj: Any, type_check: bool = True, config_path: Optional[str] = None) -> list[Diagnostic]:
    """Every diagnostic of one pipeline or component object (nothing is lowered to a file),
    a pipeline with the run configuration ``config_path`` when given."""
    from kfp_lite.compiler import compile_documents
    from kfp_lite.diagnostics import CompileError
    from kfp_lite.dsl.components import GraphComponent

    from ._loading import UsageError
    from .config_option import read_config

    config = None
    if config_path and isinstance(obj, GraphComponent):
        try:
            config = read_config(config_path, obj)
        except UsageError as exc:
            return list(exc.diagnostics)
    try:
        return list(compile_documents(obj, type_check=type_check, config=config).diagnostics)
    except CompileError as exc:
        return list(exc.diagnostics)


def check_file(path: str, function: Optional[str] = None, type_check: bool = True,
               config_path: Optional[str] = None) -> list[Diagnostic]:
    """Every diagnostic of one file (UsageError when it cannot be imported or has no target)."""
    from ._loading import load_module

    module = load_module(path)
    diagnostics: list[Diagnostic] = []
    for obj in check_targets(module, function, path):
        diagnostics.extend(check_object(obj, type_check, config_path))
    return diagnostics


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking: the diagnostics, how many files, whether one was unusable."""

    diagnostics: tuple[Diagnostic, ...]
    files: int
    unusable: bool


def run_checks(items: Sequence[Any], *, function: Optional[str] = None, type_check: bool = True,
               exclude: Sequence[str] = (), settings: Optional[Settings] = None,
               only_pipelines: bool = False, config_path: Optional[str] = None) -> CheckReport:
    """Check paths and objects (pipelines with the run configuration ``config_path``);
    what both the command and :func:`check` use."""
    from ._loading import UsageError

    settings = settings if settings is not None else load_settings()
    patterns = (*settings.exclude, *exclude)
    paths = [os.fspath(i) for i in items if isinstance(i, (str, os.PathLike))]
    objects = [i for i in items if not isinstance(i, (str, os.PathLike))]
    chosen = discover(paths, patterns, settings.root, only_pipelines)
    diagnostics: list[Diagnostic] = list(settings.problems)
    unusable = False
    for path in chosen.files:
        try:
            diagnostics.extend(check_file(path, function, type_check, config_path))
        except UsageError as exc:
            if path in chosen.discovered and all(d.code == codes.NO_PIPELINE.code for d in exc.diagnostics):
                continue  # a helper module found by searching is not a pipeline file: skip it
            diagnostics.extend(exc.diagnostics)
            unusable = True
    for obj in objects:
        diagnostics.extend(check_object(obj, type_check, config_path))
    kept = apply_settings(diagnostics, settings)
    return CheckReport(tuple(sort_diagnostics(kept)), len(chosen.files) + len(objects), unusable)


PathOrPipeline = Union[str, "os.PathLike[str]", Any]


def check(paths_or_pipelines: Union[PathOrPipeline, Sequence[PathOrPipeline]], *,
          function: Optional[str] = None, type_check: bool = True,
          exclude: Sequence[str] = (), settings: Optional[Settings] = None) -> list[Diagnostic]:
    """Every diagnostic of the given files, folders, pipelines and components.

    Files and folders are read as ``kfp-lite check`` reads them (folders searched recursively
    for files that import kfp or kfp_lite); pipeline and component objects are checked as
    they are. ``# noqa`` comments and the ``[tool.kfp-lite]`` settings of the working
    directory apply (pass ``settings=Settings()`` to ignore them). A file that cannot be
    imported is reported as a diagnostic (KFL001-KFL003), never raised.
    """
    if isinstance(paths_or_pipelines, (str, os.PathLike)) or not isinstance(paths_or_pipelines, (list, tuple)):
        items: Sequence[Any] = [paths_or_pipelines]
    else:
        items = list(paths_or_pipelines)
    report = run_checks(items, function=function, type_check=type_check, exclude=exclude, settings=settings)
    return list(report.diagnostics)


__all__ = ["check", "run_checks", "CheckReport", "check_file", "check_object", "check_targets",
           "discover", "is_pipeline_file", "excluded", "noqa_codes", "suppressed", "apply_settings",
           "quiet_warnings"]
