"""Best-practice lints (KFL7xx): things that compile and run, but that teams regret later.

Each check is one function that looks at one task or one component and returns warnings;
none of them ever makes a pipeline fail to compile. ``task_practice_warnings`` and
``component_practice_warnings`` run them all, from the check pass (:mod:`.checks`).

The warnings point at the line that says the thing (the ``base_image=`` keyword, the
``.set_env_variable(...)`` call, the package string) so that a ``# noqa: KFL7nn`` written on
that line silences exactly one of them. A compiled document over the 1.5 MB Kubernetes
object limit is warned about by the executor-mode checks (KFL604), not here.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Any, Callable, Iterator, Optional

from kfp_lite import codes
from kfp_lite.diagnostics import Diagnostic, SourceLocation
from kfp_lite.dsl.components import ContainerComponent, PythonComponent
from kfp_lite.dsl.interface import function_location
from kfp_lite.dsl.tasks import PipelineTask

from .function_source import FunctionSource, SourceReader

# --- reading a function's source (decorators included) -------------------------------------
# Each check takes the pass's SourceReader (one read and parse per function) and asks it only
# when it has something to place: most components have nothing to warn about.


def _decorator_keyword(source: Optional[FunctionSource], keyword: str) -> Optional[ast.keyword]:
    if source is None:
        return None
    for decorator in source.node.decorator_list:  # type: ignore[attr-defined]
        if isinstance(decorator, ast.Call):
            for kw in decorator.keywords:
                if kw.arg == keyword:
                    return kw
    return None


def _string_node(tree: Optional[ast.AST], text: str) -> Optional[ast.AST]:
    """The first string constant equal to ``text`` inside ``tree``."""
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value == text:
            return node
    return None


def _place(component: Any, tree: Optional[ast.AST], source: Optional[FunctionSource]) -> Optional[SourceLocation]:
    if tree is not None and source is not None:
        return source.location(tree)
    return function_location(component.python_func) or component.component_spec.location


# --- KFL701 unpinned-image ---------------------------------------------------------------------

def image_problem(image: Any) -> Optional[str]:
    """Why an image reference is not pinned, or None when it is (a tag other than latest, a digest)."""
    if not isinstance(image, str) or not image or "{{" in image:
        return None  # an image from a pipeline parameter is decided at run time
    if "@sha256:" in image or "@sha512:" in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "has no tag, so it means ':latest'"
    if last.rsplit(":", 1)[1] == "latest":
        return "uses the ':latest' tag"
    return None


def _image_warning(image: str, problem: str, owner: str, location: Optional[SourceLocation],
                   task_path: Optional[str] = None) -> Diagnostic:
    return codes.UNPINNED_IMAGE(
        f"{owner} image '{image}' {problem}; the code that runs changes whenever the image is pushed "
        "again, and cached results no longer match it", location=location, task_path=task_path,
        expected="an image with a fixed tag or digest", got=image,
        hint="pin a version, e.g. 'python:3.11-slim', or a digest 'image@sha256:...'")


def check_component_image(component: Any, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL701 for a component's base_image / target_image / ContainerSpec image."""
    sources = sources or SourceReader()
    found = []
    if isinstance(component, PythonComponent):
        name = component.python_func.__name__
        for keyword in ("base_image", "target_image"):
            image = getattr(component.options, keyword)
            problem = image_problem(image)
            if problem:
                source = sources.parsed(component.python_func)
                kw = _decorator_keyword(source, keyword)
                found.append(_image_warning(image, problem, f"component '{name}' {keyword}",
                                            _place(component, kw, source)))
    elif isinstance(component, ContainerComponent) and component.container is not None:
        image = component.container.image
        problem = image_problem(image)
        if problem:
            source = sources.parsed(component.python_func)
            node = _string_node(source.node if source else None, image)
            found.append(_image_warning(image, problem, f"container component '{component.python_func.__name__}'",
                                        _place(component, node, source)))
    return found


def check_task_image(task: PipelineTask) -> list[Diagnostic]:
    """KFL701 for ``task.set_container_image(...)``."""
    if not task.container_image:
        return []
    problem = image_problem(task.container_image)
    if not problem:
        return []
    return [_image_warning(str(task.container_image), problem, f"task '{task.name}'",
                           task.setting_locations.get("image") or task.location, task.path)]


