"""The reader's edition in the browser: dark mode, wide tables, small screens, search and the home page.
(The chooser's form and links: test_reader_chooser.py.)

Charts keep their tooltips readable in the dark mode, and the chart-text contrast check fails where it
should (the reader views check that charts follow the theme's switch without a reload and that their text
keeps its contrast: reader_view.py). The chooser's inputs sit in a form above the chart and live in the
URL. Table 1 fits a desktop page. (Every chart text at 10 px or more, at both widths: test_chart_text.py.)
"""

from __future__ import annotations

import pytest

from chart_contrast import CHART_TEXTS, contrast, low_contrast_texts
from nanoimaging.site.screenshots import WAIT_FOR_MODE
from sitekit.browser import DESKTOP, MARKS, PHONE, hover_items
from sitekit.charts import expected_marks
from sitekit.tabs import open_tab

#: The home page, whose figure is inline SVG (no script).
HOME = "book/intro.html"


# ---------------------------------------------------------------------------
# Dark mode


def test_the_contrast_check_finds_ink_too_light_for_the_page(tabs, server):
    """The reader view's chart-text check (chart_contrast.py) can fail: grey text on the light page, drawn by hand
    into a chart."""
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
