"""report.html: what a run report shows, that it is self-contained, and that it is safe.

The browser test opens a report in headless Chromium (Debian's ``chromium`` package, which
``.ci/run`` installs) and reads back the DOM the browser built.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kfp_lite.local import html_report, markdown
from kfp_lite.local.report_model import run_view

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def record(folder: Path) -> dict:
    (folder / "notes.md").write_text(
        "# Results\n\nThe model **beat** the baseline.\n\n| metric | value |\n|---|---|\n"
        "| f1 | 0.91 |\n\n<script>alert('md')</script>\n")
    (folder / "page.html").write_text(
        "<h2 id='inside'>From an HTML artifact</h2><script>document.title='x'</script>")
    return {
        "pipeline": "train-pipeline", "state": "FAILED", "started": 1000.0, "finished": 1012.5,
        "tasks": [
            {"path": "make-data", "state": "SUCCEEDED", "started": 1000.1, "finished": 1003.0,
             "cached": True, "reason": "cached: same inputs as run train-pipeline-1"},
            {"path": "train", "state": "SUCCEEDED", "started": 1003.0, "finished": 1008.0,
             "reason": "parameter 'epochs' changed 3 -> 4", "dependencies": ["make-data"],
             "outputs": {"parameters": {"Output": 0.4}}},
            {"path": "evaluate", "state": "SUCCEEDED", "started": 1008.0, "finished": 1012.0,
             "dependencies": ["train"], "reason": "no previous run", "outputs": {"artifacts": {
                 "metrics": [{"schemaTitle": "system.Metrics", "uri": str(folder / "m"),
                              "metadata": {"accuracy": 0.93, "loss": 0.25}}],
                 "cm": [{"schemaTitle": "system.ClassificationMetrics", "uri": str(folder / "c"),
                         "metadata": {
                             "confusionMatrix": {
                                 "annotationSpecs": [{"displayName": "cat"},
                                                     {"displayName": "dog"}],
                                 "rows": [{"row": [8, 2]}, {"row": [1, 9]}]},
                             "confidenceMetrics": [
                                 {"confidenceThreshold": 0.5, "recall": 0.8,
                                  "falsePositiveRate": 0.2, "precision": 0.75}]}}],
                 "sliced": [{"schemaTitle": "system.SlicedClassificationMetrics",
                             "uri": str(folder / "s"), "metadata": {"evaluationSlices": [
                                 {"slice": "age<30", "sliceClassificationMetrics": {
                                     "confidenceMetrics": [{"confidenceThreshold": 0.5,
                                                            "recall": 0.6,
                                                            "falsePositiveRate": 0.1}]}}]}}],
                 "notes": [{"schemaTitle": "system.Markdown", "uri": str(folder / "notes.md")}],
                 "page": [{"schemaTitle": "system.HTML", "uri": str(folder / "page.html")}],
             }}},
            {"path": "notify", "state": "FAILED", "started": 1012.0, "finished": 1012.4,
             "dependencies": ["evaluate"], "error": "ValueError: <boom>"},
        ],
    }


def test_the_page_shows_every_part(tmp_path: Path) -> None:
    page = html_report.render(run_view(record(tmp_path), str(tmp_path)))
    for section in ("graph", "timeline", "tasks", "metrics", "documents"):
        assert f'<section id="{section}">' in page
    assert page.count('class="node"') == 4 and page.count('class="edge"') == 3
    assert 'data-task="make-data" data-state="CACHED"' in page
    assert "parameter &#x27;epochs&#x27; changed 3 -&gt; 4" in page
    assert "<td>accuracy</td><td>0.93</td>" in page
    assert '<th>cat</th><td style="background:rgba(21,101,192,0.61)">8</td>' in page
    assert "ROC curve" in page and "Precision / recall" in page and "slice age&lt;30" in page
    assert "<strong>beat</strong>" in page and "<td>0.91</td>" in page
    assert "ValueError: &lt;boom&gt;" in page


def test_the_page_is_self_contained_and_runs_no_artifact_code(tmp_path: Path) -> None:
    page = html_report.render(run_view(record(tmp_path), str(tmp_path)))
    assert "<script" not in page.replace("&lt;script", "")
    assert not re.search(r'(src|href)="https?://', page), "no network resource"
    assert '<iframe sandbox=""' in page  # HTML artifacts are framed without scripts


def test_metrics_lines_for_the_terminal(tmp_path: Path) -> None:
    lines = html_report.metrics_lines(run_view(record(tmp_path)))
    assert lines[0].split() == ["TASK", "ARTIFACT", "METRIC", "VALUE"]
    assert [line.split() for line in lines[1:]] == [
        ["evaluate", "metrics", "accuracy", "0.93"], ["evaluate", "metrics", "loss", "0.25"]]
    assert html_report.metrics_lines(run_view({"tasks": []})) == []


def test_a_long_chain_is_drawn_without_recursion() -> None:
    tasks = [{"path": f"t{i}", "state": "SUCCEEDED", "dependencies": [f"t{i - 1}"] if i else []}
             for i in range(3000)]
    page = html_report.render(run_view({"pipeline": "p", "state": "SUCCEEDED", "tasks": tasks}))
    assert page.count('class="node"') == 3000


def test_markdown_is_escaped_before_markup() -> None:
    html = markdown.to_html("# T <b>\n\n[x](javascript:alert(1)) [ok](https://e.org) `<i>`")
    assert "<h1>T &lt;b&gt;</h1>" in html
    assert 'href="javascript' not in html and '<a href="https://e.org">ok</a>' in html
    assert "<code>&lt;i&gt;</code>" in html


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="chromium is not installed (CI installs it)")
def test_a_browser_shows_the_report(tmp_path: Path) -> None:
    assert CHROMIUM, "CI must install Debian's chromium for the report test"
    path = html_report.write(run_view(record(tmp_path), str(tmp_path)), tmp_path / "report.html")
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert "<title>train-pipeline - failed</title>" in dom  # the artifact's script did not run
    assert dom.count("<g class=\"node\"") == 4
    assert "<td>accuracy</td><td>0.93</td>" in dom
    assert 'class="curve"' in dom and "confusion matrix" in dom
