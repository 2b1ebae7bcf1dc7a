"""What a reader sees on a page: the checks the reader-view tests run in each width and colour mode.

Each check is a JavaScript function evaluated in the page, returning a list of problems
(empty when the page passes), so that one page load serves every check:

* :data:`OVERFLOW`: an element that reaches past the window's right edge, or a page that
  scrolls sideways; content inside a box that scrolls sideways on its own (Table 1's
  wrapper on a phone) is the box's business, not the page's;
* :data:`BROKEN_WORDS`: a word of the selected elements that the browser split over two
  lines (a break after a hyphen or a slash, where a reader expects one, is allowed; the
  citation key of an added row's note is no word and may break);
* :data:`LOW_CONTRAST_TEXT`: a text whose ink and background are too close (WCAG's
  contrast ratio under 3, far below axe's 4.5), computed from the colours the page shows;
  axe judges contrast too, and this check names the cases axe leaves "incomplete" when an
  output panel paints its own background;
* chart text (chart_contrast.py): each text of a drawn chart under WCAG AA contrast against
  what is drawn under it, which axe cannot judge inside an SVG; a page with a chart whose
  text cannot be read is a problem too.

Modes: ``light`` and ``dark`` are set by the theme's own switch (the button a reader
clicks), which must not reload the page; ``system-dark`` is a reader whose system prefers dark
and who never clicked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import chart_text as ct
from chart_contrast import CHART_TEXTS, low_contrast_texts
from nanoimaging.site.screenshots import TRANSITIONS_DONE
from nanoimaging.site.screenshots import WIDTHS as WIDTHS  # the widths readers are checked at (re-exported)
from sitekit.axe import AXE_URL_PATH, run_axe, serious_violations
from sitekit.browser import tooltip_items
from sitekit.charts import chart_specs
from sitekit.tabs import Tabs

#: The colour modes in the order a page is checked in, each with the mode the theme's button is
#: clicked to (None: not clicked, the theme on "auto" following the system's dark).
MODES = {"system-dark": None, "light": "light", "dark": "dark"}
#: The modes axe runs in (every WCAG A/AA rule, contrast included).
AXE_MODES = ("system-dark", "light")

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const scroller = document.scrollingElement;
  if (scroller.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${scroller.scrollWidth} px wide in a ${width} px window`);
  const scrollsItself = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    if (scrollsItself(el)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    problems.push(`${name} reaches x = ${Math.round(box.right)} in a ${width} px window: ${(el.textContent || '').trim().slice(0, 60)}`);
  }
  return problems.slice(0, 20);
}"""

BROKEN_WORDS = """(selector) => {
  const problems = [];
  const range = document.createRange();
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement || !node.parentElement.getClientRects().length) continue;
      if (node.parentElement.closest('.t1-added-note')) continue;  // a citation key, not a word of the table
      const text = node.textContent;
      const piece = /[^\\s\\-\\/\\u2010-\\u2014]+[\\-\\/\\u2010-\\u2014]?/g;
      for (let m = piece.exec(text); m; m = piece.exec(text)) {
        const word = m[0].replace(/[\\-\\/\\u2010-\\u2014]$/, '');
        if (word.length < 2) continue;
        range.setStart(node, m.index);
        range.setEnd(node, m.index + word.length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) problems.push(`"${word}" is split over ${lines.size} lines in ${node.parentElement.closest('th, td, caption') ? node.parentElement.closest('th, td, caption').tagName.toLowerCase() : 'text'}: "${text.trim().slice(0, 50)}"`);
      }
    }
  }
  return problems;
}"""

LOW_CONTRAST_TEXT = """(minimum) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor) || {r: 255, g: 255, b: 255, a: 1};
  };
  const problems = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || seen.has(el) || el.closest('svg, .vega-chart, [hidden], .visually-hidden, .sr-only')) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || !el.getClientRects().length || Number(style.opacity) === 0) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    const ink = parse(style.color), back = background(el);
    if (!ink) continue;
    const [hi, lo] = [lum(ink), lum(back)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minimum) problems.push(`${el.tagName.toLowerCase()} "${node.textContent.trim().slice(0, 40)}": ${style.color} on ${getComputedStyle(el).backgroundColor === 'rgba(0, 0, 0, 0)' ? 'rgb(' + [back.r, back.g, back.b].join(', ') + ')' : getComputedStyle(el).backgroundColor}, contrast ${ratio.toFixed(2)}`);
  }
  return problems.slice(0, 20);
}"""