# --- KFL702 literal-secret ---------------------------------------------------------------------

_SECRET_WORDS = frozenset({"password", "passwd", "pwd", "token", "apikey", "credential",
                           "credentials", "passphrase"})
# 'secret' alone is ambiguous: `db_secret` usually holds the *name* of a Kubernetes Secret
_AMBIGUOUS_WORDS = frozenset({"secret", "secrets"})
_KUBERNETES_NAME = r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$"
_SECRET_PAIRS = frozenset({("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
                           ("client", "secret"), ("auth", "token"), ("access", "token")})
# a name ending in one of these refers to a secret, it does not hold one
_REFERENCE_WORDS = frozenset({"name", "names", "path", "file", "id", "ref", "env", "var", "dir", "url",
                              "uri", "type", "kind", "length", "len", "count", "field", "mount",
                              "arn", "version", "provider", "secret_name", "key"})
# The regular expressions below are compiled on first use (re's own cache keeps them): they
# are rarely needed, and compiling them all at import would slow down every compile's start.
_TOKEN_SHAPES = (
    ("an AWS access key id", r"\b(AKIA|ASIA)[0-9A-Z]{16}\b", 0),
    ("a GitHub token", r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})", 0),
    ("a Slack token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}", 0),
    ("an API key", r"\bsk-[A-Za-z0-9_-]{20,}", 0),
    ("a private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----", 0),
    ("a password in a URL", r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I),
)
# a text that matches one of the shapes contains one of these (a quick test that spares most
# strings the six searches)
_TOKEN_MARKERS = ("AKIA", "ASIA", "gh", "github_pat_", "xox", "sk-", "-----BEGIN", "://")
# a name whose words hold a secret word, pair or ambiguous word contains one of these
_SECRET_MARKERS = ("pass", "pwd", "token", "key", "credential", "secret")


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def secret_name(name: str) -> bool:
    """Whether a variable or parameter name says it holds a secret (API_KEY yes, secret_name no)."""
    return _secret_naming(name) == "secret"


def _secret_naming(name: str) -> str:
    """'secret', 'ambiguous' (db_secret: a secret or a Secret's name) or ''."""
    lowered = name.lower()
    for marker in _SECRET_MARKERS:  # a plain loop: any() with a generator costs more here
        if marker in lowered:
            break
    else:
        return ""
    words = _words(name)
    if not words or words[-1] in _REFERENCE_WORDS and not _pair_at_end(words):
        return ""
    if any(w in _SECRET_WORDS for w in words) or any(p in _SECRET_PAIRS for p in zip(words, words[1:])):
        return "secret"
    return "ambiguous" if any(w in _AMBIGUOUS_WORDS for w in words) else ""


def _pair_at_end(words: list[str]) -> bool:
    return len(words) >= 2 and (words[-2], words[-1]) in _SECRET_PAIRS


def secret_value_shape(value: str) -> Optional[str]:
    """What a string looks like when it has the shape of a well-known credential."""
    for marker in _TOKEN_MARKERS:  # a plain loop: any() with a generator costs more here
        if marker in value:
            break
    else:
        return None
    for what, pattern, flags in _TOKEN_SHAPES:
        if re.search(pattern, value, flags):
            return what
    return None


def literal_secret(name: str, value: Any) -> Optional[str]:
    """Why ``name = value`` writes a secret into the pipeline, or None."""
    if not isinstance(value, str) or not value.strip() or "{{" in value or value.startswith(("$(", "${")):
        return None
    shape = secret_value_shape(value)
    if shape:
        return f"looks like {shape}"
    naming = _secret_naming(name)
    if naming == "ambiguous" and re.match(_KUBERNETES_NAME, value):
        return None  # most likely the name of a Kubernetes Secret, which is fine to write
    if naming and len(value) >= 4 and not _placeholder_text(value):
        return f"'{name}' names a secret"
    return None


def _placeholder_text(value: str) -> bool:
    lowered = value.lower()
    return lowered in {"none", "null", "changeme", "change-me", "xxx", "xxxx", "todo", "dummy"} or \
        lowered.startswith(("<", "your-", "your_"))


