"""In the browser: one visit of a page (console, errors, requests, charts), and hovering a chart's marks."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from nanoimaging.figures.matrices import UNDERLAY
from nanoimaging.site.browser import NO_CHROMIUM as HOW_TO_GET_CHROMIUM
from nanoimaging.site.browser import is_local, local_only
from nanoimaging.site.screenshots import WAIT_FOR_CHARTS

#: Console messages that come from the theme itself and cannot be changed from this
#: project; each with the reason. (Empty: everything seen so far has a fix here.)
THEME_CONSOLE_ALLOWLIST: tuple[tuple[str, str], ...] = ()

#: Per chart: its name, text alternative, whether it drew, and its marks by kind.
#: The drawn marks a chart shows, in CSS: every mark group but a layer that only lies under
#: another (nanoimaging.figures.matrices.UNDERLAY).
MARKS = f"g.role-mark:not(.{UNDERLAY}_marks)"

CHART_REPORT = """() => [...document.querySelectorAll('.vega-chart')].map((el, index) => {
  const figure = el.closest('figure');
  const svg = el.querySelector('svg');
  const marks = {};
  const roles = {};
  let nan = 0;
  if (svg) {
    for (const group of svg.querySelectorAll('MARKS')) {
      const kind = [...group.classList].find(c => c.startsWith('mark-')).slice(5);
      const items = [...group.children];
      marks[kind] = (marks[kind] || 0) + items.length;
      for (const item of items) {
        const role = item.getAttribute('aria-roledescription') || '';
        if (role) roles[role] = (roles[role] || 0) + 1;
        for (const attr of ['transform', 'd', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height']) {
          if ((item.getAttribute(attr) || '').includes('NaN')) { nan += 1; break; }
        }
      }
    }
  }
  const legends = svg ? [...svg.querySelectorAll('g.role-legend')].map(legend => ({
      title: (legend.querySelector('.role-legend-title text') || {}).textContent || '',
      labels: [...legend.querySelectorAll('.role-legend-label text')].map(t => t.textContent),
      fills: [...legend.querySelectorAll('.role-legend-symbol path')].map(p => getComputedStyle(p).fill)})) : [];
  return {
    index, name: figure ? figure.dataset.chartName || '' : '',
    caption: figure ? (figure.querySelector('figcaption') || {}).textContent || '' : '',
    label: el.getAttribute('aria-label') || '', role: el.getAttribute('role') || '',
    drawn: el.classList.contains('vega-drawn'), failed: !!figure && figure.classList.contains('vega-failed'),
    svg: !!svg, marks, roles, nan, legends,
  };
})""".replace("MARKS", MARKS)


@dataclass
class PageVisit:
    """What one load of a page showed: console, errors, requests, charts."""

    url: str
    final_url: str = ""
    console: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    csp: list[dict] = field(default_factory=list)
    globals: dict[str, Any] = field(default_factory=dict)
    load_ms: float = 0.0

    def console_errors(self, allow: Iterable[tuple[str, str]] = THEME_CONSOLE_ALLOWLIST) -> list[str]:
        """Console errors and warnings, uncaught exceptions and failed requests, less the allowed ones.

        A 404 for /favicon.ico is the browser asking on its own (no page asks for it); it is
        tested apart (the site declares an icon) and left out here.
        """
        found = [
            f"{m['type']}: {m['text']} ({m['location']})" for m in self.console if m["type"] in ("error", "warning")
        ]
        found += [f"uncaught: {e}" for e in self.errors]
        found += [f"request failed: {r}" for r in self.failed_requests]
        found = [f for f in found if "/favicon.ico" not in f]
        patterns = [re.compile(p) for p, _why in allow]
        return [f for f in found if not any(p.search(f) for p in patterns)]

    def external_requests(self) -> list[str]:
        return sorted({u for u in self.requests + self.refused if not is_local(u)})


#: Collects Content-Security-Policy violations from the first moment of the page.
CSP_LISTENER = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push({
  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample || '',
  source: e.sourceFile || '', line: e.lineNumber}));"""


def _refreshes(url: str) -> bool:
    """Whether the page at ``url`` (on 127.0.0.1, or a file) redirects with <meta http-equiv="refresh">."""
    import urllib.request

    if not is_local(url):
        raise ValueError(f"not a local URL: {url}")
    parts = urlsplit(url)
    if parts.scheme == "file":  # a file URL's query and fragment are not part of its path
        url = urlunsplit(parts._replace(query="", fragment=""))
    with urllib.request.urlopen(url, timeout=10) as response:
        head = response.read(4096).decode("utf-8", "replace")
    return bool(re.search(r'http-equiv="refresh"', head, re.I))


def visit(
    context: Any, url: str, *, timeout_ms: int = 20000, globals_: Iterable[str] = (), settle_ms: int = 0
) -> tuple[Any, PageVisit]:
    """Open ``url`` in a new page of ``context``, wait for its charts; returns (page, report).

    The caller closes the page. Requests leaving 127.0.0.1 are refused (and listed).
    """
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    report = PageVisit(url)
    listen(page, report)
    load(page, report, timeout_ms=timeout_ms, globals_=globals_, settle_ms=settle_ms)
    return page, report


def listen(page: Any, report: PageVisit) -> Callable[[], None]:
    """Record ``page``'s console, uncaught errors and requests into ``report``; returns what stops the recording.

    A failed request is recorded only if it was made while recording (not one a page before left unfinished).
    """
    made: set[Any] = set()  # the requests themselves: an id() of one collected could be reused by a later one

    def requested(request: Any) -> None:
        made.add(request)
        report.requests.append(request.url)

    def failed(request: Any) -> None:
        if request in made:
            report.failed_requests.append(f"{request.url} ({request.failure})")

    handlers = {
        "console": lambda m: report.console.append(
            {"type": m.type, "text": m.text, "location": (m.location or {}).get("url", "")}
        ),
        "pageerror": lambda e: report.errors.append(str(e)),
        "request": requested,
        "requestfailed": failed,
    }
    for event, handler in handlers.items():
        page.on(event, handler)

    def stop() -> None:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)

    return stop


