"""Find corpus entries, compile them with kfp_lite, and normalize YAML for golden comparison.

The corpus is every ``tests/cases/*.py`` and ``samples/*.py`` file. A case names its target with
a module-level ``TARGET`` (optionally ``PIPELINE_NAME`` and ``PIPELINE_PARAMETERS``); a sample
without ``TARGET`` is compiled through its single ``@dsl.pipeline`` function. The expected YAML
from the reference SDK lives in ``tests/golden/kfp`` (``tools/make_kfp_goldens.py`` writes it),
kfp_lite's own full-byte output in ``tests/golden/ours``.

kfp_lite is imported lazily so that a broken or missing compiler fails each test on its own
instead of breaking collection.
"""

from __future__ import annotations

import ast
import difflib
import functools
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "cases"
SAMPLES_DIR = ROOT / "samples"
KFP_GOLDEN_DIR = ROOT / "tests" / "golden" / "kfp"
OURS_GOLDEN_DIR = ROOT / "tests" / "golden" / "ours"



@dataclass(frozen=True)
class Entry:
    """One corpus file: a case or a sample, with its golden paths."""

    kind: str  # "cases" or "samples"
    name: str
    source: Path

    @property
    def id(self) -> str:
        return self.name if self.kind == "cases" else f"samples/{self.name}"

    @property
    def _subdir(self) -> str:
        return "" if self.kind == "cases" else "samples"

    @functools.cached_property
    def kfp_lite_only(self) -> bool:
        """The file sets ``KFP_LITE_ONLY = "..."``: it uses kfp_lite extensions kfp cannot compile."""
        tree = ast.parse(self.source.read_text())
        return any(
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "KFP_LITE_ONLY" for t in node.targets)
            for node in tree.body
        )

    @property
    def kfp_golden(self) -> Path:
        return KFP_GOLDEN_DIR / self._subdir / f"{self.name}.yaml"

    @property
    def ours_golden(self) -> Path:
        return OURS_GOLDEN_DIR / self._subdir / f"{self.name}.yaml"


def discover() -> list[Entry]:
    """Every case and sample file, sorted, skipping private modules."""
    entries: list[Entry] = []
    for kind, folder in (("cases", CASES_DIR), ("samples", SAMPLES_DIR)):
        for path in sorted(folder.glob("*.py")):
            if not path.name.startswith("_"):
                entries.append(Entry(kind, path.stem, path))
    return entries


def load_module(entry: Entry) -> Any:
    """Import a corpus file from its path under a unique module name."""
    module_name = f"_kfl_corpus_{entry.kind}_{entry.name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, entry.source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    folder = str(entry.source.parent)
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    finally:
        sys.path.remove(folder)
    return module


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _decorated(source: str, decorator_names: set[str]) -> list[str]:
    tree = ast.parse(source)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(_decorator_name(d) in decorator_names for d in node.decorator_list)
    ]


def find_target(entry: Entry, module: Any) -> Any:
    """``TARGET``, else the single ``@dsl.pipeline``, else the single component of the file.

    Found from the source text so this does not depend on kfp_lite's class names.
    """
    target = getattr(module, "TARGET", None)
    if target is not None:
        return target
    source = entry.source.read_text()
    pipelines = _decorated(source, {"pipeline"})
    if len(pipelines) == 1:
        return getattr(module, pipelines[0])
    if not pipelines:
        components = _decorated(source, {"component", "container_component"})
        if len(components) == 1:
            return getattr(module, components[0])
    raise AssertionError(
        f"{entry.source}: define TARGET; found {len(pipelines)} @dsl.pipeline functions"
    )


def compile_entry(entry: Entry, out: Path) -> str:
    """Compile one corpus entry with kfp_lite's public API and return the written text."""
    from kfp_lite import compiler

    module = load_module(entry)
    target = find_target(entry, module)
    kwargs: dict[str, Any] = {}
    if getattr(module, "PIPELINE_NAME", None) is not None:
        kwargs["pipeline_name"] = module.PIPELINE_NAME
    if getattr(module, "PIPELINE_PARAMETERS", None) is not None:
        kwargs["pipeline_parameters"] = module.PIPELINE_PARAMETERS
    out.parent.mkdir(parents=True, exist_ok=True)
    compiler.Compiler().compile(target, str(out), **kwargs)
    return out.read_text()


# ---------------------------------------------------------------------------------------------
# normalization


def split_header(text: str) -> tuple[list[str], str]:
    """The leading comment lines and the YAML body after them."""
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and lines[n].startswith("#"):
        n += 1
    return [line.rstrip("\n") for line in lines[:n]], "".join(lines[n:])


def _canonical_repr(value: Any) -> str:
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: repr(kv[0]))
        return "{" + ", ".join(f"{k!r}: {_canonical_repr(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_canonical_repr(v) for v in value) + "]"
    return repr(value)


