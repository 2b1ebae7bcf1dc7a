"""The reader's edition in the browser: dark mode, a chooser you can share, wide tables, small screens.

Charts follow the theme's light/dark switch without a reload, and every text in them
keeps its contrast (axe cannot judge text inside an SVG: it reports it "incomplete",
so the contrast of chart text is computed here, against the shape drawn under it).
The chooser's inputs sit in a form above the chart and live in the URL. Table 1 fits
a desktop page; charts keep their text at 10 px or more at 400 px.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from nanoimaging.choose import choose
from nanoimaging.choose.vega_twin import ANY, PARAMS
from nanoimaging.site.screenshots import TRANSITIONS_DONE, WAIT_FOR_MODE
from sitekit.axe import AXE_URL_PATH, run_axe, serious_violations
from sitekit.browser import MARKS, hover_items, new_context, visit
from sitekit.charts import expected_marks
from sitekit.pages import TOC_PAGES

CHART_PAGES = [p for p in TOC_PAGES if p.startswith("notebooks/") and p != "notebooks/table1.html"]
#: The home page's figure is inline SVG (no script): checked like the drawn charts.
HOME = "book/intro.html"
FIGURE_PAGES = [*CHART_PAGES, HOME]
DESKTOP, PHONE = 1280, 400

#: Every text of the drawn charts: its colour, size on screen, and the colour it is drawn on
#: (the last filled shape under its centre, drawn before it; else the page's background).
CHART_TEXTS = """() => {
  const parse = (c) => { const m = c && c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
                                b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const out = [];
  document.querySelectorAll('.vega-chart svg, .data-chart-static svg').forEach(svg => {
    const shapes = [...svg.querySelectorAll('path, rect, circle')];
    svg.querySelectorAll('text').forEach(text => {
      const box = text.getBoundingClientRect();
      if (!text.textContent.trim() || box.width === 0 || !text.checkVisibility()) return;
      const style = getComputedStyle(text);
      let fill = parse(style.fill); if (!fill) return;
      fill = {...fill, a: fill.a * Number(style.fillOpacity) * Number(style.opacity)};
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      let back = page;
      for (const shape of shapes) {
        if (!(shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const s = getComputedStyle(shape); const f = parse(s.fill);
        if (!f || f.a === 0 || s.visibility === 'hidden' || s.display === 'none') continue;
        const m = shape.getScreenCTM(); if (!m) continue;
        const pt = new DOMPoint(x, y).matrixTransform(m.inverse());
        if (shape.isPointInFill(pt)) back = over({...f, a: f.a * Number(s.fillOpacity) * Number(s.opacity)}, back);
      }
      const ratio = svg.getBoundingClientRect().width / (svg.width.baseVal.value || 1);
      out.push({text: text.textContent.trim().slice(0, 40), fill: over(fill, back), back,
                size: parseFloat(style.fontSize) * ratio, bold: Number(style.fontWeight) >= 700,
                chart: text.closest('figure, .data-chart-static').dataset.chartName});
    });
  });
  return out;
}"""


def _luminance(c: dict) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c["r"]) + 0.7152 * channel(c["g"]) + 0.0722 * channel(c["b"])


def contrast(a: dict, b: dict) -> float:
    """WCAG contrast ratio of two opaque colours.

    >>> round(contrast({"r": 0, "g": 0, "b": 0}, {"r": 255, "g": 255, "b": 255}), 1)
    21.0
    """
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def low_contrast_texts(texts: list[dict]) -> list[str]:
    """Texts under WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.67 px bold)."""
    found = []
    for t in texts:
        large = t["size"] >= 24 or (t["bold"] and t["size"] >= 18.67)
        ratio = contrast(t["fill"], t["back"])
        if ratio < (3 if large else 4.5):
            found.append(f"{t['chart']}: {t['text']!r} {ratio:.2f}:1")
    return found


def _set_mode(page, mode: str) -> None:
    """Click the theme's own switch until the page is in ``mode``; then wait for every chart to redraw in it."""
    for _ in range(4):
        if page.evaluate("document.documentElement.getAttribute('data-theme')") == mode:
            break
        page.locator(".theme-switch-button").first.click()
    page.wait_for_function(WAIT_FOR_MODE, arg=mode, timeout=10000)
    # The pointer left on the switch shows the theme's "Color mode" tooltip, fading in: axe
    # would judge its contrast mid-fade. Move away and wait until it is gone.
    page.mouse.move(0, page.viewport_size["height"] - 1)
    page.wait_for_function("() => !document.querySelector('.tooltip')", timeout=10000)
    # Switching the mode fades the theme's colours (the search button's over 0.15 s), and so does
    # the pointer leaving the switch: contrast is judged once every fade is over.
    page.evaluate(TRANSITIONS_DONE)


def _open(browser, server, name: str, width: int = DESKTOP, **options):
    context, _refused = new_context(browser, viewport={"width": width, "height": 1000}, **options)
    page, report = visit(context, server.url(name))
    return context, page, report


# ---------------------------------------------------------------------------
# Dark mode


@pytest.mark.parametrize("page_name", FIGURE_PAGES)
def test_charts_switch_mode_without_reload_and_every_text_keeps_its_contrast(browser, server, page_name):
    context, page, report = _open(browser, server, page_name)
    try:
        assert report.charts or page_name == HOME, f"{page_name}: no chart"
        page.evaluate("window.__sameDocument = true")
        problems = []
        for mode in ("light", "dark", "light"):
            _set_mode(page, mode)
            assert page.evaluate("window.__sameDocument === true"), "the page reloaded to switch mode"
            texts = page.evaluate(CHART_TEXTS)
            assert texts, f"{page_name}: no chart text found in {mode} mode"
            problems += [f"{mode}: {p}" for p in low_contrast_texts(texts)]
            axe = run_axe(page, server.url(AXE_URL_PATH), tags=("wcag2aa",))
            problems += [f"{mode}: axe {p}" for p in serious_violations(axe) if "color-contrast" in p]
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_contrast_check_finds_ink_too_light_for_the_page(browser, server):
    """The check above can fail: grey text on the light page, drawn by hand into a chart."""
    context, page, _report = _open(browser, server, "notebooks/scales-aspects.html")
    try:
        page.evaluate(
            """() => { const svg = document.querySelector('.vega-chart svg');
               const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
               t.setAttribute('x', 5); t.setAttribute('y', 20); t.setAttribute('fill', '#bbbbbb');
               t.setAttribute('font-size', '12'); t.textContent = 'too light'; svg.appendChild(t); }"""
        )
        assert any("too light" in p for p in low_contrast_texts(page.evaluate(CHART_TEXTS)))
    finally:
        context.close()


def test_tooltips_are_readable_in_dark_mode(browser, server):
    context, page, _report = _open(browser, server, "notebooks/resolution-depth.html", color_scheme="dark")
    try:
        page.wait_for_function(WAIT_FOR_MODE, arg="dark", timeout=10000)
        shown = hover_items(page, 0, f"{MARKS}.mark-symbol > path", limit=5)
        assert any(t["visible"] for t in shown), "no tooltip appeared"
        colours = page.evaluate(
            """() => { const el = document.getElementById('vg-tooltip-element'); const s = getComputedStyle(el);
               const key = el.querySelector('td.key'); return [s.color, s.backgroundColor, key && getComputedStyle(key).color]; }"""
        )
    finally:
        context.close()

    def rgb(text: str) -> dict:
        r, g, b = (float(v) for v in text[text.index("(") + 1 : text.index(")")].split(",")[:3])
        return {"r": r, "g": g, "b": b}

    text, back, key = (rgb(c) for c in colours)
    assert contrast(text, back) >= 4.5 and contrast(key, back) >= 4.5, colours


# ---------------------------------------------------------------------------
# The chooser: a form above the results, kept in the URL


def _chooser_lines(page) -> list[tuple[str, str]]:
    """(modality, answer) from top to bottom, as drawn: answer texts paired with the axis label on their row.

    The narrow layout writes an answer on several lines (a ``tspan`` each): they are read as one, spaced.
    """
    drawn = page.evaluate(
        """() => { const svg = document.querySelector('figure[data-chart-name="modality-chooser"] .vega-chart svg');
           const centre = (t) => { const b = t.getBoundingClientRect(); return b.top + b.height / 2; };
           const words = (t) => { const lines = [...t.querySelectorAll('tspan')];  // a wrapped answer: a tspan a line
                                  return lines.length ? lines.map(l => l.textContent).join(' ') : t.textContent; };
           return {lines: [...svg.querySelectorAll('g.role-mark.mark-text text')].map(t => [centre(t), words(t)]),
                   labels: [...svg.querySelectorAll('g.role-axis-label text')].map(t => [centre(t), t.textContent])}; }"""
    )
    rows = []
    for y, text in sorted(drawn["lines"]):
        name = min(drawn["labels"], key=lambda label: abs(label[0] - y))[1]
        rows.append((name, text))
    return rows


def _expected(data, query: dict) -> list[tuple[str, str]]:
    keys = dict(PARAMS)
    kwargs = {}
    for key, raw in query.items():
        assert key in keys, key
        if raw in (ANY, "0", "false"):
            continue
        kwargs[key] = True if raw == "true" else (float(raw) if key in ("min_depth", "max_resolution") else raw)
    choice = choose(data, **kwargs)
    return [(f.name, f.summary) for f in choice.fits] + [(e.name, e.summary) for e in choice.excluded]


LINKS = [
    {"aspect": "drug", "scale": "tissue", "label_free": "true"},
    {"setting": "clinical", "min_depth": "0.1"},
    {"scale": "cellular", "max_resolution": "0.00001", "temporal_resolution": "fast", "non_invasive": "false"},
]


@pytest.mark.parametrize("query", LINKS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_a_chooser_link_reproduces_the_answer_of_choose(browser, server, built_site, query):
    context, page, report = _open(browser, server, "notebooks/chooser.html?" + urlencode(query))
    try:
        assert report.console_errors() == []
        assert _chooser_lines(page) == _expected(built_site.data, query)
        assert page.locator(".chart-notice").count() == 0
    finally:
        context.close()


def test_the_chooser_switches_layout_with_the_window_keeping_its_inputs_and_answers(browser, server, built_site):
    query = LINKS[0]
    context, page, report = _open(browser, server, "notebooks/chooser.html?" + urlencode(query))
    chart = 'figure[data-chart-name="modality-chooser"] .vega-chart'
    try:
        for width, layout in ((PHONE, "narrow"), (DESKTOP, "wide")):
            page.set_viewport_size({"width": width, "height": 1000})
            page.wait_for_selector(f'{chart}.vega-drawn[data-layout="{layout}"]', timeout=10000)
            assert _chooser_lines(page) == _expected(built_site.data, query), layout
            menus = page.evaluate(
                "() => [...document.querySelectorAll('form.chart-controls select')].map(s => s.selectedOptions[0].text)"
            )
            assert menus[:2] == ["drug", "tissue"], menus  # what to image, scale: as the link set them
            assert all(f"{key}={value}" in page.url for key, value in query.items()), page.url
        assert report.console_errors() == []
    finally:
        context.close()


def test_an_invalid_value_in_the_link_falls_back_to_any_and_says_so(browser, server, built_site):
    context, page, _report = _open(browser, server, "notebooks/chooser.html?aspect=drug&scale=everywhere")
    try:
        notice = page.locator(".chart-notice")
        assert notice.count() == 1 and notice.is_visible()
        text = notice.inner_text()
        assert "everywhere" in text and "Scale" in text and "any" in text
        assert _chooser_lines(page) == _expected(built_site.data, {"aspect": "drug"})
        assert "scale=" not in page.url and "aspect=drug" in page.url, page.url
    finally:
        context.close()


def test_the_form_sits_above_the_results_labelled_and_usable_by_keyboard(browser, server, built_site):
    context, page, _report = _open(browser, server, "notebooks/chooser.html")
    try:
        figure = page.locator('figure[data-chart-name="modality-chooser"]')
        form_box = figure.locator("form.chart-controls").bounding_box()
        chart_box = figure.locator(".vega-chart svg").bounding_box()
        assert form_box["y"] + form_box["height"] <= chart_box["y"] + 1, "the form is not above the chart"
        controls = page.evaluate(
            """() => [...document.querySelectorAll('form.chart-controls select, form.chart-controls input')].map(c =>
                 ({name: c.name, label: c.labels && c.labels.length ? c.labels[0].innerText.trim() : ''}))"""
        )
        assert len(controls) == len(PARAMS) and all(c["label"] for c in controls), controls
        before = _chooser_lines(page)
        page.locator("form.chart-controls select").first.focus()
        page.keyboard.press("ArrowDown")  # the first menu: what to image -> drug
        page.wait_for_function("location.search.includes('aspect=drug')", timeout=5000)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('form.chart-controls') !== null")
        assert focused, "Tab left the form before its last control"
        after = _chooser_lines(page)
        assert after != before and after == _expected(built_site.data, {"aspect": "drug"})
        shared = page.url
    finally:
        context.close()
    context, page, _report = _open(browser, server, shared.split("/", 3)[3])
    try:
        assert _chooser_lines(page) == after, "the URL did not reproduce what the keyboard chose"
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Wide tables and small screens

CELLS_HIDDEN = """() => {
  const hidden = [];
  document.querySelectorAll('table.table1 th, table.table1 td').forEach(cell => {
    if (!cell.checkVisibility()) return;
    cell.scrollIntoView({block: 'center', inline: 'nearest'});
    // The part of the cell that can be seen: inside the window and the table's scrolling box.
    const c = cell.getBoundingClientRect(), w = cell.closest('.table1-wrapper').getBoundingClientRect();
    const left = Math.max(c.left, w.left, 0), right = Math.min(c.right, w.right, innerWidth);
    const top = Math.max(c.top, 0), bottom = Math.min(c.bottom, innerHeight);
    const label = cell.textContent.trim().slice(0, 30);
    if (right - left < 4 || bottom - top < 4) { hidden.push(label + ' cannot be scrolled into view'); return; }
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    if (!hit || !(cell === hit || cell.contains(hit))) hidden.push(label + ' under ' + (hit ? hit.outerHTML.slice(0, 60) : 'nothing'));
  });
  return hidden;
}"""


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_no_table1_cell_is_hidden_under_another_element(browser, server, width):
    context, page, _report = _open(browser, server, "notebooks/table1.html", width=width)
    try:
        assert page.evaluate(CELLS_HIDDEN) == []
        if width == DESKTOP:
            fits = page.evaluate(
                """() => { const t = document.querySelector('table.table1'), w = t.closest('.table1-wrapper');
                   const main = document.querySelector('.bd-article-container').getBoundingClientRect();
                   const box = t.getBoundingClientRect();
                   return {table: box.right, main: main.right, scroll: w.scrollWidth - w.clientWidth}; }"""
            )
            assert fits["scroll"] <= 1 and fits["table"] <= fits["main"] + 1, f"Table 1 does not fit at 1280 px: {fits}"
            assert page.locator(".bd-sidebar-secondary").count() == 0, "a right-hand column beside Table 1"
    finally:
        context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_every_chart_text_is_at_least_10_px_on_screen(browser, server, width):
    small = []
    for page_name in FIGURE_PAGES:
        context, page, _report = _open(browser, server, page_name, width=width)
        try:
            small += [
                f"{page_name} {t['chart']}: {t['text']!r} {t['size']:.1f} px"
                for t in page.evaluate(CHART_TEXTS)
                if t["size"] < 10 - 0.05
            ]
        finally:
            context.close()
    assert not small, f"{len(small)} texts under 10 px at {width} px:\n" + "\n".join(small[:40])


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_one_search_box(browser, server, width):
    context, page, _report = _open(browser, server, "book/intro.html", width=width)
    try:
        boxes = page.evaluate(
            "[...document.querySelectorAll('.search-button__button, form.bd-search')].filter(e => e.checkVisibility()).length"
        )
        assert boxes == 1, f"{boxes} search boxes (fields or buttons) visible at {width} px"
    finally:
        context.close()


def test_search_finds_a_chapter_and_only_the_search_page_loads_the_index(browser, server, built_site):
    """The search box leads to search.html, which lists the chapters that hold the words; no other
    page loads the search index (pydata-sphinx-theme put it in every page's head: _templates/layout.html)."""
    for page_name in built_site.pages:
        head = (built_site.html / page_name).read_text(encoding="utf-8").split("<body", 1)[0]
        assert ("searchindex.js" in head) == (page_name == "search.html"), page_name
    context, page, _report = _open(browser, server, "book/intro.html", width=DESKTOP)
    try:
        page.click(".search-button__button")
        page.fill("#pst-search-dialog input[name=q]", "optoacoustic")
        page.press("#pst-search-dialog input[name=q]", "Enter")
        page.wait_for_url("**/search.html?q=optoacoustic*")
        # Sphinx lists the results one at a time, then writes its summary: read them once it has.
        page.wait_for_function(
            "() => (document.querySelector('#search-results p.search-summary')?.textContent || '').trim() !== ''",
            timeout=15000,
        )
        found = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
        assert any("notebooks/table1.html" in href for href in found), found
    finally:
        context.close()


def test_chart_text_check_sees_the_shrinking_it_must_refuse(browser, server):
    """At 400 px a chart forced to its wide layout shrinks its text: the size check must see that."""
    context, page, _report = _open(browser, server, "notebooks/resolution-depth.html", width=PHONE)
    try:
        page.evaluate(
            """() => { const svg = document.querySelector('.vega-chart svg');
               svg.style.maxWidth = '200px'; svg.style.width = '200px'; }"""
        )
        sizes = [t["size"] for t in page.evaluate(CHART_TEXTS)]
        assert sizes and min(sizes) < 10
    finally:
        context.close()


def test_contrast_helper_rejects_grey_on_white():
    white, grey = {"r": 255, "g": 255, "b": 255}, {"r": 153, "g": 153, "b": 153}
    texts = [{"chart": "c", "text": "t", "fill": grey, "back": white, "size": 12, "bold": False}]
    assert low_contrast_texts(texts) == ["c: 't' 2.85:1"]


# ---------------------------------------------------------------------------
# The home page's first picture


def test_the_home_page_opens_with_the_overview_drawn_from_the_data_without_a_chart_script(browser, server, built_site):
    from nanoimaging.site.sphinx_data_chart import overview

    expected = overview(built_site.data).alt
    context, page, report = _open(browser, server, HOME)
    try:
        figure = page.locator(".data-chart-static[role=img]")
        assert figure.count() == 1, "the home page has no overview figure"
        assert figure.get_attribute("aria-label") == expected
        first = page.evaluate(
            "document.querySelector('article h1').nextElementSibling.querySelector('.data-chart-static') !== null"
        )
        assert first, "the figure is not the first thing under the title"
        assert not [r for r in report.requests if "vega" in r or "charts.js" in r], "a chart script on the home page"
        for layout in ("wide", "narrow"):
            symbols = page.locator(f".data-chart-static svg[data-layout={layout}] {MARKS}.mark-symbol > path")
            if layout == "wide" or symbols.count():
                assert symbols.count() == expected_marks("overview", built_site.data)["symbol"], layout
        link = page.locator(".data-chart-caption a[href*='resolution-depth']")
        assert link.count() == 1, "the caption does not link to the chapter with the interactive chart"
    finally:
        context.close()
