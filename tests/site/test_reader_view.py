"""Every page as readers see it: both builds, a phone and a desktop, light, dark and the system's dark.

For each page of the plain book and of a version of the versioned site, at 400 and
1280 px, the page is opened once with the system preferring dark (the theme on "auto",
as for a reader who never clicked), then switched to light and to dark with the theme's
own button. In each of the three modes (reader_view.view_page):

* axe-core finds no serious or critical violation of any WCAG 2.0/2.1 A or AA rule or of
  its best practices, colour contrast included (in the system's dark and in light; dark by
  the switch sets the same theme as the system's dark and gets the checks below);
* no element reaches past the window's right edge and the page does not scroll sideways;
* no text is drawn in a colour too close to its background (Table 1 in dark mode was
  light ink on a light panel);
* at desktop width, no word of Table 1's headers and cells is split over two lines.

The built site is the fork's (tests/fork.py adds MPI, a study and a family), so a
student's rows are held to the same standard. Each page view is made once per run and
shared by the workers (conftest.once_per_run). test_reader_view_faults.py shows each
check failing on a page made to fail it.
"""

from __future__ import annotations

import re

import pytest

import reader_view as rv
import site_tools as st
from site_tools import TOC_PAGES

#: Pages that hold Table 1 (whole or one family's block): their words must stay whole at desktop width.
TABLE1_PAGES = {
    "notebooks/table1.html",
    "notebooks/non-invasive-clinical.html",
    "notebooks/optical.html",
    "notebooks/mass-spectrometry.html",
}


class ReaderViews:
    """The reader views of one build's pages, each made once per run (by the first worker that asks)."""

    def __init__(self, visits: object, build: str) -> None:
        self.visits, self.build = visits, build
        self._views: dict[tuple[str, str], dict] = {}

    def __call__(self, page_name: str, width: str) -> dict[str, dict[str, list]]:
        key = (page_name, width)
        if key not in self._views:
            name = f"reader-{self.build}-{width}-" + re.sub(r"[^A-Za-z0-9]+", "-", page_name)
            visits = self.visits

            def view(_folder):
                return rv.view_page(
                    visits.browser,
                    visits.server.url(visits.prefix + page_name),
                    rv.WIDTHS[width],
                    visits.server.url(st.AXE_URL_PATH),
                    table_words=width == "desktop" and page_name in TABLE1_PAGES,
                )

            self._views[key] = visits._once(name, view)
        return self._views[key]


@pytest.fixture(scope="session")
def plain_views(visits) -> ReaderViews:
    return ReaderViews(visits, "plain")


@pytest.fixture(scope="session")
def versioned_views(versioned_visits) -> ReaderViews:
    return ReaderViews(versioned_visits, "versioned")


@pytest.fixture(params=("plain", "versioned"))
def reader_views(request) -> ReaderViews:
    return request.getfixturevalue(f"{request.param}_views")


def test_the_pages_hold_table1_where_the_words_are_checked(built_site):
    for page in TABLE1_PAGES:
        assert 'class="table1"' in (built_site.html / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("width", tuple(rv.WIDTHS))
@pytest.mark.parametrize("page", TOC_PAGES)
def test_every_page_reads_well_in_every_mode(reader_views, page, width):
    views = reader_views(page, width)
    assert set(views) == set(rv.MODES)
    found = {
        mode: view["problems"] + [f"axe: {p}" for p in st.serious_violations(view["axe"])]
        for mode, view in views.items()
    }
    assert {mode: problems for mode, problems in found.items() if problems} == {}
