"""What a reader sees of the charts in the browser: every text's size and box, and each tooltip as it opens.

Helpers for tests/site/test_chart_text.py (and its fault tests):

- :data:`READ_TEXTS` reads every shown text of every chart of a page (the drawn SVG of each
  ``.vega-chart``, and the inline SVG of each ``.data-chart-static`` that is displayed):
  its box on screen and its font size as rendered, through every scaling of the SVG;
- :func:`read_drawn` reads them and the points once the charts drew in a mode;
- :func:`small_texts` and :func:`overlapping_texts` judge them;
- :func:`tooltip_views` hovers each mark that carries a tooltip and measures the page while
  its tooltip is open (sideways scroll, the tooltip's box against the window);
- :func:`chart_pages` lists the pages of a built site that have charts;
- :func:`texts_on_points` finds a text over a point (:data:`READ_POINTS`) that is not its own;
- :func:`pile_labels`, :func:`labels_on_points` and :func:`set_label_size` break a page's chart spec,
  for the fault tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from json_tree import dicts_in
from nanoimaging.site.chart_html import script_json
from nanoimaging.site.screenshots import WAIT_FOR_MODE
from sitekit.browser import hover_tooltips
from sitekit.pages import html_pages

#: The smallest text a chart may show (CSS pixels, as rendered), how far two text boxes may overlap, and
#: how far apart two texts on one line must stand to read as two.
SMALLEST_PX, OVERLAP_TOLERANCE_PX, LINE_GAP_PX = 10.0, 1.0, 2.0

#: Every text a chart shows: chart index and name, the text, its box (CSS px) and its rendered font size.
#: A text is shown when it has characters, a box, is not hidden by CSS, and no opacity on its way up
#: to its SVG is 0 (Vega gives an axis label it thins out opacity 0).
READ_TEXTS = """() => {
  const charts = [...document.querySelectorAll('.vega-chart, .data-chart-static')];
  const out = [];
  charts.forEach((chart, index) => {
    const figure = chart.closest('figure') || chart;
    const name = figure.dataset.chartName || chart.dataset.chartName || '';
    chart.querySelectorAll('svg').forEach(svg => {
      if (!svg.checkVisibility({visibilityProperty: true})) return;
      svg.querySelectorAll('text').forEach(text => {
        const content = text.textContent.trim();
        if (!content || !text.checkVisibility({visibilityProperty: true, opacityProperty: true})) return;
        for (let el = text; el && el !== svg.parentNode; el = el.parentNode) {
          const style = getComputedStyle(el);
          if (Number(style.opacity) === 0 || Number(style.fillOpacity) === 0) return;
        }
        const box = text.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return;
        const m = text.getScreenCTM();
        const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
        out.push({chart: index, name, text: content.slice(0, 60),
                  size: parseFloat(getComputedStyle(text).fontSize) * scale,
                  box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom}});
      });
    });
  });
  return out;
}"""


#: Every point a chart draws (a symbol of a mark layer, not of a legend): chart index and its box (CSS px).
READ_POINTS = """() => {
  const out = [];
  [...document.querySelectorAll('.vega-chart, .data-chart-static')].forEach((chart, index) => {
    chart.querySelectorAll('svg').forEach(svg => {
      if (!svg.checkVisibility({visibilityProperty: true})) return;
      svg.querySelectorAll('g.role-mark.mark-symbol > path').forEach(path => {
        if (!path.checkVisibility({visibilityProperty: true, opacityProperty: true})) return;
        const box = path.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return;
        out.push({chart: index, box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom}});
      });
    });
  });
  return out;
}"""


def read_drawn(page: Any, mode: str) -> tuple[list[dict], list[dict]]:
    """(texts, points) of the open ``page`` (:data:`READ_TEXTS`, :data:`READ_POINTS`) once every chart drew in
    ``mode`` ("light" or "dark")."""
    page.wait_for_function(WAIT_FOR_MODE, arg=mode, timeout=10000)
    return page.evaluate(READ_TEXTS), page.evaluate(READ_POINTS)


def texts_on_points(
    texts: Iterable[dict], points: Iterable[dict], tolerance: float = OVERLAP_TOLERANCE_PX
) -> list[str]:
    """Texts that cover part of a point of their chart by more than ``tolerance`` px both ways (a text wholly
    inside a point, such as a count in its circle, is the point's own).

    >>> text = {"chart": 0, "name": "c", "text": "MRI", "box": {"left": 0, "top": 0, "right": 30, "bottom": 12}}
    >>> point = {"chart": 0, "box": {"left": 25, "top": 2, "right": 35, "bottom": 12}}
    >>> texts_on_points([text], [point]), texts_on_points([text], [{**point, "chart": 1}])
    (["c: 'MRI' covers a point (5.0 x 10.0 px)"], [])
    """
    points = list(points)
    found = []
    for t in texts:
        for p in points:
            if p["chart"] != t["chart"]:
                continue
            a, b = t["box"], p["box"]
            inside = (
                a["left"] >= b["left"]
                and a["right"] <= b["right"]
                and a["top"] >= b["top"]
                and a["bottom"] <= b["bottom"]
            )
            across = min(a["right"], b["right"]) - max(a["left"], b["left"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if not inside and across > tolerance and down > tolerance:
                found.append(f"{t['name']}: {t['text']!r} covers a point ({across:.1f} x {down:.1f} px)")
    return found


def small_texts(texts: Iterable[dict], smallest: float = SMALLEST_PX) -> list[str]:
    """The texts drawn smaller than ``smallest`` px.

    >>> small_texts([{"name": "c", "text": "tiny", "size": 6.0}, {"name": "c", "text": "ok", "size": 10.0}])
    ["c: 'tiny' at 6.0 px"]
    """
    return [f"{t['name']}: {t['text']!r} at {t['size']:.1f} px" for t in texts if t["size"] < smallest - 0.05]


def overlapping_texts(
    texts: Iterable[dict], tolerance: float = OVERLAP_TOLERANCE_PX, gap: float = LINE_GAP_PX
) -> list[str]:
    """Pairs of texts of one chart whose boxes overlap by more than ``tolerance`` px both across and down, or
    that stand on one line (sharing over half their height) less than ``gap`` px apart ("100 nm1 µm").

    >>> a = {"chart": 0, "name": "c", "text": "MRI", "box": {"left": 0, "top": 0, "right": 30, "bottom": 12}}
    >>> b = {**a, "text": "CT", "box": {"left": 20, "top": 5, "right": 40, "bottom": 17}}
    >>> overlapping_texts([a, b])
    ["c: 'MRI' and 'CT' overlap by 10.0 x 7.0 px"]
    >>> overlapping_texts([a, {**b, "box": {**b["box"], "left": 30.5}}])
    ["c: 'MRI' and 'CT' stand on one line 0.5 px apart"]
    >>> overlapping_texts([a, {**b, "box": {"left": 33, "top": 0, "right": 50, "bottom": 12}}])
    []
    """
    by_chart: dict[int, list[dict]] = {}
    for text in texts:
        by_chart.setdefault(text["chart"], []).append(text)
    found = []
    for items in by_chart.values():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                across = min(a["box"]["right"], b["box"]["right"]) - max(a["box"]["left"], b["box"]["left"])
                down = min(a["box"]["bottom"], b["box"]["bottom"]) - max(a["box"]["top"], b["box"]["top"])
                lower = min(a["box"]["bottom"] - a["box"]["top"], b["box"]["bottom"] - b["box"]["top"])
                if across > tolerance and down > tolerance:
                    found.append(
                        f"{a['name']}: {a['text']!r} and {b['text']!r} overlap by {across:.1f} x {down:.1f} px"
                    )
                elif down > lower / 2 and -across < gap:
                    found.append(
                        f"{a['name']}: {a['text']!r} and {b['text']!r} stand on one line {-across:.1f} px apart"
                    )
    return found


def chart_pages(html_dir: Path) -> list[str]:
    """The pages of a built site that hold a chart (drawn by charts.js, or inline SVG)."""
    return [
        page
        for page in html_pages(html_dir)
        if re.search(r'class="(vega-chart|data-chart-static)"', (html_dir / page).read_text(encoding="utf-8"))
    ]


#: The page while a tooltip is open: how far it scrolls sideways, and the tooltip's box against the window.
MEASURE_TOOLTIP = """() => {
  const el = document.getElementById('vg-tooltip-element');
  const box = el.getBoundingClientRect();
  const root = document.documentElement;
  return {scroll: root.scrollWidth - root.clientWidth, width: root.clientWidth, height: innerHeight,
          box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom}, text: el.textContent.slice(0, 60)};
}"""


def tooltip_views(page: Any, chart_index: int, selector: str, limit: int = 30) -> list[dict]:
    """The page as each tooltip showed (:data:`MEASURE_TOOLTIP`), over the first ``limit`` items that carry a
    tooltip among those matching ``selector`` in chart ``chart_index`` (:func:`sitekit.browser.hover_tooltips`)."""
    return [view for view in hover_tooltips(page, chart_index, selector, MEASURE_TOOLTIP, limit) if view]


def tooltip_problems(views: Iterable[dict]) -> list[str]:
    """Tooltips that made the page scroll sideways or reached past the window's edge.

    >>> tooltip_problems([{"scroll": 0, "width": 400, "height": 900, "text": "t",
    ...     "box": {"left": 300, "top": 10, "right": 460, "bottom": 80}}])
    ["tooltip 't' at x 300 to 460, y 10 to 80: outside the window (400 x 900)"]
    """
    found = []
    for v in views:
        b = v["box"]
        if v["scroll"] > 0:
            found.append(f"tooltip {v['text']!r}: the page scrolls sideways by {v['scroll']} px")
        if b["left"] < 0 or b["top"] < 0 or b["right"] > v["width"] + 0.5 or b["bottom"] > v["height"] + 0.5:
            found.append(
                f"tooltip {v['text']!r} at x {b['left']:.0f} to {b['right']:.0f}, y {b['top']:.0f} to "
                f"{b['bottom']:.0f}: outside the window ({v['width']} x {v['height']})"
            )
    return found


# ---------------------------------------------------------------------------
# Faults: a page whose chart specs are edited to fail the checks


def rewrite_specs(page: Path, change: Callable[[dict], int]) -> int:
    """Apply ``change`` (edits a Vega spec in place, returns how many things it changed) to every chart
    spec of ``page`` (each layout's); returns the total changed."""
    text = page.read_text(encoding="utf-8")
    changed = 0

    def edit(match: re.Match) -> str:
        nonlocal changed
        spec = json.loads(match.group(2))
        changed += change(spec)
        return match.group(1) + script_json(spec) + match.group(3)

    pattern = re.compile(r'(<script type="application/json"(?: data-layout="\w+")?>)(.*?)(</script>)', re.S)
    page.write_text(pattern.sub(edit, text), encoding="utf-8")
    return changed


def _point_label_marks(spec: dict) -> list[dict]:
    """The text marks of a Vega spec that label points (their text is a row's ``label``)."""
    return [
        node
        for node in dicts_in(spec)
        if node.get("type") == "text"
        and 'datum["label"]' in str(((node.get("encode") or {}).get("update") or {}).get("text", {}).get("signal", ""))
    ]


def pile_labels(spec: dict) -> int:
    """Draw every point label of ``spec`` at one place (10, 10) of its panel: each two coincide."""
    marks = _point_label_marks(spec)
    for mark in marks:
        update = mark["encode"]["update"]
        update.update({"x": {"value": 10}, "y": {"value": 10}, "dx": {"value": 0}, "dy": {"value": 0}})
    return len(marks)


def labels_on_points(spec: dict) -> int:
    """Draw every point label of ``spec`` centred on its point."""
    marks = _point_label_marks(spec)
    for mark in marks:
        update = mark["encode"]["update"]
        update.update({"dx": {"value": 0}, "dy": {"value": 0}, "align": {"value": "center"}})
        update.update({"baseline": {"value": "middle"}})
    return len(marks)


def set_label_size(size: float) -> Callable[[dict], int]:
    """A change that sets every point label of a spec in ``size`` px."""

    def change(spec: dict) -> int:
        marks = _point_label_marks(spec)
        for mark in marks:
            mark["encode"]["update"]["fontSize"] = {"value": size}
        return len(marks)

    return change
