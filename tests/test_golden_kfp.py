"""Golden tests: kfp_lite's YAML for every corpus case and sample against kfp's.

For each ``tests/cases/*.py`` and ``samples/*.py``:

* ``test_matches_kfp``: byte-identical to the golden made by kfp 2.17.3 (``tests/golden/kfp``,
  made by ``tests/tools/make_kfp_goldens.py``), lightweight commands included, apart from the
  ``sdkVersion`` line and the key order of dict defaults in the header (random in kfp's).
* ``test_parses_as_pipeline_spec``: every document parses into the kfp-pipeline-spec protos.
* ``test_deterministic``: two compiles give byte-identical files.
* ``test_passes_validate``: what kfp_lite writes passes ``kfp-lite validate`` (the JSON Schema
  and the reference checks), also where kfp's own document would not.
* ``test_matches_own_golden``: full-byte comparison with ``tests/golden/ours`` so the parts
  not compared with kfp (``sdkVersion``, kfp_lite-only cases) are guarded too. Regenerate
  with ``KFP_LITE_REGEN=1``.

Files that set ``KFP_LITE_ONLY`` use kfp_lite extensions (hooks, map/product): kfp cannot
compile them, so they have no kfp golden and only the other three tests run for them.

The kfp goldens themselves are checked to parse, which guards this harness.
"""

from __future__ import annotations

from pathlib import Path

import golden_compare as gc
import pytest
import regen

ENTRIES = gc.discover()
WITH_KFP_GOLDEN = [e for e in ENTRIES if e.kfp_golden.exists()]
REGEN = regen.requested()  # never under CI: see tests/regen.py

_compiled: dict[str, tuple[str, BaseException | None]] = {}


def _ids(entries: list[gc.Entry]) -> list[str]:
    return [e.id for e in entries]


def _compile(entry: gc.Entry, tmp_root: Path) -> str:
    """Compile once per session; a failure is remembered and re-raised for each test."""
    if entry.id not in _compiled:
        out = tmp_root / entry.kind / f"{entry.name}.yaml"
        try:
            _compiled[entry.id] = (gc.compile_entry(entry, out), None)
        except BaseException as exc:  # one bad case must not hide the others
            _compiled[entry.id] = ("", exc)
    text, error = _compiled[entry.id]
    if error is not None:
        raise error
    return text


@pytest.fixture(scope="session")
def out_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("golden_out")


def _kfp_version(text: str) -> str:
    return gc.sdk_version(text) or "an unknown kfp version"


@pytest.mark.parametrize("entry", WITH_KFP_GOLDEN, ids=_ids(WITH_KFP_GOLDEN))
def test_matches_kfp(entry: gc.Entry, out_root: Path) -> None:
    expected = entry.kfp_golden.read_text()
    ours = _compile(entry, out_root)
    ours_norm, expected_norm = gc.normalize_pair(ours, expected)
    if ours_norm != expected_norm:
        version = _kfp_version(expected)
        diff = gc.unified_diff(
            ours_norm, expected_norm, f"kfp_lite/{entry.id}", f"{version}/{entry.id}"
        )
        pytest.fail(
            f"{entry.id}: kfp_lite output differs from the golden made by {version} "
            f"({entry.kfp_golden.relative_to(gc.ROOT)}); normalized diff:\n{diff}",
            pytrace=False,
        )


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_parses_as_pipeline_spec(entry: gc.Entry, out_root: Path) -> None:
    pytest.importorskip("google.protobuf")
    pytest.importorskip("kfp.pipeline_spec.pipeline_spec_pb2")
    gc.parse_protos(_compile(entry, out_root))


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_deterministic(entry: gc.Entry, out_root: Path, tmp_path: Path) -> None:
    first = _compile(entry, out_root)
    second = gc.compile_entry(entry, tmp_path / f"{entry.name}.yaml")
    assert first == second, gc.unified_diff(second, first, "second compile", "first compile")


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_passes_validate(entry: gc.Entry, out_root: Path) -> None:
    from kfp_lite import ir_schema

    problems = ir_schema.validate_documents(ir_schema.load_spec_text(_compile(entry, out_root), entry.id))
    assert problems == [], [f"{p.path}: {p.message}" for p in problems]


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_matches_own_golden(entry: gc.Entry, out_root: Path) -> None:
    ours = _compile(entry, out_root)
    golden = entry.ours_golden
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        if not golden.exists() or golden.read_text() != ours:
            golden.write_text(ours)
        return
    if not golden.exists():
        pytest.fail(
            f"{entry.id}: no golden at {golden.relative_to(gc.ROOT)}; "
            "review the output and create it with KFP_LITE_REGEN=1 pytest tests/test_golden_kfp.py",
            pytrace=False,
        )
    expected = golden.read_text()
    if ours != expected:
        diff = gc.unified_diff(ours, expected, f"kfp_lite/{entry.id}", f"golden/ours/{entry.id}")
        pytest.fail(
            f"{entry.id}: output changed against {golden.relative_to(gc.ROOT)} "
            f"(regenerate with KFP_LITE_REGEN=1 if intended):\n{diff}",
            pytrace=False,
        )