def _secret_warning(what: str, reason: str, location: Optional[SourceLocation],
                    task_path: Optional[str] = None) -> Diagnostic:
    return codes.LITERAL_SECRET(
        f"{what} is written as a literal value ({reason}); it is stored in the compiled YAML, in "
        "version control and in the run's metadata", location=location, task_path=task_path,
        hint="read it at run time from a Kubernetes secret (kubernetes.use_secret_as_env) or a "
             "secret manager, and pass only its name")


def check_task_env_secrets(task: PipelineTask) -> list[Diagnostic]:
    """KFL702 for ``.set_env_variable('API_KEY', 'literal')``."""
    if not task.env:
        return []
    found = []
    for name, value in task.env.items():
        reason = literal_secret(name, value)
        if reason:
            found.append(_secret_warning(f"environment variable '{name}' of task '{task.name}'", reason,
                                         task.setting_locations.get(f"env:{name}") or task.location,
                                         task.path))
    return found


def check_task_argument_secrets(task: PipelineTask) -> list[Diagnostic]:
    """KFL702 for a literal string passed to an input named like a secret (``login(password='...')``)."""
    found = []
    for name, value in task.arguments.items():
        if not isinstance(value, str):
            continue  # only a literal string can hold a secret (literal_secret says None)
        spec = task.spec.inputs.get(name)
        if spec is None or spec.type.is_artifact:
            continue
        reason = literal_secret(name, value)
        if reason:
            found.append(_secret_warning(f"argument '{name}' of task '{task.name}'", reason,
                                         task.location, task.path))
    return found


