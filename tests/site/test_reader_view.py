"""Every page as readers see it: both builds, a phone and a desktop, light, dark and the system's dark.

For each page of the plain book (here) and of a version of the versioned site
(test_reader_view_versioned.py, a module of its own so that the two run side by side), at 400 and
1280 px, the page is opened once with the system preferring dark (the theme on "auto",
as for a reader who never clicked), then switched to light and to dark with the theme's
own button. In each of the three modes (reader_view.view_page):

* axe-core finds no serious or critical violation of any WCAG 2.0/2.1 A or AA rule or of
  its best practices, colour contrast included (in the system's dark and in light; dark by
  the switch sets the same theme as the system's dark and gets the checks below);
* no element reaches past the window's right edge and the page does not scroll sideways;
* no text is drawn in a colour too close to its background (Table 1 in dark mode was
  light ink on a light panel), and no chart text under WCAG AA contrast against what is drawn
  under it (axe cannot judge text inside an SVG);
* the theme's switch changes the mode without reloading the page, and the charts are drawn
  again in the new mode;
* at desktop width, no word of Table 1's headers and cells is split over two lines.

The built site is the fork's (tests/fork.py adds MPI, a study and a family), so a
student's rows are held to the same standard. Each page view is made once per run and
shared by the workers (conftest.once_per_run). test_reader_view_faults.py shows each
check failing on a page made to fail it.
"""

from __future__ import annotations

import pytest

import reader_view as rv
from reader_view import TABLE1_PAGES, problems_in_every_mode
from sitekit.pages import TOC_PAGES, html_pages


def test_the_pages_hold_table1_where_the_words_are_checked(built_site):
    for page in TABLE1_PAGES:
        assert 'class="table1"' in (built_site.html / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("width", tuple(rv.WIDTHS))
@pytest.mark.parametrize("page", TOC_PAGES)
def test_every_page_reads_well_in_every_mode(reader_views, page, width):
    views = reader_views(page, width)
    assert set(views) == set(rv.MODES)
    assert problems_in_every_mode(views) == {}


def test_the_pages_a_fork_adds_read_well_in_every_mode(reader_views, built_site):
    """A student's own chapter (the fork's new family, tests/fork.py) is held to the same standard, at both widths."""
    added = sorted(set(html_pages(built_site.html)) - set(TOC_PAGES))
    if not added:
        pytest.skip("the site checked is not a fork's (NANOIMAGING_TEST_SITE): it adds no page")
    problems = {
        (page, width): problems_in_every_mode(reader_views(page, width)) for page in added for width in rv.WIDTHS
    }
    assert {key: found for key, found in problems.items() if found} == {}
