"""A student's fork stays green: additions made through the CSV files show up, marked as added.

The site tests already run on a fork: tests/site builds its site from a copy of the
project to which tests/fork.py added a study, the MPI modality and a family with one
modality (plus `nanoimaging new-family`, the one documented step besides the CSVs), and
ran `make book` there. This module checks that each addition shows where it should,
marked "added, not in the review" with its source, and that the rest of the suite passes
in the fork: the fidelity tests, the chooser, cover and evidence tests, the bad-input and
command-line tests, the doctests and the notebooks against their new stored outputs.
"""

from __future__ import annotations

import json
import re

import pytest

from fork import HYBRID, HYBRID_FAMILY, MPI, MPI_KEY
from fork_suite import passed, run_fork_suite
from nanoimaging.site.sphinx_review import number_word

pytestmark = pytest.mark.usefixtures("built_site")


def page(built_site, name: str) -> str:
    return (built_site.html / name).read_text(encoding="utf-8")


def test_the_rest_of_the_suite_passes_in_the_fork(built_site):
    """The fork's own copy of the suite (tests/fork_suite.py), with the fork's own package and data: green.

    First in this module, which `make test` starts first (tests/suite_order.py): the run's longest test.
    """
    result = run_fork_suite(built_site.root)
    assert passed(result), result.stdout[-6000:] + result.stderr[-2000:]


def test_the_fork_validates_and_counts_its_additions_in_the_prose(built_site):
    """The home page counts the review's Table 1 (never the fork's rows) and names what the fork adds."""
    data = built_site.data
    assert {MPI, HYBRID} <= set(data.modalities["modality_id"].astype(str))
    review = data.review_only()
    assert len(review.modalities) == 9 and len(data.modalities) >= 11  # a guide-following fork may have more
    html = page(built_site, "book/intro.html")
    assert "nine modalities in three families" in html
    added = data.modalities[data.is_added(data.modalities)]
    assert f"This copy adds {number_word(len(added))} modalities ({', '.join(added['name'])})" in html


def test_table1_marks_the_added_modalities_and_offers_the_review_only(built_site):
    html = page(built_site, "notebooks/table1.html")
    for modality in (MPI, HYBRID):
        row = re.search(rf'<tr data-modality="{modality}"[^>]*>', html)
        assert row and 'class="t1-added"' in row.group(0) and f'data-source="{MPI_KEY}"' in row.group(0)
    assert f"added, not in the review: {MPI_KEY}" in html
    assert 'class="review-only-toggle"' in html
    # MPI sits in the non-invasive clinical block, the new family in a block of its own
    clinical = html[html.index('data-family="non-invasive-clinical"') : html.index('data-family="optical"')]
    assert f'data-modality="{MPI}"' in clinical
    assert f'data-family="{HYBRID_FAMILY}"' in html


def test_the_review_only_checkbox_hides_every_added_row(browser, server):
    from sitekit.browser import new_context, visit

    context, _refused = new_context(browser)
    try:
        tab, _report = visit(context, server.url("notebooks/table1.html"))
        shown = "() => [...document.querySelectorAll('.t1-added')].filter(e => e.offsetParent !== null).length"
        assert tab.evaluate(shown) > 0
        tab.check(".table1-wrapper .review-only-toggle")
        assert tab.evaluate(shown) == 0
        tab.goto(server.url("notebooks/non-invasive-clinical.html"))
        block = tab.locator(".added-rows").first
        assert block.is_visible() and "made-up finding" in block.inner_text()
        tab.check(".cell_output:has(.added-rows) .review-only-toggle")
        assert not block.is_visible()
    finally:
        context.close()


def test_the_new_family_has_its_chapter_in_the_book(built_site):
    html = page(built_site, f"notebooks/{HYBRID_FAMILY}.html")
    assert "Hybrid methods (added in a fork)" in html and "it is not in the review" in html
    assert f"notebooks/{HYBRID_FAMILY}.html" in page(built_site, "book/intro.html")  # in the navigation


def _specs(built_site, name: str) -> list[dict]:
    return [
        json.loads(raw)
        for raw in re.findall(r'<script type="application/json">(.*?)</script>', page(built_site, name), re.S)
    ]


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("notebooks/resolution-depth.html", "MPI (added)"),
        ("notebooks/scales-aspects.html", "MPI (added)"),
        ("notebooks/evidence-map.html", f"[added: {MPI_KEY}]"),
        ("notebooks/chooser.html", "MPI (added)"),
        (f"notebooks/{HYBRID_FAMILY}.html", "HYB (added)"),
    ],
)
def test_every_chart_shows_the_additions_marked(built_site, name, marker):
    assert any(marker in json.dumps(spec, ensure_ascii=False) for spec in _specs(built_site, name)), (name, marker)


def test_the_added_studies_are_listed_apart_with_their_citations(built_site):
    html = page(built_site, "notebooks/non-invasive-clinical.html")
    block = html[html.index('<div class="added-rows">') :]
    assert "Added to this copy, not in the review" in block and "made-up finding" in block


def test_the_fork_s_notebook_pages_launch_binder_on_the_fork(built_site):
    """No configuration: the build reads the fork's GitHub origin (a made-up address, never contacted)."""
    from urllib.parse import unquote

    from nanoimaging.site.repository import find_repository

    repository = find_repository(built_site.root, {})
    assert repository.url, f"the site's project has no GitHub origin: {repository.origin}"
    owner_name = repository.url.removeprefix("https://github.com/")
    notebook_pages = [p for p in built_site.pages if p.startswith("notebooks/")]
    assert notebook_pages
    lacking = []
    for name in notebook_pages:
        links = [unquote(u) for u in re.findall(r'href="(https://mybinder\.org/[^"]+)"', page(built_site, name))]
        stem = name.removesuffix(".html")
        expected = f"https://mybinder.org/v2/gh/{owner_name}/{repository.branch}?urlpath=lab/tree/{stem}.ipynb"
        if expected not in links:
            lacking.append(f"{name}: {links or 'no Binder link'}")
    assert not lacking, f"expected links to {repository.url}: {lacking}"
    assert repository.url in page(built_site, notebook_pages[0]), "no link to the fork's repository"
