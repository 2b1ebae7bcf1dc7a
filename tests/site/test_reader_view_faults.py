"""The reader-view checks find what a reader would see: each runs on a page copy made to fail it."""

from __future__ import annotations

import re
from pathlib import Path

import chart_text as ct
import reader_view as rv
from nanoimaging.site.browser import SiteServer
from sitekit.axe import AXE_URL_PATH, site_files

TABLE_PAGE = "notebooks/table1.html"


def _view(tabs, html: Path, page: str, width: str, table_words: bool = False) -> dict:
    with SiteServer(html, files=site_files(html)) as server:
        return rv.view_page(tabs, server.url(page), rv.WIDTHS[width], server.url(AXE_URL_PATH), table_words)


def _add_style(html: Path, page: str, css: str) -> None:
    path = html / page
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</head>", '<link rel="stylesheet" href="../_static/fault.css"></head>', 1), "utf-8")
    (html / "_static" / "fault.css").write_text(css, encoding="utf-8")


def test_a_table_drawn_in_its_background_colour_fails_in_dark_mode(tabs, site_copy):
    """The fault readers met: the theme's light output panel under the dark theme's light ink.

    axe leaves this case "incomplete" (it cannot tell the panel's colour behind the table), so
    the reader view's own contrast check is the one that must see it.
    """
    tables = site_copy / "_static" / "tables.css"
    fixed = tables.read_text(encoding="utf-8")
    broken = re.sub(r"html\[data-theme\] \.bd-content div\.cell_output[^{]*\{[^}]*\}", "", fixed, count=1)
    assert broken != fixed, "the dark-mode rule of tables.css was not found"
    tables.write_text(broken, encoding="utf-8")
    views = _view(tabs, site_copy, TABLE_PAGE, "desktop")
    for mode in ("system-dark", "dark"):
        assert any(p.startswith("contrast: ") and "contrast 1.0" in p for p in views[mode]["problems"]), views[mode]
    assert not [p for p in views["light"]["problems"] if p.startswith("contrast")]


def test_an_element_past_the_right_edge_fails(tabs, site_copy):
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", '<p class="too-wide">too wide for a phone</p></main>', 1), "utf-8")
    _add_style(site_copy, "book/guide.html", "p.too-wide { width: 900px; }\n")  # the page's policy refuses style=""
    views = _view(tabs, site_copy, "book/guide.html", "phone")
    problems = views["light"]["problems"]
    assert any("the page scrolls sideways" in p for p in problems), problems
    assert any("p.too-wide reaches x = " in p and "too wide for a phone" in p for p in problems), problems


def test_a_word_split_inside_a_table1_cell_fails(tabs, site_copy):
    _add_style(site_copy, TABLE_PAGE, "table.table1 { table-layout: fixed !important; overflow-wrap: anywhere; }\n")
    views = _view(tabs, site_copy, TABLE_PAGE, "desktop", table_words=True)
    assert any(p.startswith("broken word: ") for p in views["light"]["problems"]), views["light"]["problems"]


def test_a_page_without_the_theme_switch_fails(tabs, site_copy):
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("theme-switch-button", "no-switch-here"), "utf-8")
    views = _view(tabs, site_copy, "book/guide.html", "desktop")
    assert "switch: no theme switch on the page" in views["light"]["problems"]


def _add_script(html: Path, page: str, code: str) -> None:
    """Give ``page`` of the copy a script of the site's own (the page's policy refuses inline code)."""
    path = html / page
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</head>", '<script src="../_static/fault.js"></script></head>', 1), "utf-8")
    (html / "_static" / "fault.js").write_text(code, encoding="utf-8")


CHART_PAGE = "notebooks/scales-aspects.html"


def test_chart_text_too_light_for_the_light_mode_fails(tabs, site_copy):
    """axe cannot judge text inside a chart's SVG; the reader view's chart-text check must see it."""

    def grey_titles(spec: dict) -> int:
        spec["title"] = {"text": "a grey title", "color": "#bbbbbb"}
        return 1

    assert ct.rewrite_specs(site_copy / CHART_PAGE, grey_titles), "no chart spec in the page"
    views = _view(tabs, site_copy, CHART_PAGE, "desktop")
    problems = views["light"]["problems"]
    assert any(p.startswith("chart contrast: ") and "'a grey title'" in p for p in problems), problems


def test_a_switch_that_reloads_the_page_fails(tabs, site_copy):
    _add_script(
        site_copy,
        CHART_PAGE,
        "document.addEventListener('click', (e) => {"
        " if (e.target.closest('.theme-switch-button')) location.reload(); }, true);\n",
    )
    views = _view(tabs, site_copy, CHART_PAGE, "desktop")
    switched = views["light"]["problems"] + views["dark"]["problems"]
    assert any(p.startswith("switch: ") and ("reloaded" in p or "left its document" in p) for p in switched), switched