def load(
    page: Any, report: PageVisit, *, timeout_ms: int = 20000, globals_: Iterable[str] = (), settle_ms: int = 0
) -> PageVisit:
    """Load ``report.url`` in ``page`` (one given :data:`CSP_LISTENER` as an init script) and wait for its
    charts; fills ``report`` with what the page showed."""
    url = report.url
    start = time.perf_counter()
    redirects = _refreshes(url)  # index.html: a meta refresh to the first chapter
    page.goto(url, wait_until="load", timeout=timeout_ms)
    if redirects:
        page.wait_for_url(lambda now: now != url, timeout=timeout_ms)
        page.wait_for_load_state("load", timeout=timeout_ms)
    report.final_url = page.url
    try:
        page.wait_for_function(WAIT_FOR_CHARTS, timeout=timeout_ms)
    except Exception as exc:  # reported through the charts (not drawn), not raised
        report.errors.append(f"charts did not finish within {timeout_ms} ms: {exc.__class__.__name__}")
    report.load_ms = (time.perf_counter() - start) * 1000
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    report.charts = page.evaluate(CHART_REPORT)
    report.csp = page.evaluate("window.__csp || []")
    for name in globals_:
        report.globals[name] = page.evaluate(
            f"typeof window[{json.dumps(name)}] === 'undefined' ? null : String(window[{json.dumps(name)}])"
        )
    return report


def new_context(browser: Any, **options: Any) -> tuple[Any, list[str]]:
    """A fresh browser context (no cache, no storage) that refuses requests leaving 127.0.0.1."""
    context = browser.new_context(**options)
    refused = local_only(context)
    return context, refused


#: Reads the vega-tooltip box: its title and key/value rows, and whether it is shown.
READ_TOOLTIP = """() => {
  const el = document.getElementById('vg-tooltip-element');
  if (!el) return null;
  const rows = {};
  for (const tr of el.querySelectorAll('tr')) {
    const k = tr.querySelector('td.key'), v = tr.querySelector('td.value');
    if (k && v) rows[k.textContent.replace(/:$/, '')] = v.textContent;
  }
  return {visible: el.classList.contains('visible'), text: el.textContent, html: el.innerHTML, rows};
}"""


def tooltip_marks(spec: dict) -> list[str]:
    """The names of the marks of a Vega ``spec`` whose items may carry a tooltip (one not set to null).

    Vega draws each mark as a group with its name as a class; items of the other marks answer no
    hover (the evidence map's grey cells have ``tooltip: {"value": null}``).

    >>> tooltip_marks({"marks": [{"name": "cells", "encode": {"update": {"tooltip": {"value": None}}}},
    ...     {"type": "group", "marks": [{"name": "dots", "encode": {"update": {"tooltip": {"signal": "datum"}}}}]}]})
    ['dots']
    """
    names: list[str] = []
    for mark in spec.get("marks") or []:
        sets = [s for s in (mark.get("encode") or {}).values() if isinstance(s, dict) and "tooltip" in s]
        if mark.get("name") and any(s["tooltip"] != {"value": None} for s in sets):
            names.append(str(mark["name"]))
        names += tooltip_marks(mark)
    return names


def tooltip_items(specs: Iterable[dict]) -> str:
    """A selector, for :func:`hover_items`, of the items that may carry a tooltip in charts drawn from ``specs``; "" if none.

    ``specs``: the Vega specs of a page (:func:`chart_specs`), each layout's; a mark named in one
    with a tooltip is hovered in every chart of the page.
    """
    names = sorted({name for spec in specs for name in tooltip_marks(spec)})
    return ", ".join(f"{MARKS}.{name} > {shape}" for name in names for shape in ("path", "line"))


