"""Inline SVG pictures for the run report: the DAG, the timeline and x/y curves.

Plain strings, no plotting library: the report must open anywhere, offline, and kfp_lite
gains no dependency. Every text that comes from a run is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Optional, Sequence

STATE_COLOURS = {
    "SUCCEEDED": "#2e7d32", "CACHED": "#1565c0", "FAILED": "#c62828", "SKIPPED": "#9e9e9e",
    "RUNNING": "#ef6c00", "PENDING": "#bdbdbd", "CANCELED": "#6d4c41",
}


def colour(state: str) -> str:
    return STATE_COLOURS.get(state.upper(), "#757575")


def dag(nodes: Sequence[tuple[str, str, str]], edges: Sequence[tuple[str, str]]) -> str:
    """A layered drawing: nodes (id, label, state) in columns by longest path from a source."""
    if not nodes:
        return "<p>No tasks.</p>"
    ids = [n[0] for n in nodes]
    known = set(ids)
    parents: dict[str, list[str]] = {i: [] for i in ids}
    for a, b in edges:
        if a in known and b in known and a != b:
            parents[b].append(a)
    layer = _layers(ids, parents)
    columns: dict[int, list[str]] = {}
    for node in ids:
        columns.setdefault(layer[node], []).append(node)
    box_w, box_h, gap_x, gap_y = 170, 34, 60, 18
    place = {}
    for col, members in columns.items():
        for row, node in enumerate(members):
            place[node] = (20 + col * (box_w + gap_x), 20 + row * (box_h + gap_y))
    width = 40 + (max(columns) + 1) * (box_w + gap_x) - gap_x
    height = 40 + max(len(m) for m in columns.values()) * (box_h + gap_y) - gap_y
    parts = [_svg_open(width, height, "pipeline graph"),
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
             'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M 0 0 L 10 5 L 0 10 z" fill="#616161"/></marker></defs>']
    for b, ups in parents.items():
        for a in ups:
            (ax, ay), (bx, by) = place[a], place[b]
            x1, y1, x2, y2 = ax + box_w, ay + box_h / 2, bx, by + box_h / 2
            mid = (x1 + x2) / 2
            parts.append(f'<path class="edge" d="M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}" '
                         'fill="none" stroke="#616161" stroke-width="1.4" marker-end="url(#arrow)"/>')
    labels = {n[0]: (n[1], n[2]) for n in nodes}
    for node in ids:
        x, y = place[node]
        label, state = labels[node]
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f'<g class="node" data-task="{escape(node)}" data-state="{escape(state)}">'
            f'<title>{escape(label)}: {escape(state)}</title>'
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" '
            f'fill="#fff" stroke="{colour(state)}" stroke-width="2.5"/>'
            f'<text x="{x + 10}" y="{y + 22}" font-size="13">{escape(short)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _layers(ids: Sequence[str], parents: dict[str, list[str]]) -> dict[str, int]:
    """Longest path from a source, in one pass in topological order (no recursion)."""
    children: dict[str, list[str]] = {i: [] for i in ids}
    waiting = {i: len(parents[i]) for i in ids}
    for child, ups in parents.items():
        for up in ups:
            children[up].append(child)
    layer = {i: 0 for i in ids}
    ready = [i for i in ids if waiting[i] == 0]
    while ready:
        node = ready.pop()
        for child in children[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return layer


def timeline(rows: Sequence[tuple[str, float, float, str]], total: float) -> str:
    """One bar per task: (label, start offset s, end offset s, state), on a shared time axis."""
    if not rows:
        return "<p>No task ran.</p>"
    total = max(total, max(end for _, _, end, _ in rows), 1e-3)
    label_w, bar_w, row_h = 220, 560, 22
    height = 30 + len(rows) * row_h
    parts = [_svg_open(label_w + bar_w + 80, height, "timeline")]
    for tick in range(5):
        x = label_w + bar_w * tick / 4
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 20}" stroke="#eee"/>'
                     f'<text x="{x}" y="{height - 5}" font-size="11" text-anchor="middle">'
                     f'{total * tick / 4:.2f}s</text>')
    for i, (label, start, end, state) in enumerate(rows):
        y = 4 + i * row_h
        x = label_w + bar_w * start / total
        w = max(2.0, bar_w * (end - start) / total)
        style = 'stroke-dasharray="3 2" fill-opacity="0.35"' if state == "CACHED" else ""
        parts.append(
            f'<g class="bar" data-task="{escape(label)}" data-state="{escape(state)}">'
            f'<text x="0" y="{y + 14}" font-size="12">{escape(label[:32])}</text>'
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{colour(state)}" stroke="{colour(state)}" {style}/>'
            f'<text x="{x + w + 4:.1f}" y="{y + 13}" font-size="11">'
            f'{escape(state.lower())} {end - start:.2f}s</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def curve(points: Sequence[tuple[float, float]], x_label: str, y_label: str,
          title: str, diagonal: bool = False) -> str:
    """A line chart on [0, 1] x [0, 1] (ROC and precision/recall curves)."""
    size, pad = 260, 40
    parts = [_svg_open(size + pad + 20, size + pad + 30, title),
             f'<text x="{pad + size / 2}" y="14" font-size="13" text-anchor="middle">'
             f'{escape(title)}</text>',
             f'<rect x="{pad}" y="20" width="{size}" height="{size}" fill="#fafafa" stroke="#999"/>']
    if diagonal:
        parts.append(f'<line x1="{pad}" y1="{20 + size}" x2="{pad + size}" y2="20" '
                     'stroke="#bbb" stroke-dasharray="4 3"/>')
    ordered = sorted((min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)) for x, y in points)
    if ordered:
        path = " ".join(f"{pad + x * size:.1f},{20 + size - y * size:.1f}" for x, y in ordered)
        parts.append(f'<polyline class="curve" points="{path}" fill="none" '
                     'stroke="#1565c0" stroke-width="2"/>')
        parts.extend(f'<circle class="point" cx="{pad + x * size:.1f}" cy="{20 + size - y * size:.1f}" '
                     'r="3" fill="#1565c0"/>' for x, y in ordered)
    parts.append(f'<text x="{pad + size / 2}" y="{size + 52}" font-size="12" '
                 f'text-anchor="middle">{escape(x_label)}</text>'
                 f'<text x="12" y="{20 + size / 2}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 12 {20 + size / 2})">{escape(y_label)}</text></svg>')
    return "".join(parts)


def _svg_open(width: float, height: float, label: Optional[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label or "")}" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            'font-family="sans-serif">')
