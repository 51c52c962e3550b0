"""Render a :class:`Graph` as a Mermaid flowchart that GitHub draws inside a ```mermaid block."""

from __future__ import annotations

from typing import Dict, List

from .model import AFTER, ARTIFACT, CONDITION, EXIT, INPUT, LOOP_ITEM, OUTPUT, Graph, Node

# characters Mermaid would read as syntax, markdown or HTML, written as numeric entity codes
_ESCAPES = {
    "#": "#35;",
    '"': "#34;",
    "&": "#38;",
    "<": "#60;",
    ">": "#62;",
    "`": "#96;",
    "\\": "#92;",
    "|": "#124;",
}

_ARROWS = {ARTIFACT: "==>", AFTER: "-.->", EXIT: "-.->", CONDITION: "-.->"}

_CLASSES = (
    ("input", "fill:#e8f1fb,stroke:#4a78b0"),
    ("output", "fill:#e9f6e9,stroke:#4a944a"),
    ("item", "fill:#fdf3e1,stroke:#b8862e"),
)
_NODE_CLASS = {INPUT: "input", OUTPUT: "output", LOOP_ITEM: "item"}


def escape(text: str) -> str:
    """Make ``text`` safe inside a double-quoted Mermaid label."""
    out = "".join(_ESCAPES.get(ch, ch) for ch in text)
    return " ".join(out.split())


def _shape(node: Node) -> str:
    label = f'"{escape(node.label)}"'
    if node.kind == LOOP_ITEM:
        return f"{{{{{label}}}}}"  # hexagon
    if node.kind in (INPUT, OUTPUT):
        return f"[({label})]" if node.value_kind == ARTIFACT else f"([{label}])"
    return f"[{label}]"


def to_mermaid(graph: Graph) -> str:
    """The flowchart text, ending with a newline; the same graph always gives the same text."""
    lines = ["flowchart TD"]
    nodes_in: Dict[object, List[Node]] = {}
    for node in graph.nodes:
        nodes_in.setdefault(node.cluster, []).append(node)
    children: Dict[object, List[str]] = {}
    for cluster in graph.clusters:
        children.setdefault(cluster.parent, []).append(cluster.id)
    labels = {c.id: c.label for c in graph.clusters}

    def emit(parent: object, depth: int) -> None:
        pad = "    " * depth
        for node in nodes_in.get(parent, []):
            lines.append(f"{pad}{node.id}{_shape(node)}")
        for cluster_id in children.get(parent, []):
            lines.append(f'{pad}subgraph {cluster_id}["{escape(labels[cluster_id])}"]')
            emit(cluster_id, depth + 1)
            lines.append(f"{pad}end")

    emit(None, 1)
    for edge in graph.edges:
        arrow = _ARROWS.get(edge.kind, "-->")
        text = f'|"{escape(edge.label)}"|' if edge.label else ""
        lines.append(f"    {edge.source} {arrow}{text} {edge.target}")
    for name, style in _CLASSES:
        members = [n.id for n in graph.nodes if _NODE_CLASS.get(n.kind) == name]
        if members:
            lines.append(f"    classDef {name} {style}")
            lines.append(f"    class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"
