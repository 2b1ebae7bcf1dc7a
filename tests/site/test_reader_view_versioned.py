"""Every page of a version of the versioned site as readers see it: the checks of test_reader_view.py.

A module of its own, so that under pytest-xdist (--dist loadscope) it runs beside the plain
book's views instead of after them.
"""

from __future__ import annotations

import pytest

import reader_view as rv
from reader_view import ReaderViews, problems_in_every_mode
from sitekit.pages import TOC_PAGES


@pytest.fixture(scope="module")
def versioned_views(versioned_visits) -> ReaderViews:
    return ReaderViews(versioned_visits, "versioned")


@pytest.mark.parametrize("width", tuple(rv.WIDTHS))
@pytest.mark.parametrize("page", TOC_PAGES)
def test_every_page_of_a_version_reads_well_in_every_mode(versioned_views, page, width):
    views = versioned_views(page, width)
    assert set(views) == set(rv.MODES)
    assert problems_in_every_mode(views) == {}
