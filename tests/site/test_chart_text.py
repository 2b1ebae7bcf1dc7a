"""Every text of every chart as a reader sees it: at least 10 px, and no two texts of a chart on each other.

On every page with a chart, at 400 px in the dark mode and at 1280 px in the light one (where a
text stands does not depend on the mode), once the charts drew: each text of each chart's SVG
(Vega's drawing, or the inline SVG of the home page's figure) is read as rendered
(tests/chart_text.py). Tooltips open inside the window and never make the page scroll sideways.
The reader view of each page and layout (reader_view.py) reads them, so that a page is loaded once
per layout for both: its texts are read in their mode, then, after the view's checks, its marks with
a tooltip are hovered.
Fault tests show each check failing on a copy of the site whose chart specs are edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import chart_text as ct
import reader_view as rv
from nanoimaging.site.browser import SiteServer
from nanoimaging.site.screenshots import ADD_STYLESHEET
from sitekit.axe import site_files
from sitekit.browser import MARKS

WIDTHS = (400, 1280)
#: Each layout in one of the two modes (reader_view.CHART_READING): where a text stands does not depend on
#: its colour, and both layouts and both modes are each seen once.
LAYOUTS = {rv.WIDTHS[width]: width for width in rv.CHART_READING}
LAYOUT_MODES = tuple((px, rv.CHART_READING[width].removeprefix("system-")) for px, width in LAYOUTS.items())
#: A page with labelled points, on which the fault tests break the labels.
LABELLED = "notebooks/resolution-depth.html"


def _read(tabs, url: str, width: int, mode: str = "light") -> tuple[list[dict], list[dict]]:
    """(texts, points) of the page at ``url`` at ``width`` px in ``mode``, read in a kept tab (sitekit.tabs)."""
    page, _report = tabs.visit(url, viewport={"width": width, "height": 900}, color_scheme=mode)
    return ct.read_drawn(page, mode)


@pytest.fixture(scope="module")
def pages(built_site) -> list[str]:
    found = ct.chart_pages(built_site.html)
    assert "book/intro.html" in found and LABELLED in found, found
    return found


@dataclass
class Seen:
    """One chart page at one layout and mode: its texts, points and charts as drawn, then the page as each
    tooltip of its charts showed (by chart index; none for a page whose specs give no mark a tooltip)."""

    texts: list[dict]
    points: list[dict]
    charts: list[dict]
    tooltips: dict[int, list[dict]]


@pytest.fixture(scope="module", params=LAYOUT_MODES, ids=[f"{w}-{m}" for w, m in LAYOUT_MODES])
def seen(request, reader_views, pages) -> dict[str, Seen]:
    """Every chart page at one layout and mode, as the reader view that loaded it read it (reader_view.py: its
    texts and points in that mode, then its tooltip-bearing marks hovered, last, in the dark mode)."""
    width = LAYOUTS[request.param[0]]
    found = {}
    for name in pages:
        read = reader_views(name, width)[rv.CHART_READING[width]]["charts"]
        found[name] = Seen(read["texts"], read["points"], read["drawn"], dict(enumerate(read["tooltips"])))
    return found


def test_every_chart_text_is_10_px_or_more_and_clear_of_the_other_texts_and_the_points(seen, request):
    problems = []
    where = request.node.callspec.id
    for name, page in seen.items():
        assert page.texts, f"{name}: no chart text read at {where}"
        assert all(c["drawn"] for c in page.charts), f"{name}: a chart did not draw"
        found = ct.small_texts(page.texts) + ct.overlapping_texts(page.texts)
        problems += [f"{name}: {p}" for p in found + ct.texts_on_points(page.texts, page.points)]
    assert not problems, f"{len(problems)} at {where}:\n" + "\n".join(problems[:40])


def test_a_tooltip_opens_inside_the_window_and_the_page_does_not_scroll_sideways(seen, request):
    problems, shown = [], 0
    for name, page in seen.items():
        for index, views in page.tooltips.items():
            shown += len(views)
            problems += [f"{name} chart {index}: {p}" for p in ct.tooltip_problems(views)]
    assert shown, f"no tooltip opened at {request.node.callspec.id}"
    assert not problems, "\n".join(problems[:30])


# ---------------------------------------------------------------------------
# Faults


def _read_copy(tabs, html: Path, width: int) -> tuple[list[dict], list[dict]]:
    """(texts, points) of the labelled page of a site copy."""
    with SiteServer(html, files=site_files(html)) as server:
        return _read(tabs, server.url(LABELLED), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overlap_check_fails_a_chart_whose_labels_coincide(tabs, site_copy, width):
    assert ct.rewrite_specs(site_copy / LABELLED, ct.pile_labels), "no point labels in the page's specs"
    texts, _points = _read_copy(tabs, site_copy, width)
    assert any("overlap" in p for p in ct.overlapping_texts(texts)), f"piled labels not seen at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_size_check_fails_a_chart_with_6_px_labels(tabs, site_copy, width):
    assert ct.rewrite_specs(site_copy / LABELLED, ct.set_label_size(6)), "no point labels in the page's specs"
    texts, _points = _read_copy(tabs, site_copy, width)
    assert any("at 6.0 px" in p for p in ct.small_texts(texts)), f"6 px labels not seen at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_point_check_fails_a_chart_whose_labels_sit_on_their_points(tabs, site_copy, width):
    assert ct.rewrite_specs(site_copy / LABELLED, ct.labels_on_points), "no point labels in the page's specs"
    texts, points = _read_copy(tabs, site_copy, width)
    assert points, "no point read"
    assert any("covers a point" in p for p in ct.texts_on_points(texts, points)), f"not seen at {width} px"


def test_the_size_check_sees_an_svg_shrunk_by_the_page(tabs, server):
    """Text set at 10 px in an SVG the page draws at half its width is 5 px to the reader."""
    page, _report = tabs.visit(server.url(LABELLED), viewport={"width": 1280, "height": 900})
    page.evaluate(
        """() => { const svg = document.querySelector('.vega-chart svg');
           const w = svg.width.baseVal.value; svg.style.width = (w / 2) + 'px'; svg.style.height = 'auto'; }"""
    )
    assert any(t["size"] < 6 for t in page.evaluate(ct.READ_TEXTS))


def test_the_tooltip_check_fails_a_tooltip_past_the_window(tabs, server):
    """A tooltip wider than the window (a style the page is given) cannot be kept inside it: reported."""
    page, _report = tabs.visit(server.url(LABELLED), viewport={"width": 400, "height": 900})
    page.evaluate(ADD_STYLESHEET, "#vg-tooltip-element { min-width: 600px; max-width: none; }")
    views = ct.tooltip_views(page, 0, f"{MARKS}.mark-symbol > path", limit=3)
    assert views, "no tooltip opened"
    problems = ct.tooltip_problems(views)
    assert any("outside the window" in p for p in problems), problems
