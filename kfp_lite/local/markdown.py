"""A small, safe Markdown-to-HTML for ``Markdown`` artifacts in the run report.

Covers what pipeline authors write in result summaries: headings, paragraphs, lists, code
blocks and spans, emphasis, links and tables. The text is escaped before any markup is
added, so a Markdown artifact can never inject script into the report.
"""

from __future__ import annotations

import re
from html import escape

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|#[^)\s]*)\)")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*([^*]+)\*(?!\*)")


def to_html(text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                block.append(lines[i])
                i += 1
            out.append(f"<pre><code>{escape(chr(10).join(block))}</code></pre>")
            i += 1
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", stripped)
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            i += 1
            continue
        if stripped.startswith("|") and i + 1 < len(lines) and re.match(
                r"^\s*\|?\s*:?-{3,}", lines[i + 1]):
            i = _table(lines, i, out)
            continue
        if re.match(r"([-*+]|\d+\.)\s+", stripped):
            ordered = stripped[0].isdigit()
            items = []
            while i < len(lines) and re.match(r"\s*([-*+]|\d+\.)\s+", lines[i]):
                items.append(re.sub(r"^\s*([-*+]|\d+\.)\s+", "", lines[i]))
                i += 1
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(t)}</li>" for t in items) + f"</{tag}>")
            continue
        if not stripped:
            i += 1
            continue
        paragraph = []
        while i < len(lines) and lines[i].strip() and not re.match(
                r"(#{1,6}\s|```|[-*+]\s|\d+\.\s|\|)", lines[i].strip()):
            paragraph.append(lines[i].strip())
            i += 1
        if not paragraph:  # a line no rule above took: show it as text
            paragraph.append(stripped)
            i += 1
        out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return "\n".join(out)


def _table(lines: list[str], i: int, out: list[str]) -> int:
    def cells(row: str) -> list[str]:
        return [c.strip() for c in row.strip().strip("|").split("|")]

    head = cells(lines[i])
    i += 2
    rows = []
    while i < len(lines) and lines[i].strip().startswith("|"):
        rows.append(cells(lines[i]))
        i += 1
    html = "<table><thead><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr></thead>"
    html += "<tbody>" + "".join(
        "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows
    ) + "</tbody></table>"
    out.append(html)
    return i


def _inline(text: str) -> str:
    text = escape(text, quote=False)
    text = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return _LINK.sub(lambda m: f'<a href="{escape(m.group(2))}">{m.group(1)}</a>', text)
