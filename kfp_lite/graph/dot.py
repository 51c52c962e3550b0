"""Render a :class:`Graph` as Graphviz dot (``dot -Tsvg`` draws it)."""

from __future__ import annotations

from typing import Dict, List, Set

from .model import AFTER, ARTIFACT, CONDITION, EXIT, INPUT, LOOP_ITEM, OUTPUT, Graph, Node

_EDGE_STYLE = {
    ARTIFACT: "penwidth=2",
    AFTER: "style=dotted",
    EXIT: "style=dashed, color=firebrick",
    CONDITION: "style=dashed, color=gray40",
}


def quote(text: str) -> str:
    """A dot double-quoted string."""
    text = " ".join(text.split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_attrs(node: Node) -> str:
    if node.kind == LOOP_ITEM:
        shape = "shape=hexagon, style=filled, fillcolor=oldlace"
    elif node.kind in (INPUT, OUTPUT):
        fill = "aliceblue" if node.kind == INPUT else "honeydew"
        form = "cylinder" if node.value_kind == ARTIFACT else "ellipse"
        shape = f"shape={form}, style=filled, fillcolor={fill}"
    else:
        shape = "shape=box, style=rounded"
    return f"label={quote(node.label)}, {shape}"


def _anchor(cluster_id: str) -> str:
    return f"{cluster_id}__anchor"


def to_dot(graph: Graph) -> str:
    """The digraph text, ending with a newline; the same graph always gives the same text."""
    cluster_ids = {c.id for c in graph.clusters}
    anchored: Set[str] = set()
    for edge in graph.edges:
        anchored.update(end for end in (edge.source, edge.target) if end in cluster_ids)
    nodes_in: Dict[object, List[Node]] = {}
    for node in graph.nodes:
        nodes_in.setdefault(node.cluster, []).append(node)
    children: Dict[object, List[str]] = {}
    for cluster in graph.clusters:
        children.setdefault(cluster.parent, []).append(cluster.id)
    labels = {c.id: c.label for c in graph.clusters}

    lines = [
        f"digraph {quote(graph.name)} {{",
        "    compound=true;",
        "    rankdir=TB;",
        '    node [fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]

    def emit(parent: object, depth: int) -> None:
        pad = "    " * depth
        if isinstance(parent, str) and parent in anchored:
            lines.append(f'{pad}{_anchor(parent)} [shape=point, style=invis, width=0, label=""];')
        for node in nodes_in.get(parent, []):
            lines.append(f"{pad}{node.id} [{_node_attrs(node)}];")
        for cluster_id in children.get(parent, []):
            lines.append(f"{pad}subgraph cluster_{cluster_id} {{")
            lines.append(f"{pad}    label={quote(labels[cluster_id])};")
            lines.append(f"{pad}    style=rounded; color=gray50;")
            emit(cluster_id, depth + 1)
            lines.append(f"{pad}}}")

    emit(None, 1)
    for edge in graph.edges:
        attrs = []
        source, target = edge.source, edge.target
        if source in cluster_ids:
            attrs.append(f"ltail=cluster_{source}")
            source = _anchor(source)
        if target in cluster_ids:
            attrs.append(f"lhead=cluster_{target}")
            target = _anchor(target)
        if edge.label:
            attrs.append(f"label={quote(edge.label)}")
        if edge.kind in _EDGE_STYLE:
            attrs.append(_EDGE_STYLE[edge.kind])
        lines.append(f"    {source} -> {target} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
