"""The reader-view checks find what a reader would see: each runs on a page copy made to fail it."""

from __future__ import annotations

import re
from pathlib import Path

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
