"""Check built pages for the chart-asset rule: the chart scripts load once on a chart page, never elsewhere.

>>> audit_page_html("<html><body><p>No chart.</p></body></html>")
[]
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from .sphinx_charts import CSS_FILES, JS_FILES


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.charts: list[dict[str, str]] = []
        self.chart_json: list[str] = []  # one Vega spec per chart
        self.narrow_json: list[str] = []  # the narrow layouts of the charts that have one
        self._target = self.chart_json
        self._in_chart_json = False
        self._depth_chart = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            if a.get("src"):
                self.scripts.append(a["src"])
            elif a.get("type") == "application/json" and self._depth_chart:
                self._in_chart_json = True
                target = self.narrow_json if a.get("data-layout") == "narrow" else self.chart_json
                target.append("")
                self._target = target
        elif tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.stylesheets.append(a.get("href", ""))
        if tag == "div" and "vega-chart" in a.get("class", "").split():
            self.charts.append(a)
            self._depth_chart += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_chart_json = False
        elif tag == "div" and self._depth_chart:
            self._depth_chart -= 1

    def handle_data(self, data: str) -> None:
        if self._in_chart_json:
            self._target[-1] += data


def _basename(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) and not url.lower().startswith("file:")


def audit_page_html(text: str) -> list[str]:
    """Problems with the chart assets of one built HTML page (empty list: fine).

    A chart page loads vega, vega-embed and charts.js once each, in that order, and charts.css; other
    pages load none; no page loads from another host. Each chart has an ``aria-label`` and a Vega spec.
    """
    scan = _PageScan()
    scan.feed(text)
    scan.close()
    problems = []
    for url in scan.scripts + scan.stylesheets:
        if _is_external(url):
            problems.append(f"loads {url} from another host")
    names = [_basename(u) for u in scan.scripts]
    wanted = [_basename(f) for f in JS_FILES]
    css = [_basename(u) for u in scan.stylesheets]
    if scan.charts:
        for name in wanted:
            if names.count(name) != 1:
                problems.append(f"{len(scan.charts)} chart(s) but {name} is loaded {names.count(name)} times")
        present = [n for n in names if n in wanted]
        if all(names.count(n) == 1 for n in wanted) and present != wanted:
            problems.append(f"scripts load out of order: {present}, expected {wanted}")
        for name in CSS_FILES:
            if css.count(_basename(name)) != 1:
                problems.append(f"{name} is linked {css.count(_basename(name))} times")
        for i, attrs in enumerate(scan.charts):
            if not attrs.get("aria-label", "").strip():
                problems.append(f"chart {i + 1} has no aria-label")
        if len(scan.chart_json) != len(scan.charts):
            problems.append(f"{len(scan.charts)} chart(s) but {len(scan.chart_json)} JSON spec(s)")
        for i, raw in enumerate(scan.chart_json + scan.narrow_json):
            try:
                spec = json.loads(raw)
            except ValueError as exc:
                problems.append(f"chart {i + 1}: spec is not JSON ({exc})")
                continue
            if "/schema/vega/" not in str(spec.get("$schema", "")):
                problems.append(f"chart {i + 1}: spec is not compiled to Vega ($schema {spec.get('$schema')!r})")
    else:
        for name in wanted + [_basename(f) for f in CSS_FILES]:
            if name in names or name in css:
                problems.append(f"no chart on the page but {name} is loaded")
    return problems


def audit_site(html_dir: str | Path) -> dict[str, list[str]]:
    """Run :func:`audit_page_html` on every ``*.html`` under ``html_dir``.

    Returns ``{relative path: problems}`` for the pages with problems only.
    """
    root = Path(html_dir)
    result = {}
    for path in sorted(root.rglob("*.html")):
        if "_static" in path.relative_to(root).parts:
            continue
        problems = audit_page_html(path.read_text(encoding="utf-8"))
        if problems:
            result[path.relative_to(root).as_posix()] = problems
    return result
