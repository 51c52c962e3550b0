"""kfp_lite.graph on specs compiled by the reference kfp SDK (tests/data/graph).

Golden drawings live in tests/data/graph/expected; regenerate them after an intended change
with ``KFP_LITE_REGEN=1 pytest tests/test_graph.py`` and review the diff.
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path

import pytest
import regen
import yaml

from kfp_lite.graph import NotAPipelineSpec, spec_to_graph, to_dot, to_mermaid
from kfp_lite.graph.model import Graph

DATA = Path(__file__).parent / "data" / "graph"
EXPECTED = DATA / "expected"
KFP_GOLDENS = Path(__file__).parent / "golden" / "kfp"
NAMES = ["chain", "condition", "exit_handler", "loop", "nested"]


def load(name: str) -> dict:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text())


def graph_of(name: str) -> Graph:
    return spec_to_graph(load(name))


def edges(graph: Graph) -> set[tuple[str, str, str, str]]:
    return {(e.source, e.target, e.kind, e.label) for e in graph.edges}


def labels(graph: Graph) -> dict[str, str]:
    return {c.id: c.label for c in graph.clusters} | {n.id: n.label for n in graph.nodes}


# -- the graph model -------------------------------------------------------------------------


def test_chain_parameters_artifacts_after_and_outputs():
    graph = graph_of("chain")
    assert graph.name == "chain"
    assert graph.clusters == ()
    assert labels(graph) == {
        "input_lr": "in lr: float = 0.1",
        "input_rows": "in rows: int = 10",
        "task_cleanup": "cleanup",
        "task_load": "load",
        "task_report": "report",
        "task_train": "train",
        "result_Output": "out Output: Model",
    }
    assert edges(graph) == {
        ("input_rows", "task_load", "parameter", "rows → rows"),
        ("input_lr", "task_train", "parameter", "lr → lr"),
        ("task_load", "task_train", "artifact", "data → data (Dataset)"),
        ("task_load", "task_report", "parameter", "Output → msg"),
        ("task_train", "task_report", "parameter", "Output → score"),
        ("task_train", "task_cleanup", "after", "after"),
        ("task_train", "result_Output", "artifact", "model → Output (Model)"),
    }
    artifact = next(e for e in graph.edges if e.kind == "artifact" and e.target == "task_train")
    assert (artifact.source_key, artifact.target_key, artifact.artifact_type) == (
        "data",
        "data",
        "Dataset",
    )


def test_if_elif_else_clusters_and_condition_inputs():
    graph = graph_of("condition")
    clusters = {c.id: (c.kind, c.label, c.parent) for c in graph.clusters}
    assert clusters == {
        "grp_condition_branches_1": ("condition-branches", "if / elif / else", None),
        "grp_condition_3": (
            "condition",
            "if: flip.Output == 'heads' (is-heads)",
            "grp_condition_branches_1",
        ),
        "grp_condition_2": ("condition", "if: threshold > 2", "grp_condition_3"),
        "grp_condition_4": (
            "condition",
            "elif: flip.Output == 'tails'",
            "grp_condition_branches_1",
        ),
        "grp_condition_5": ("condition", "else", "grp_condition_branches_1"),
    }
    assert graph.node("task_say_2").cluster == "grp_condition_2"
    assert graph.node("task_say_2").path == "condition-branches-1/condition-3/condition-2/say-2"
    # the value tested by the whole If/Elif/Else is drawn once, onto the branches group
    assert edges(graph) == {
        ("task_flip", "grp_condition_branches_1", "condition", "Output → condition"),
        ("input_threshold", "grp_condition_2", "condition", "threshold → condition"),
        ("task_flip", "task_say_4", "parameter", "Output → msg"),
    }


def test_loops_items_and_collected():
    graph = graph_of("loop")
    assert {c.id: c.label for c in graph.clusters} == {
        "grp_for_loop_2": "for each item in [1, 2, 3] (parallelism 2)",
        "grp_for_loop_3": "for each item in names",
    }
    assert graph.node("item_for_loop_2").label == "item: int"
    assert graph.node("item_for_loop_3").cluster == "grp_for_loop_3"
    assert edges(graph) == {
        ("input_names", "item_for_loop_3", "parameter", "names → items"),
        ("item_for_loop_2", "task_make", "parameter", "item → n"),
        ("item_for_loop_3", "task_show", "parameter", "item → item"),
        ("task_make", "task_total", "parameter", "Output → values (collected)"),
        ("task_make", "task_total", "artifact", "data → sets (Dataset, collected)"),
        ("task_total", "result_Output", "parameter", "Output → Output"),
    }
    assert all(e.collected for e in graph.edges if e.target == "task_total")


def test_exit_handler_linked_to_its_exit_task():
    graph = graph_of("exit_handler")
    assert [(c.id, c.kind, c.label) for c in graph.clusters] == [
        ("grp_exit_handler_1", "exit-handler", "exit handler (watch)")
    ]
    assert graph.node("task_notify").cluster is None
    assert graph.node("task_work_2").cluster == "grp_exit_handler_1"
    assert edges(graph) == {
        ("grp_exit_handler_1", "task_notify", "exit", "final status → status"),
        ("input_who", "task_notify", "parameter", "who → who"),
        ("task_work", "task_work_2", "parameter", "Output → msg"),
    }


def test_exit_handler_without_status_gets_on_exit_edge():
    spec = load("exit_handler")
    notify = spec["root"]["dag"]["tasks"]["notify"]
    del notify["inputs"]["parameters"]["status"]
    assert ("grp_exit_handler_1", "task_notify", "exit", "on exit") in edges(spec_to_graph(spec))


def test_nested_pipeline_is_a_cluster_and_data_passes_through_it():
    graph = graph_of("nested")
    assert [(c.id, c.kind, c.label) for c in graph.clusters] == [
        ("grp_inner", "pipeline", "pipeline: inner")
    ]
    assert graph.node("task_produce").cluster == "grp_inner"
    assert edges(graph) == {
        ("input_text", "task_produce", "parameter", "text → text"),
        ("task_produce", "task_consume", "artifact", "out → data (Dataset)"),
        ("task_consume", "result_Output", "parameter", "Output → Output"),
    }


def test_same_task_name_in_two_scopes_gets_distinct_ids():
    spec = load("nested")
    # a top-level task also called 'produce', as when a pipeline reuses an inner component
    spec["root"]["dag"]["tasks"]["produce"] = copy.deepcopy(
        spec["components"]["comp-inner"]["dag"]["tasks"]["produce"]
    )
    spec["root"]["dag"]["tasks"]["produce"]["inputs"]["parameters"]["text"] = {
        "componentInputParameter": "text"
    }
    graph = spec_to_graph(spec)
    ids = [n.id for n in graph.nodes]
    assert len(ids) == len(set(ids))
    assert {n.path for n in graph.nodes if n.label == "produce"} == {"produce", "inner/produce"}


def test_output_does_not_depend_on_key_order():
    def reverse(value):
        if isinstance(value, dict):
            return {k: reverse(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reverse(v) for v in value]
        return value

    for name in NAMES:
        spec = load(name)
        assert to_mermaid(spec_to_graph(reverse(spec))) == to_mermaid(spec_to_graph(spec))
        assert to_dot(spec_to_graph(reverse(spec))) == to_dot(spec_to_graph(spec))


@pytest.mark.parametrize("bad", [None, [], "text", {"components": {}}, {"root": {"dag": 3}}])
def test_not_a_pipeline_spec(bad):
    with pytest.raises(NotAPipelineSpec):
        spec_to_graph(bad)


# -- golden drawings -------------------------------------------------------------------------


def check_golden(path: Path, actual: str) -> None:
    if regen.requested():  # never under CI: see tests/regen.py
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "actual"
            )
        )
        pytest.fail(f"{path.name} differs (KFP_LITE_REGEN=1 rewrites it):\n{diff}")


@pytest.mark.parametrize("name", NAMES)
def test_golden_mermaid(name):
    check_golden(EXPECTED / f"{name}.mmd", to_mermaid(graph_of(name)))


@pytest.mark.parametrize("name", NAMES)
def test_golden_dot(name):
    check_golden(EXPECTED / f"{name}.dot", to_dot(graph_of(name)))


# -- Mermaid that GitHub can render ----------------------------------------------------------

_ID = r"[A-Za-z][A-Za-z0-9_]*"
_LABEL = r'"[^"\n]*"'
_SHAPES = [rf"\[{_LABEL}\]", rf"\(\[{_LABEL}\]\)", rf"\[\({_LABEL}\)\]", rf"\{{\{{{_LABEL}\}}\}}"]
_STATEMENTS = [
    re.compile(rf"(?P<node>{_ID})(?:{'|'.join(_SHAPES)})"),
    re.compile(rf"subgraph (?P<group>{_ID})\[{_LABEL}\]"),
    re.compile(r"end"),
    re.compile(rf"(?P<src>{_ID}) (?:-->|==>|-\.->)(?:\|{_LABEL}\|)? (?P<dst>{_ID})"),
    re.compile(rf"classDef {_ID} [a-z:#0-9,-]+"),
    re.compile(rf"class (?P<members>{_ID}(?:,{_ID})*) {_ID}"),
]
# words the flowchart grammar reads as keywords, and first letters that turn '--' into an arrow
_RESERVED = {"end", "graph", "subgraph", "flowchart", "class", "classDef", "style", "click"}


def check_mermaid(text: str) -> None:
    """The subset of the flowchart grammar to_mermaid writes, checked line by line."""
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    declared: set[str] = set()
    depth = 0
    for line in lines[1:]:
        stripped = line.strip()
        match = next((m for p in _STATEMENTS if (m := p.fullmatch(stripped))), None)
        assert match, f"not valid flowchart syntax: {line!r}"
        ids = [v for k, v in match.groupdict().items() if v and k != "members"]
        for ident in ids:
            assert ident not in _RESERVED and ident[0] not in "oxOX", ident
        if match.groupdict().get("node") or match.groupdict().get("group"):
            ident = match.group("node") if match.groupdict().get("node") else match.group("group")
            assert ident not in declared, f"declared twice: {ident}"
            declared.add(ident)
        if stripped.startswith("subgraph "):
            depth += 1
        elif stripped == "end":
            depth -= 1
            assert depth >= 0
        elif match.groupdict().get("src"):
            assert {match.group("src"), match.group("dst")} <= declared, line
        elif match.groupdict().get("members"):
            assert set(match.group("members").split(",")) <= declared, line
    assert depth == 0


def corpus() -> list[Path]:
    return sorted(DATA.glob("*.yaml")) + sorted(KFP_GOLDENS.glob("**/*.yaml"))


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.stem)
def test_every_kfp_spec_draws_valid_mermaid_and_dot(path):
    spec = next(iter(yaml.safe_load_all(path.read_text())))
    graph = spec_to_graph(spec)
    check_mermaid(to_mermaid(graph))
    dot = to_dot(graph)
    assert dot.startswith("digraph ") and dot.endswith("}\n")
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)  # braces outside quoted strings
    assert bare.count("{") == bare.count("}")
    ids = [n.id for n in graph.nodes] + [c.id for c in graph.clusters]
    assert len(ids) == len(set(ids))


def test_labels_with_syntax_characters_are_escaped():
    spec = load("chain")
    nasty = 'end "quoted" [x] <b>bold</b> a|b #1 `code` & \\ {y}'
    spec["root"]["dag"]["tasks"]["load"]["taskInfo"]["name"] = nasty
    spec["root"]["inputDefinitions"]["parameters"]["rows"]["defaultValue"] = 'say "hi" | end'
    graph = spec_to_graph(spec)
    mermaid = to_mermaid(graph)
    check_mermaid(mermaid)
    assert (
        'task_load["end #34;quoted#34; [x] #60;b#62;bold#60;/b#62; a#124;b #35;1 #96;code#96; '
        '#38; #92; {y} (load)"]' in mermaid
    )
    dot = to_dot(graph)
    assert 'label="end \\"quoted\\" [x] <b>bold</b> a|b #1 `code` & \\\\ {y} (load)"' in dot


def test_dot_edges_to_clusters_use_anchors():
    dot = to_dot(graph_of("exit_handler"))
    assert "compound=true;" in dot
    assert "grp_exit_handler_1__anchor [shape=point, style=invis" in dot
    assert (
        "grp_exit_handler_1__anchor -> task_notify [ltail=cluster_grp_exit_handler_1, "
        'label="final status → status", style=dashed, color=firebrick];' in dot
    )


def test_docs_show_current_drawings():
    docs = (Path(__file__).parents[1] / "docs" / "graph.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", docs, re.S)
    goldens = {p.read_text(encoding="utf-8") for p in EXPECTED.glob("*.mmd")}
    assert blocks and all(block in goldens for block in blocks)
    for block in blocks:
        check_mermaid(block)