def normalize_header_line(line: str) -> str:
    """Sort dict keys inside a ``[Default: ...]`` value.

    kfp prints struct defaults in protobuf map order, which changes from run to run for nested
    dicts, so only the content of a default is compared, not its key order.
    """
    marker = " [Default: "
    at = line.find(marker)
    if at < 0 or not line.endswith("]"):
        return line
    raw = line[at + len(marker) : -1]
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return line
    return f"{line[:at]}{marker}{_canonical_repr(value)}]"


# kfp-kubernetes' CreatePVC/DeletePVC run on the backend itself (these images are markers);
# kfp_lite words their input descriptions in its own docstrings, so those are not compared.
BACKEND_STUB_IMAGE = "argostub/"


def _strip_stub_descriptions(doc: dict) -> None:
    executors = (doc.get("deploymentSpec") or {}).get("executors") or {}
    stubs = {label for label, executor in executors.items()
             if str(((executor or {}).get("container") or {}).get("image", "")).startswith(BACKEND_STUB_IMAGE)}
    for component in (doc.get("components") or {}).values():
        if isinstance(component, dict) and component.get("executorLabel") in stubs:
            for parameter in ((component.get("inputDefinitions") or {}).get("parameters") or {}).values():
                if isinstance(parameter, dict):
                    parameter.pop("description", None)


def load_documents(body: str) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(body) if doc is not None]


SDK_VERSION_LINE = re.compile(r"^sdkVersion: .*$", re.MULTILINE)


def normalize_pair(ours: str, kfp: str) -> tuple[str, str]:
    """Both texts as they must be byte-identical: everything but the ``sdkVersion`` line and
    the key order of dict defaults in the ``# Inputs:`` header (random in kfp's output).

    Two documented differences (docs/compatibility.md) make a document compare as data
    instead: kfp-kubernetes' backend stubs (without their input descriptions) and commands
    that embed files (kfp's archive is not reproducible, and kfp_lite has its own notebook
    runner), which are left out. The data is still compared as YAML text dumped with sorted
    keys, so ``1`` and ``1.0`` or ``'1'`` stay different.
    """
    kfp_body = split_header(kfp)[1]
    kfp_doc = next(iter(load_documents(kfp_body)), None) if EMBEDDED_ARCHIVE in kfp else None

    def comparable(text: str, structural: bool) -> str:
        header, body = split_header(text)
        head = "".join(normalize_header_line(line) + "\n" for line in header)
        if not structural:
            return head + SDK_VERSION_LINE.sub("sdkVersion: <any>", body)
        docs = load_documents(body)
        if docs and isinstance(docs[0], dict):
            docs[0].pop("sdkVersion", None)
            _strip_stub_descriptions(docs[0])
            if isinstance(kfp_doc, dict):
                _strip_embedding_commands(docs[0], kfp_doc)
        return head + yaml.safe_dump_all(docs, sort_keys=True, default_flow_style=False, width=100)

    structural = any(marker in text for marker in (BACKEND_STUB_IMAGE, EMBEDDED_ARCHIVE)
                     for text in (ours, kfp))
    return comparable(ours, structural), comparable(kfp, structural)


# the variable kfp's command uses for the files of embedded_artifact_path= / notebook components
EMBEDDED_ARCHIVE = "__KFP_EMBEDDED_ARCHIVE_B64"


def _strip_embedding_commands(doc: dict, reference: dict) -> None:
    executors = (reference.get("deploymentSpec") or {}).get("executors") or {}
    for key, executor in executors.items():
        command = ((executor or {}).get("container") or {}).get("command") or []
        if any(EMBEDDED_ARCHIVE in str(part) for part in command):
            ours = ((doc.get("deploymentSpec") or {}).get("executors") or {}).get(key) or {}
            if isinstance(ours.get("container"), dict):
                ours["container"].pop("command", None)


def unified_diff(ours: str, expected: str, ours_label: str, expected_label: str) -> str:
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        ours.splitlines(keepends=True),
        fromfile=expected_label,
        tofile=ours_label,
        n=3,
    )
    text = "".join(diff)
    limit = 20000
    if len(text) > limit:
        text = text[:limit] + f"\n... diff truncated ({len(text) - limit} more characters)\n"
    return text


def sdk_version(text: str) -> Optional[str]:
    """The ``sdkVersion`` recorded in a compiled spec (which kfp made a golden)."""
    _, body = split_header(text)
    docs = load_documents(body)
    if docs and isinstance(docs[0], dict):
        return docs[0].get("sdkVersion")
    return None


def parse_protos(text: str) -> None:
    """Parse every document into the kfp-pipeline-spec protos; raises on any unknown field."""
    from google.protobuf import json_format
    from kfp.pipeline_spec import pipeline_spec_pb2

    _, body = split_header(text)
    docs = load_documents(body)
    assert docs, "no YAML document"
    json_format.ParseDict(docs[0], pipeline_spec_pb2.PipelineSpec())
    for doc in docs[1:]:
        json_format.ParseDict(doc, pipeline_spec_pb2.PlatformSpec())