#: The ``i``-th item matching ``selector`` in chart ``chart`` among those that carry a tooltip (Vega's SVG
#: renderer keeps each element's scene item, tooltip included, as ``__data__``), scrolled into the window at
#: once if it is not wholly in it; a point of it that the pointer would reach first (a matrix cell's text
#: lies over part of it): a third of the way into its box, else its centre or near a corner, else (nothing
#: over the item answers, even scrolled to the centre of the window) the first. null past the last such item
#: (or for ``i`` = -1); {} for one without a box.
POINT_AT_ITEM = """(chart, selector, i) => {
  const items = [...document.querySelectorAll('.vega-chart')[chart].querySelectorAll(selector)]
    .filter(el => el.__data__ && el.__data__.tooltip != null && el.__data__.tooltip !== '');
  const el = items[i];
  if (!el) return null;
  const spots = [[1 / 3, 1 / 3], [0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]];
  const points = () => { const b = el.getBoundingClientRect();
    return spots.map(([fx, fy]) => ({x: b.left + Math.max(b.width * fx, 1), y: b.top + Math.max(b.height * fy, 1)})); };
  const reaches = ({x, y}) => { const hit = document.elementFromPoint(x, y); return !!hit && el.contains(hit); };
  let box = el.getBoundingClientRect();
  if (box.width === 0) return {};
  if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth || !points().some(reaches)) {
    el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  }
  const found = points();
  return found.find(reaches) || found[0];
}"""

#: [READ's answer once the chart's tooltip is visible (polled each frame for at most ``ms``; null if it never
#: shows), the point of the next item (:data:`POINT_AT_ITEM`)].
READ_THEN_NEXT = """async ([ms, chart, selector, next]) => {
  const shown = () => { const t = document.getElementById('vg-tooltip-element');
                        return t && t.classList.contains('visible'); };
  const end = performance.now() + ms;
  while (!shown() && performance.now() < end) await new Promise(r => requestAnimationFrame(r));
  return [shown() ? (READ)() : null, (POINT)(chart, selector, next)];
}""".replace("POINT", POINT_AT_ITEM)


def hover_tooltips(page: Any, chart_index: int, selector: str, read: str, limit: int) -> list[Any]:
    """Point at each of the first ``limit`` items matching ``selector`` in chart ``chart_index`` that carry a
    tooltip (:data:`POINT_AT_ITEM`), and run ``read`` (a JavaScript function) while its tooltip shows; its
    answers, None for an item whose tooltip did not show within 0.6 s. The pointer leaves between items.

    Three calls to the browser per item: the pointer onto it, the answer read with the next item's point, the
    pointer away.
    """
    answers, read_then_next = [], READ_THEN_NEXT.replace("READ", read)
    point_at = f"([chart, selector, i]) => ({POINT_AT_ITEM})(chart, selector, i)"
    point = page.evaluate(point_at, [chart_index, selector, 0])
    for i in range(1, limit + 1):
        if point is None:
            break
        following = i if i < limit else -1
        if not point:
            point = page.evaluate(point_at, [chart_index, selector, following])
            continue
        page.mouse.move(point["x"], point["y"])
        answer, point = page.evaluate(read_then_next, [600, chart_index, selector, following])
        answers.append(answer)
        page.mouse.move(1, 1)
    return answers


def hover_items(page: Any, chart_index: int, selector: str, limit: int = 60) -> list[dict]:
    """The tooltip (:data:`READ_TOOLTIP`) each item matching ``selector`` in chart ``chart_index`` that carries
    one shows as the pointer rests on it (:func:`hover_tooltips`); ``visible`` False where none showed."""
    not_shown = {"visible": False, "rows": {}, "text": "", "html": ""}
    return [seen or not_shown for seen in hover_tooltips(page, chart_index, selector, READ_TOOLTIP, limit)]


#: What a browser test says when no Chromium is found.
NO_CHROMIUM = f"browser tests need a Chromium: {HOW_TO_GET_CHROMIUM}"


#: The window widths the browser tests read pages at: a desktop's and a phone's.
DESKTOP, PHONE = 1280, 400


def open_page(browser: Any, server: Any, name: str, width: int = DESKTOP, **options: Any) -> tuple[Any, Any, PageVisit]:
    """Page ``name`` of ``server`` visited in a new context ``width`` px wide and 1000 high (``options``: the
    context's); returns (context, page, report). The caller closes the context."""
    context, _refused = new_context(browser, viewport={"width": width, "height": 1000}, **options)
    page, report = visit(context, server.url(name))
    return context, page, report
