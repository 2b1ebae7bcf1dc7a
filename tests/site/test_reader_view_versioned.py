"""Pages of a version of the versioned site as readers see it: the checks of test_reader_view.py.

test_reader_view.py checks every page of the plain build; what a version adds (its version
menu and the footer's link to its PDF) is the same on every page, so here one page of each kind carries it: the home page, a text page with code, Table 1,
a chapter of charts, and the chart page with menus. A module of its own, so that under
pytest-xdist (--dist loadscope) it runs beside the plain book's views instead of after them.
"""

from __future__ import annotations

import pytest

import reader_view as rv
from reader_view import ReaderViews, problems_in_every_mode
from sitekit.pages import TOC_PAGES


@pytest.fixture(scope="module")
def versioned_views(versioned_visits) -> ReaderViews:
    return ReaderViews(versioned_visits, "versioned")


#: One page of each kind the book has (every one is in the table of contents: checked below).
VERSION_PAGES = (
    "book/intro.html",
    "book/guide.html",
    "notebooks/table1.html",
    "notebooks/optical.html",
    "notebooks/evidence-map.html",
)


def test_the_pages_checked_in_a_version_are_pages_of_the_book():
    assert set(VERSION_PAGES) <= set(TOC_PAGES)


@pytest.mark.parametrize("width", tuple(rv.WIDTHS))
@pytest.mark.parametrize("page", VERSION_PAGES)
def test_every_page_of_a_version_reads_well_in_every_mode(versioned_views, page, width):
    views = versioned_views(page, width)
    assert set(views) == set(rv.MODES)
    assert problems_in_every_mode(views) == {}