#: Clicks the theme's switch until the page is in ``mode`` (it cycles light, dark, auto),
#: then waits for the charts to be drawn again in that mode (charts.js sets data-drawn-theme).
SWITCH_MODE = """async (mode) => {
  const button = document.querySelector('.theme-switch-button');
  if (!button) return 'no theme switch on the page';
  for (let i = 0; i < 3 && document.documentElement.dataset.mode !== mode; i++) button.click();
  if (document.documentElement.dataset.mode !== mode) return `the switch never reached ${mode}`;
  const drawn = () => [...document.querySelectorAll('.vega-chart')].every(el =>
    el.getAttribute('data-drawn-theme') === document.documentElement.dataset.theme
    || (el.closest('figure') || el).classList.contains('vega-failed'));
  for (let t = 0; t < 200 && !drawn(); t++) await new Promise(r => setTimeout(r, 50));
  return drawn() ? '' : 'the charts were not drawn again in the new mode';
}"""

#: The least contrast ratio a text may show (WCAG's ratio for large text; body text needs 4.5,
#: which axe checks). Text under this is unreadable whatever its size.
MIN_CONTRAST = 3.0


def reader_problems(page: Any, table_words: bool = False, figures: bool = False) -> list[str]:
    """Every problem the reader-view checks find on ``page`` as it is now drawn (``figures``: it shows charts)."""
    problems = [f"overflow: {p}" for p in page.evaluate(OVERFLOW)]
    problems += [f"contrast: {p}" for p in page.evaluate(LOW_CONTRAST_TEXT, MIN_CONTRAST)]
    chart_texts = page.evaluate(CHART_TEXTS)
    if figures and not chart_texts:
        problems.append("chart contrast: the page's charts show no text to read")
    problems += [f"chart contrast: {p}" for p in low_contrast_texts(chart_texts)]
    if table_words:
        problems += [f"broken word: {p}" for p in page.evaluate(BROKEN_WORDS, "table.table1 th, table.table1 td")]
    return problems


def view_page(
    tabs: Tabs,
    url: str,
    width: int,
    axe_url: str | None,
    table_words: bool = False,
    timeout_ms: int = 20000,
    chart_mode: str | None = None,
    tooltip_selector: str = "",
) -> dict[str, dict[str, Any]]:
    """Load ``url`` once at ``width`` and check it in each of :data:`MODES`; per mode, its problems and axe's.

    The page opens (a first visit, sitekit.tabs) with the system preferring dark and the theme on
    "auto" (a reader who never clicked), then the theme's switch is clicked to light, then to dark.
    Given ``chart_mode``, that mode's entry also holds what the chart tests read (:func:`_read_charts`),
    with the page as each tooltip of the items ``tooltip_selector`` matches showed, hovered last.
    """
    found: dict[str, dict[str, Any]] = {}
    page, report = tabs.visit(url, timeout_ms=timeout_ms, viewport={"width": width, "height": 900}, color_scheme="dark")
    figures = bool(report.charts) or page.evaluate(f"document.querySelector({STATIC_FIGURE!r}) !== null")
    page.evaluate("window.__sameDocument = true")  # gone if a switch reloads the page
    for mode, switch in MODES.items():
        problems = [f"load: {e}" for e in report.errors]
        if switch:
            failed = _switch(page, switch)
            problems += [f"switch: {failed}"] if failed else []
        elif page.evaluate("document.documentElement.dataset.theme") != "dark":
            problems.append("the system prefers dark and the page is not dark")
        # axe in the system's dark and in light; dark by the switch draws what the system's dark
        # draws (the same data-theme), so there the page's own checks suffice, after the fades.
        axe = run_axe(page, axe_url) if mode in AXE_MODES else (page.evaluate(TRANSITIONS_DONE) or [])
        found[mode] = {"problems": problems + reader_problems(page, table_words, figures), "axe": axe}
        if mode == chart_mode:
            found[mode]["charts"] = _read_charts(page, report.charts)
    if chart_mode in found:  # hovered last: an open tooltip would stand in the other checks' way
        found[chart_mode]["charts"]["tooltips"] = [
            ct.tooltip_views(page, index, tooltip_selector) if tooltip_selector else []
            for index in range(len(report.charts))
        ]
    return found