# --- the goldens themselves: guards for the harness --------------------------------------------


@pytest.mark.parametrize("entry", WITH_KFP_GOLDEN, ids=_ids(WITH_KFP_GOLDEN))
def test_kfp_golden_parses(entry: gc.Entry) -> None:
    pytest.importorskip("google.protobuf")
    pytest.importorskip("kfp.pipeline_spec.pipeline_spec_pb2")
    gc.parse_protos(entry.kfp_golden.read_text())


@pytest.mark.parametrize("entry", WITH_KFP_GOLDEN, ids=_ids(WITH_KFP_GOLDEN))
def test_kfp_golden_normalizes_to_itself(entry: gc.Entry) -> None:
    text = entry.kfp_golden.read_text()
    header, _ = gc.split_header(text)
    assert header and header[0] == "# PIPELINE DEFINITION"
    a, b = gc.normalize_pair(text, text)
    assert a == b


def test_kfp_goldens_come_from_one_kfp_version() -> None:
    versions = {gc.sdk_version(e.kfp_golden.read_text()) for e in WITH_KFP_GOLDEN}
    assert len(versions) == 1, f"kfp goldens were made by several kfp versions: {versions}"
    (version,) = versions
    assert version and version.startswith("kfp-"), version


def test_every_corpus_file_has_a_kfp_golden() -> None:
    missing = [e.id for e in ENTRIES if not e.kfp_lite_only and not e.kfp_golden.exists()]
    assert not missing, (
        f"no kfp golden for {missing}; run /opt/kfpref/bin/python tests/tools/make_kfp_goldens.py"
    )


def test_kfp_lite_only_files_have_no_kfp_golden() -> None:
    """An extension case has only its own golden; a kfp golden there would be stale."""
    stale = [e.id for e in ENTRIES if e.kfp_lite_only and e.kfp_golden.exists()]
    assert not stale, f"{stale} set KFP_LITE_ONLY but have a kfp golden; delete it"
    assert any(e.kfp_lite_only for e in ENTRIES), "no KFP_LITE_ONLY case: the marker is untested"


def test_normalization_drops_only_sdk_version_and_header_dict_order() -> None:
    """The comparison must notice a changed command, arg, number style or header line."""
    golden = (gc.KFP_GOLDEN_DIR / "add_numbers.yaml").read_text()
    renamed = golden.replace("sdkVersion: kfp-2.17.3", "sdkVersion: kfp-lite-0.1.0")
    assert gc.normalize_pair(renamed, golden)[0] == gc.normalize_pair(golden, golden)[1]
    for old, new in (
        ("        - sh\n        - -c\n", "        - other\n"),  # the lightweight command
        ("'kfp==2.17.3'", "'kfp==2.17.2'"),
        ("- add_numbers\n", "- add_numbers2\n"),
        ("schemaVersion: 2.1.0", "schemaVersion: 2"),
        ("#    a: int", "#    a: float"),
    ):
        changed = golden.replace(old, new, 1)
        assert changed != golden, old
        a, b = gc.normalize_pair(changed, golden)
        assert a != b, old


def test_header_defaults_compare_without_key_order() -> None:
    a = "#    d: dict [Default: {'c': [], 'a': [1.0, {'b': 2.0}]}]"
    b = "#    d: dict [Default: {'a': [1.0, {'b': 2.0}], 'c': []}]"
    assert gc.normalize_header_line(a) == gc.normalize_header_line(b)
    c = "#    d: dict [Default: {'a': [1, {'b': 2.0}], 'c': []}]"
    assert gc.normalize_header_line(c) != gc.normalize_header_line(b)