def check_default_secrets(component: Any, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL702 for a parameter default that holds a secret, in a component or a pipeline."""
    func = getattr(component, "pipeline_func", None) or getattr(component, "python_func", None)
    if func is None:
        return []
    found = []
    for name, spec in component.component_spec.inputs.items():
        if spec.type.is_artifact or not getattr(spec, "has_default", True):
            continue
        reason = literal_secret(name, getattr(spec, "default", None))
        if reason:
            source = (sources or SourceReader()).parsed(func)
            node = _argument_node(source, name)
            location = source.location(node) if source and node else function_location(func)
            found.append(_secret_warning(f"the default of parameter '{name}' of '{func.__name__}'",
                                         reason, location))
    return found


def _argument_node(source: Optional[FunctionSource], name: str) -> Optional[ast.AST]:
    if source is None:
        return None
    args = source.node.args  # type: ignore[attr-defined]
    for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        if arg.arg == name:
            return arg
    return None


def check_package_secrets(component: Any, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL702 for credentials inside ``pip_index_urls`` or ``packages_to_install`` URLs."""
    if not isinstance(component, PythonComponent):
        return []
    found = []
    for keyword in ("pip_index_urls", "packages_to_install"):
        for value in getattr(component.options, keyword) or ():
            shape = secret_value_shape(value) if isinstance(value, str) else None
            if shape:
                source = (sources or SourceReader()).parsed(component.python_func)
                kw = _decorator_keyword(source, keyword)
                node = _string_node(kw.value if kw else None, value) or kw
                found.append(_secret_warning(f"an entry of {keyword} of '{component.python_func.__name__}'",
                                             f"looks like {shape}", _place(component, node, source)))
    return found


# --- KFL703 gpu-without-limits -----------------------------------------------------------------

def uses_accelerator(task: PipelineTask) -> bool:
    count = task.resources.get("accelerator_count")
    return bool(task.resources.get("accelerator_type")) or (count is not None and count != "0")


def check_gpu_limits(task: PipelineTask) -> list[Diagnostic]:
    """KFL703: a task that asks for an accelerator but sets neither a CPU nor a memory limit."""
    if not task.resources or not uses_accelerator(task) or "cpu_limit" in task.resources or "memory_limit" in task.resources:
        return []
    return [codes.GPU_WITHOUT_LIMITS(
        f"task '{task.name}' requests an accelerator but sets no CPU or memory limit; on a shared "
        "GPU node it can take all the node's memory and starve or evict the other tasks",
        location=task.setting_locations.get("accelerator") or task.location, task_path=task.path,
        hint="add .set_memory_limit('32Gi') and .set_cpu_limit('8') (sized for the job)")]


# --- KFL704 unpinned-package -------------------------------------------------------------------

_VERSIONED = r"(==|~=|>=|<=|!=|<|>|===|@)"


def package_problem(requirement: str) -> Optional[str]:
    """Why a packages_to_install entry has no version, or None."""
    text = requirement.strip()
    if not text or text.startswith(("-", ".", "/")) or "://" in text or text.endswith((".whl", ".tar.gz", ".zip")):
        return None  # options, local paths and URLs name exact files
    requirement_part = text.split(";", 1)[0]
    if re.search(_VERSIONED, requirement_part):
        return None
    return "has no version"


def check_packages(component: Any, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL704 for each ``packages_to_install`` entry without a version."""
    if not isinstance(component, PythonComponent):
        return []
    sources = sources or SourceReader()
    found = []
    for package in component.options.packages_to_install:
        if not isinstance(package, str) or not package_problem(package):
            continue
        source = sources.parsed(component.python_func)
        kw = _decorator_keyword(source, "packages_to_install")
        node = _string_node(kw.value if kw else None, package) or kw
        found.append(codes.UNPINNED_PACKAGE(
            f"package '{package}' of component '{component.python_func.__name__}' has no version; each "
            "container start installs whatever is newest that day", location=_place(component, node, source),
            expected="a pinned requirement", got=package,
            hint=f"pin it, e.g. '{package}==1.2.3' (the version you tested with)"))
    return found


# --- KFL705 cache-nondeterministic -------------------------------------------------------------

_CLOCK = {("time", "time"), ("time", "time_ns"), ("datetime", "now"), ("datetime", "utcnow"),
          ("datetime", "today"), ("date", "today"), ("pd", "Timestamp.now"), ("uuid", "uuid1"),
          ("uuid", "uuid4"), ("os", "urandom")}
_RANDOM_MODULES = ("random", "np.random", "numpy.random", "secrets", "torch.random")
_SEEDING = ("seed", "manual_seed", "Random", "default_rng", "RandomState", "SystemRandom")


def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def nondeterministic_reads(func: Callable, sources: Optional[SourceReader] = None) -> Iterator[tuple[ast.Call, str]]:
    """Calls in a function body that read the clock or unseeded random state."""
    source = (sources or SourceReader()).parsed(func)
    if source is None:
        return
    calls: list[ast.Call] = []
    imported: dict[str, str] = {}  # from time import time -> {'time': 'time.time'}
    for stmt in source.node.body:  # type: ignore[attr-defined]
        for node in ast.walk(stmt):  # one walk collects the calls and the imports
            if isinstance(node, ast.Call):
                calls.append(node)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    names = [_dotted(c.func) or "" for c in calls]
    names = [imported.get(n, n) if "." not in n else n for n in names]
    seeded = any(n.rsplit(".", 1)[-1] in _SEEDING and (c.args or c.keywords)
                 for n, c in zip(names, calls))
    for name, call in sorted(zip(names, calls), key=lambda p: (p[1].lineno, p[1].col_offset)):
        parts = name.split(".")
        if len(parts) >= 2 and (parts[-2], parts[-1]) in _CLOCK:
            yield call, f"{name}() reads the clock" if parts[-2] in ("time", "datetime", "date", "pd") \
                else f"{name}() is random"
        elif not seeded and any(name.startswith(m + ".") for m in _RANDOM_MODULES) \
                and parts[-1] not in _SEEDING:
            yield call, f"{name}() reads random state"
        elif name in ("np.random.default_rng", "numpy.random.default_rng") and not call.args and not call.keywords:
            yield call, f"{name}() without a seed is random"


def check_cached_nondeterminism(tasks: list[PipelineTask], sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """KFL705: cached tasks whose component reads the clock or random state, once per component.

    The warning sits on the line that reads the clock, so one ``# noqa: KFL705`` there covers
    every task of the component.
    """
    cached: dict[int, list[PipelineTask]] = {}
    for task in tasks:
        if task.enable_caching and isinstance(task.component, PythonComponent):
            cached.setdefault(id(task.component), []).append(task)
    sources = sources or SourceReader()
    found = []
    for group in cached.values():
        component = group[0].component
        reads = list(nondeterministic_reads(component.python_func, sources))
        source = sources.parsed(component.python_func)
        if not reads or source is None:
            continue
        call, why = reads[0]
        names = ", ".join(f"'{t.name}'" for t in group)
        found.append(codes.CACHE_NONDETERMINISTIC(
            f"component '{component.python_func.__name__}' gives a different result on each run "
            f"({why}), but task{'s' if len(group) > 1 else ''} {names} keep{'' if len(group) > 1 else 's'} "
            "caching on; a cache hit replays the first result", location=source.location(call),
            task_path=group[0].path if len(group) == 1 else None,
            hint="call .set_caching_options(False) on the task, or pass the time or seed in as a parameter"))
    return found


# --- KFL706 request-above-limit ----------------------------------------------------------------

_MEMORY_UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18,
                 "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}


def quantity(value: str, what: str) -> Optional[float]:
    """A CPU (cores) or memory (bytes) quantity as a number; None for a run-time value."""
    if what == "cpu":
        match = re.fullmatch(r"([0-9]*\.?[0-9]+)(m?)", value)
        return None if match is None else float(match.group(1)) / (1000 if match.group(2) else 1)
    match = re.fullmatch(r"([0-9]+)([KMGTPE]i?)?", value)
    return None if match is None else int(match.group(1)) * _MEMORY_UNITS[match.group(2) or ""]


def check_request_above_limit(task: PipelineTask) -> list[Diagnostic]:
    """KFL706: a CPU or memory request larger than the limit (Kubernetes rejects the pod)."""
    if not task.resources:
        return []
    found = []
    for what in ("cpu", "memory"):
        request, limit = task.resources.get(f"{what}_request"), task.resources.get(f"{what}_limit")
        if request is None or limit is None:
            continue
        low, high = quantity(request, what), quantity(limit, what)
        if low is not None and high is not None and low > high:
            found.append(codes.REQUEST_ABOVE_LIMIT(
                f"task '{task.name}' requests {what} {request} but limits it to {limit}; Kubernetes "
                "refuses a pod whose request is larger than its limit",
                location=task.setting_locations.get(f"{what}_request") or task.location, task_path=task.path,
                expected=f"a request of at most {limit}", got=request,
                hint=f"lower set_{what}_request() or raise set_{what}_limit()"))
    return found


# --- running them ------------------------------------------------------------------------------

TASK_CHECKS: tuple[Callable[[PipelineTask], list[Diagnostic]], ...] = (
    check_task_image, check_task_env_secrets, check_task_argument_secrets, check_gpu_limits,
    check_request_above_limit,
)
PIPELINE_CHECKS: tuple[Callable[[list[PipelineTask], Optional[SourceReader]], list[Diagnostic]], ...] = (
    check_cached_nondeterminism,
)
COMPONENT_CHECKS: tuple[Callable[[Any, Optional[SourceReader]], list[Diagnostic]], ...] = (
    check_component_image, check_default_secrets, check_package_secrets, check_packages,
)


def task_practice_warnings(tasks: list[PipelineTask], sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """Every best-practice warning about the tasks of one pipeline (not those of its sub-pipelines)."""
    found: list[Diagnostic] = []
    for task in tasks:
        for check in TASK_CHECKS:  # each returns at once when the task leaves its setting unset
            found.extend(check(task))
    for pipeline_check in PIPELINE_CHECKS:
        found.extend(pipeline_check(tasks, sources))
    return found


def component_practice_warnings(component: Any, sources: Optional[SourceReader] = None) -> list[Diagnostic]:
    """Every best-practice warning about one component or pipeline definition (not kfp_lite's own,
    such as the PVC components of kfp_lite.kubernetes, which mirror kfp-kubernetes)."""
    func = getattr(component, "pipeline_func", None) or getattr(component, "python_func", None)
    code = getattr(func, "__code__", None)
    if code is not None and os.path.abspath(code.co_filename).startswith(_OURS):
        return []
    sources = sources or SourceReader()
    return [d for check in COMPONENT_CHECKS for d in check(component, sources)]


_OURS = os.path.dirname(os.path.abspath(codes.__file__)) + os.sep  # the kfp_lite package


__all__ = ["task_practice_warnings", "component_practice_warnings", "image_problem", "secret_name",
           "literal_secret", "package_problem", "quantity", "nondeterministic_reads"]