def _read_charts(page: Any, drawn: list[dict]) -> dict[str, list]:
    """The page's chart texts and points once every chart drew in the page's mode (chart_text.py), and its charts
    as the load reported them."""
    texts, points = ct.read_drawn(page, page.evaluate("document.documentElement.dataset.theme"))
    return {"texts": texts, "points": points, "drawn": drawn}


#: The home page's figure: inline SVG drawn at build time (no chart script).
STATIC_FIGURE = ".data-chart-static svg"


def _switch(page: Any, mode: str) -> str:
    """Switch ``page`` to ``mode`` with the theme's button (:data:`SWITCH_MODE`): what went wrong, or ''."""
    try:
        failed = page.evaluate(SWITCH_MODE, mode)
        reloaded = not page.evaluate("window.__sameDocument === true")
    except Exception as exc:  # the document was replaced under the check
        return f"the page left its document: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
    return failed or ("the page reloaded to switch mode" if reloaded else "")


#: Pages that hold Table 1 (whole or one family's block): their words must stay whole at desktop width.
TABLE1_PAGES = {
    "notebooks/table1.html",
    "notebooks/non-invasive-clinical.html",
    "notebooks/optical.html",
    "notebooks/mass-spectrometry.html",
}


#: The mode in which the chart tests (test_chart_text.py) read a chart page at each width: each layout in
#: one of the two modes (where a text stands does not depend on its colour), at phone width as a reader
#: whose system prefers dark opens it, at desktop width once the switch made it light.
CHART_READING = {"phone": "system-dark", "desktop": "light"}


class ReaderViews:
    """The reader views of one build's pages, each made once per run (by the first worker that asks).

    Given the build's ``html``, a view of a page with charts also reads them for the chart tests
    (:data:`CHART_READING`), so that one load of a page at a width serves both.
    """

    def __init__(self, visits: object, build: str, html: Path | None = None) -> None:
        self.visits, self.build, self.html = visits, build, html
        self.chart_pages = set(ct.chart_pages(html)) if html else set()
        self._views: dict[tuple[str, str], dict] = {}
        self._specs: list[tuple[str, dict]] | None = None

    def _tooltip_selector(self, page_name: str) -> str:
        if self._specs is None:
            self._specs = chart_specs(self.html)
        return tooltip_items(spec for name, spec in self._specs if name == page_name)

    def __call__(self, page_name: str, width: str) -> dict[str, dict[str, Any]]:
        key = (page_name, width)
        if key not in self._views:
            name = f"reader-{self.build}-{width}-" + re.sub(r"[^A-Za-z0-9]+", "-", page_name)
            visits = self.visits
            charts = page_name in self.chart_pages

            def view(_folder):
                return view_page(
                    visits.tabs,
                    visits.server.url(visits.prefix + page_name),
                    WIDTHS[width],
                    visits.server.url(AXE_URL_PATH),
                    table_words=width == "desktop" and page_name in TABLE1_PAGES,
                    chart_mode=CHART_READING[width] if charts else None,
                    tooltip_selector=self._tooltip_selector(page_name) if charts else "",
                )

            self._views[key] = visits._once(name, view)
        return self._views[key]


def problems_in_every_mode(views: dict[str, dict[str, list]]) -> dict[str, list[str]]:
    """Per mode, what the reader view found (its own checks, then axe's serious violations); empty modes left out."""
    found = {
        mode: view["problems"] + [f"axe: {p}" for p in serious_violations(view["axe"])] for mode, view in views.items()
    }
    return {mode: problems for mode, problems in found.items() if problems}
