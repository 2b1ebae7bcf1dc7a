"""Safety: data shows as text, nothing loads from another host, each page carries its own policy.

Every page of both builds states its Content-Security-Policy in a ``<meta http-equiv>``
(nanoimaging.site.csp): the site's own files only, no 'unsafe-eval' (the charts interpret
their expressions), no 'unsafe-inline', and the page's inline code by its SHA-256 hash.
Here the policy is read from the pages on disk and checked against their inline code; the
browser tests (test_pages.py) load every page under its own policy, with no header from the
test server, over http and from file://, and fail on any violation it reports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import nanoimaging
import page_policy
from nanoimaging.site.browser import SiteServer
from nanoimaging.site.csp import site_pages
from sitekit.axe import site_files
from sitekit.browser import hover_items, new_context, tooltip_items, visit
from sitekit.build import BuiltSite, build_book, copy_project, execute_notebooks
from sitekit.charts import chart_specs
from sitekit.html import ALLOWED_HANDLERS, third_party_resources, unexpected_inline_code


def test_no_third_party_script_style_font_or_image(built_site):
    assert third_party_resources(built_site.html) == []


def test_all_inline_code_is_the_theme_s(built_site):
    assert unexpected_inline_code(built_site.html) == []


def test_every_page_of_the_plain_build_carries_its_policy(built_site):
    assert built_site.pages, "no pages found"
    assert page_policy.site_policy_problems(built_site.html, built_site.pages) == []


def test_every_page_of_the_versioned_site_carries_its_policy(versioned_site):
    site, version = versioned_site
    pages = [p.relative_to(site).as_posix() for p in site_pages(site)]
    assert f"{version}/book/intro.html" in pages and "index.html" in pages and "latest/search.html" in pages
    assert page_policy.site_policy_problems(site, pages) == []


# ---------------------------------------------------------------------------
# Hostile data: markup and script in the data package must show as text

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"
MD_LINK = "[more](javascript:window.__xss=1)"
ATTR = '<b onmouseover="window.__xss=1">x</b>'
#: The book chapters the hostile data passes through (table, charts, study list, evidence map).
HOSTILE_CHAPTERS = ["notebooks/table1", "notebooks/optical", "notebooks/scales-aspects", "notebooks/evidence-map"]
HOSTILE_MODALITY = "ivm"


def _edit(path: Path, match: dict[str, str], values: dict[str, str], nth: int = 0) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    hits[nth].update(values)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_hostile(data: Path) -> dict[str, str]:
    """Put markup, script and javascript: URLs into fields the validator accepts; returns what went where."""
    m = HOSTILE_MODALITY
    _edit(data / "approaches.csv", {"modality_id": m, "aspect": "drug"}, {"text": SCRIPT})
    _edit(data / "modalities.csv", {"modality_id": m}, {"name": "IVM " + IMG})
    _edit(data / "resolution.csv", {"modality_id": m}, {"technique": ATTR})
    _edit(data / "studies.csv", {"modality_id": m}, {"finding": IMG}, nth=0)
    _edit(data / "studies.csv", {"modality_id": m}, {"finding": MD_LINK, "subject": SCRIPT}, nth=1)
    # an assessment no row of properties.csv quotes (those must repeat Table 1's words)
    referenced = set()
    if (data / "properties.csv").exists():
        with (data / "properties.csv").open(encoding="utf-8", newline="") as handle:
            referenced = {
                (r["assessment_kind"], r["assessment_position"])
                for r in csv.DictReader(handle)
                if r["modality_id"] == m
            }
    with (data / "assessments.csv").open(encoding="utf-8", newline="") as handle:
        free = [
            r for r in csv.DictReader(handle) if r["modality_id"] == m and (r["kind"], r["position"]) not in referenced
        ]
    _edit(
        data / "assessments.csv",
        {"modality_id": m, "kind": free[0]["kind"], "position": free[0]["position"]},
        {"text": JS_URL},
    )
    return {"table": [SCRIPT, "IVM " + IMG, JS_URL, ATTR], "studies": [IMG, MD_LINK, SCRIPT]}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> BuiltSite:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    placed = make_hostile(root / "data")
    nanoimaging.load(root / "data")  # the validator accepts the hostile values
    toc = (
        "format: jb-book\nroot: "
        + HOSTILE_CHAPTERS[0]
        + "\nchapters:\n"
        + "".join(f"  - file: {c}\n" for c in HOSTILE_CHAPTERS[1:])
    )
    (root / "_toc.yml").write_text(toc, encoding="utf-8")
    execute_notebooks(root, [root / f"{c}.ipynb" for c in HOSTILE_CHAPTERS])
    site = BuiltSite(root, build_book(root), nanoimaging.load(root / "data"))
    site.placed = placed  # type: ignore[attr-defined]
    return site


#: Elements with an event-handler attribute, or a javascript: link, as the page is now.
ACTIVE_MARKUP = """() => [...document.querySelectorAll('*')].filter(el =>
    [...el.attributes].some(a => a.name.startsWith('on') ||
        (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\\s*javascript:/i.test(a.value))))
  .map(el => el.outerHTML.slice(0, 160))"""


def test_hostile_data_shows_as_text_and_never_runs(browser, hostile_site):
    assert [p for p in unexpected_inline_code(hostile_site.html) if "__xss" in p] == []
    allowed = {f'{attr}="{code}"' for _tag, attr, code in ALLOWED_HANDLERS}
    specs = chart_specs(hostile_site.html)
    assert specs, "the hostile site has no chart"
    with SiteServer(hostile_site.html, files=site_files(hostile_site.html)) as server:
        context, refused = new_context(browser, viewport={"width": 1280, "height": 1000})
        try:
            for chapter in HOSTILE_CHAPTERS:
                name = chapter + ".html"
                page, report = visit(context, server.url(name), globals_=["__xss"])
                items = tooltip_items(s for page_name, s in specs if page_name == name)
                shown = []
                for index in range(len(report.charts) if items else 0):  # every tooltip shown once
                    shown += hover_items(page, index, items, limit=80)
                assert not items or any(t["visible"] for t in shown), f"{name}: no tooltip was shown"
                assert page.evaluate("typeof window.__xss") == "undefined", f"{name}: injected code ran"
                active = [html for html in page.evaluate(ACTIVE_MARKUP) if not any(a in html for a in allowed)]
                assert active == [], f"{name}: markup from the data became live"
                text = page.evaluate("document.querySelector('main').innerText")
                expected = {
                    "notebooks/table1": hostile_site.placed["table"],
                    "notebooks/optical": hostile_site.placed["table"] + hostile_site.placed["studies"],
                }.get(chapter, [])
                missing = [s for s in expected if s not in text]
                assert missing == [], f"{name}: not shown as text: {missing}"
                page.close()
        finally:
            context.close()
    assert refused == [], "a request tried to leave 127.0.0.1"
