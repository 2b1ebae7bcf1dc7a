"""The reader's edition in the browser: dark mode, wide tables, small screens, search and the home page.
(The chooser's form and links: test_reader_chooser.py.)

Charts follow the theme's light/dark switch without a reload, and every text in them
keeps its contrast (axe cannot judge text inside an SVG: it reports it "incomplete",
so the contrast of chart text is computed here, against the shape drawn under it).
The chooser's inputs sit in a form above the chart and live in the URL. Table 1 fits
a desktop page. (Every chart text at 10 px or more, at both widths: test_chart_text.py.)
"""

from __future__ import annotations

import pytest

from nanoimaging.site.screenshots import TRANSITIONS_DONE, WAIT_FOR_MODE
from sitekit.axe import AXE_URL_PATH, run_axe, serious_violations
from sitekit.browser import DESKTOP, MARKS, PHONE, hover_items
from sitekit.charts import expected_marks
from sitekit.pages import TOC_PAGES
from sitekit.tabs import open_tab

CHART_PAGES = [p for p in TOC_PAGES if p.startswith("notebooks/") and p != "notebooks/table1.html"]
#: The home page's figure is inline SVG (no script): checked like the drawn charts.
HOME = "book/intro.html"
FIGURE_PAGES = [*CHART_PAGES, HOME]

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


# ---------------------------------------------------------------------------
# Dark mode


@pytest.mark.parametrize("page_name", FIGURE_PAGES)
def test_charts_switch_mode_without_reload_and_every_text_keeps_its_contrast(tabs, server, page_name):
    page, report = open_tab(tabs, server, page_name)
    assert report.charts or page_name == HOME, f"{page_name}: no chart"
    page.evaluate("window.__sameDocument = true")
    problems = []
    for mode in ("light", "dark", "light"):
        _set_mode(page, mode)
        assert page.evaluate("window.__sameDocument === true"), "the page reloaded to switch mode"
        texts = page.evaluate(CHART_TEXTS)
        assert texts, f"{page_name}: no chart text found in {mode} mode"
        problems += [f"{mode}: {p}" for p in low_contrast_texts(texts)]
        axe = run_axe(page, server.url(AXE_URL_PATH), rules=("color-contrast",))
        problems += [f"{mode}: axe {p}" for p in serious_violations(axe)]
    assert not problems, "\n".join(problems)


def test_the_contrast_check_finds_ink_too_light_for_the_page(tabs, server):
    """The check above can fail: grey text on the light page, drawn by hand into a chart."""
    page, _report = open_tab(tabs, server, "notebooks/scales-aspects.html")
    page.evaluate(
        """() => { const svg = document.querySelector('.vega-chart svg');
           const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
           t.setAttribute('x', 5); t.setAttribute('y', 20); t.setAttribute('fill', '#bbbbbb');
           t.setAttribute('font-size', '12'); t.textContent = 'too light'; svg.appendChild(t); }"""
    )
    assert any("too light" in p for p in low_contrast_texts(page.evaluate(CHART_TEXTS)))


def test_tooltips_are_readable_in_dark_mode(tabs, server):
    page, _report = open_tab(tabs, server, "notebooks/resolution-depth.html", color_scheme="dark")
    page.wait_for_function(WAIT_FOR_MODE, arg="dark", timeout=10000)
    shown = hover_items(page, 0, f"{MARKS}.mark-symbol > path", limit=5)
    assert any(t["visible"] for t in shown), "no tooltip appeared"
    colours = page.evaluate(
        """() => { const el = document.getElementById('vg-tooltip-element'); const s = getComputedStyle(el);
           const key = el.querySelector('td.key'); return [s.color, s.backgroundColor, key && getComputedStyle(key).color]; }"""
    )

    def rgb(text: str) -> dict:
        r, g, b = (float(v) for v in text[text.index("(") + 1 : text.index(")")].split(",")[:3])
        return {"r": r, "g": g, "b": b}

    text, back, key = (rgb(c) for c in colours)
    assert contrast(text, back) >= 4.5 and contrast(key, back) >= 4.5, colours


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
def test_no_table1_cell_is_hidden_under_another_element(tabs, server, width):
    page, _report = open_tab(tabs, server, "notebooks/table1.html", width=width)
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


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_one_search_box(tabs, server, width):
    page, _report = open_tab(tabs, server, "book/intro.html", width=width)
    boxes = page.evaluate(
        "[...document.querySelectorAll('.search-button__button, form.bd-search')].filter(e => e.checkVisibility()).length"
    )
    assert boxes == 1, f"{boxes} search boxes (fields or buttons) visible at {width} px"


def test_search_finds_a_chapter_and_only_the_search_page_loads_the_index(tabs, server, built_site):
    """The search box leads to search.html, which lists the chapters that hold the words; no other
    page loads the search index (pydata-sphinx-theme put it in every page's head: _templates/layout.html)."""
    assert built_site.pages, "no page built"
    for page_name in built_site.pages:
        head = (built_site.html / page_name).read_text(encoding="utf-8").split("<body", 1)[0]
        assert ("searchindex.js" in head) == (page_name == "search.html"), page_name
    page, _report = open_tab(tabs, server, "book/intro.html", width=DESKTOP)
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


def test_chart_text_check_sees_the_shrinking_it_must_refuse(tabs, server):
    """At 400 px a chart forced to its wide layout shrinks its text: the size the contrast check reads (large
    text needs less contrast) must see that."""
    page, _report = open_tab(tabs, server, "notebooks/resolution-depth.html", width=PHONE)
    page.evaluate(
        """() => { const svg = document.querySelector('.vega-chart svg');
           svg.style.maxWidth = '200px'; svg.style.width = '200px'; }"""
    )
    sizes = [t["size"] for t in page.evaluate(CHART_TEXTS)]
    assert sizes and min(sizes) < 10


def test_contrast_helper_rejects_grey_on_white():
    white, grey = {"r": 255, "g": 255, "b": 255}, {"r": 153, "g": 153, "b": 153}
    texts = [{"chart": "c", "text": "t", "fill": grey, "back": white, "size": 12, "bold": False}]
    assert low_contrast_texts(texts) == ["c: 't' 2.85:1"]


# ---------------------------------------------------------------------------
# The home page's first picture


def test_the_home_page_opens_with_the_overview_drawn_from_the_data_without_a_chart_script(tabs, server, built_site):
    from nanoimaging.site.sphinx_data_chart import overview

    expected = overview(built_site.data).alt
    page, report = open_tab(tabs, server, HOME)
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
