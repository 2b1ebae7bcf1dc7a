"""Every page of the built site loads cleanly, every chart draws what the data holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nanoimaging.site.browser import SiteServer
from nanoimaging.site.page_audit import audit_site
from nanoimaging.site.screenshots import take_screenshots
from sitekit.browser import new_context, visit
from sitekit.charts import GENERIC_CHARTS, chart_problems, expected_marks
from sitekit.pages import TOC_PAGES
from sitekit.weight import PAGE_BYTES_BUDGET, page_weight


def test_the_site_has_every_page_of_the_table_of_contents(built_site):
    missing = sorted(set(TOC_PAGES) - set(built_site.pages))
    assert not missing, f"pages of _toc.yml not built: {missing}"


def test_chart_assets_load_once_per_chart_page(built_site):
    assert audit_site(built_site.html) == {}


def test_every_page_declares_an_icon(built_site):
    """Without <link rel="icon"> the browser asks for /favicon.ico itself and logs a 404.

    index.html, a redirect to the first chapter, is left out: no one stays on it."""
    pages = {p: (built_site.html / p).read_text(encoding="utf-8") for p in built_site.pages}
    assert pages, "no page built"
    lacking = [
        p
        for p, text in pages.items()
        if not re.search(r'http-equiv="refresh"', text, re.I)
        and not re.search(r'<link[^>]+rel="(shortcut )?icon"', text)
    ]
    assert not lacking, f"no <link rel='icon'> (html: favicon: in _config.yml): {lacking}"


@pytest.mark.parametrize("page", TOC_PAGES)
def test_page_loads_without_console_errors_or_requests_elsewhere(build_visits, page):
    report = build_visits(page)
    assert report.external_requests() == [], "requests leaving 127.0.0.1"
    assert report.console_errors() == []
    assert report.csp == [], "violations of the page's own Content-Security-Policy"


def test_plain_build_opened_from_files_logs_no_error(tabs, built_site):
    """`make book` output opened straight from disk (file://): no page logs an error or warning, and
    none breaks its own Content-Security-Policy (in Chromium 'self' matches file: URLs there)."""
    problems = {}
    assert built_site.pages, "no page built"
    for page_name in built_site.pages:
        _page, report = tabs.visit((built_site.html / page_name).as_uri())
        if report.console_errors() or report.csp:
            problems[page_name] = report.console_errors() + report.csp
    assert problems == {}


def test_only_the_versioned_site_has_the_version_switcher(
    browser, built_site, visits, versioned_site, versioned_visits
):
    page_name = "book/intro.html"
    assert "version-switcher" not in (built_site.html / page_name).read_text(encoding="utf-8")
    assert not any("versions.json" in r for r in visits(page_name).requests)
    site, version = versioned_site
    context, _refused = new_context(browser)
    try:
        page, report = visit(context, versioned_visits.server.url(f"{version}/{page_name}"))
        page.wait_for_function(
            "() => document.querySelectorAll('.version-switcher__menu [role=option]').length > 0", timeout=5000
        )
        button = page.locator(".version-switcher__button").first
        shown = button.inner_text().strip()
        name = page.evaluate(
            "(id) => { const b = document.getElementById(id);"
            " return b.getAttribute('aria-labelledby').split(' ').map("
            "i => document.getElementById(i).textContent.trim()).join(' '); }",
            button.get_attribute("id"),
        )
    finally:
        context.close()
    assert any(r.endswith("/versions.json") for r in report.requests)
    assert shown.startswith(version), shown
    assert name == f"Version {shown}", "the switcher's accessible name must contain what it shows"


@pytest.mark.parametrize("page", TOC_PAGES)
def test_every_chart_draws_the_marks_the_data_gives(built_site, visits, page):
    report = visits(page)
    static = (built_site.html / page).read_text(encoding="utf-8").count('class="vega-chart"')
    assert len(report.charts) == static, f"{static} charts in the HTML, {len(report.charts)} on the page"
    problems = [p for chart in report.charts for p in chart_problems(chart, built_site.data)]
    assert problems == []


def test_the_known_charts_are_all_checked_against_the_data(built_site):
    """Every chart the notebooks draw today has its expected marks computed from the data."""
    html = "".join((built_site.html / p).read_text(encoding="utf-8") for p in built_site.pages)
    names = set(re.findall(r'data-chart-name="([^"]+)"', html))
    assert names, "no named chart on the site"
    unknown = sorted(n for n in names if expected_marks(n, built_site.data) is None and n not in GENERIC_CHARTS)
    assert not unknown, f"charts with no expectation in sitekit.charts.expected_marks (or GENERIC_CHARTS): {unknown}"


# ---------------------------------------------------------------------------
# Page weight (bench/page_weight.py prints the whole table) and screenshots


def test_chart_pages_stay_within_the_byte_budget(browser, built_site, record_property):
    """Bytes are asserted (deterministic); times until the charts drew are only recorded."""
    chart_pages = [
        p for p in built_site.pages if 'class="vega-chart"' in (built_site.html / p).read_text(encoding="utf-8")
    ]
    assert chart_pages, "no page with a chart"
    with SiteServer(built_site.html, compress=True) as gz_server:
        weights = {p: page_weight(browser, gz_server.url(p)) for p in chart_pages}
    for page, weight in weights.items():
        record_property(f"{page} bytes", weight["bytes"])
        record_property(f"{page} charts drawn ms", weight["drawnAt"])
    print(
        "\n"
        + "\n".join(
            f"{p}: {w['bytes'] / 1024:.0f} KB, charts drawn at {w['drawnAt'] or 0:.0f} ms" for p, w in weights.items()
        )
    )
    heavy = {p: w["bytes"] for p, w in weights.items() if w["bytes"] > PAGE_BYTES_BUDGET}
    assert not heavy, f"chart pages over {PAGE_BYTES_BUDGET / 1048576:.1f} MB (gzipped): {heavy}"


def _mean_luminance(browser, png: Path) -> float:
    """Mean brightness (0-255) of the top 300 rows of a PNG, decoded by the browser."""
    import base64

    context = browser.new_context()
    try:
        page = context.new_page()
        data = base64.b64encode(png.read_bytes()).decode()
        return page.evaluate(
            """async (data) => { const img = new Image(); img.src = 'data:image/png;base64,' + data; await img.decode();
               const c = document.createElement('canvas'); c.width = img.width; c.height = Math.min(300, img.height);
               const g = c.getContext('2d'); g.drawImage(img, 0, 0); const px = g.getImageData(0, 0, c.width, c.height).data;
               let sum = 0; for (let i = 0; i < px.length; i += 4) sum += (px[i] + px[i + 1] + px[i + 2]) / 3;
               return sum / (px.length / 4); }""",
            data,
        )
    finally:
        context.close()


def test_screenshots_are_taken_at_desktop_and_phone_width_in_both_modes(browser, built_site, tmp_path):
    written = take_screenshots(built_site.html, tmp_path, pages=["notebooks/scales-aspects.html"], browser=browser)
    names = [p.name for p in written]
    assert names == [
        "notebooks-scales-aspects-desktop.png",
        "notebooks-scales-aspects-phone.png",
        "notebooks-scales-aspects-desktop-dark.png",
        "notebooks-scales-aspects-phone-dark.png",
    ]
    for path in written:
        head = path.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(head[16:20], "big")
        assert width == (1280 if "desktop" in path.name else 400), (path.name, width)
    light, dark = (
        _mean_luminance(browser, tmp_path / f"notebooks-scales-aspects-desktop{m}.png") for m in ("", "-dark")
    )
    assert light > 180 > 80 > dark, f"mean brightness: light {light:.0f}, dark {dark:.0f}"


def test_screenshots_cover_every_page_by_default_and_one_element_when_asked(browser, built_site, tmp_path):
    from nanoimaging.site.screenshots import site_pages

    assert set(site_pages()) | {"index.html"} == set(TOC_PAGES)
    assert set(site_pages(built_site.root)) >= set(site_pages())  # a fork's chapters are taken too
    written = take_screenshots(
        built_site.html,
        tmp_path,
        pages=["notebooks/table1.html"],
        widths={"desktop": 1280},
        modes=("dark",),
        browser=browser,
        element="table.table1",
    )
    head = written[0].read_bytes()[:24]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert 600 < width < 1280 and height > 600, (width, height)  # the table alone, not the page


# ---------------------------------------------------------------------------
# Findable data: schema.org Dataset JSON-LD on the data chapter (nanoimaging.site.sphinx_dataset)


def _jsonld(html: str) -> list[dict]:
    import json

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_the_data_chapter_describes_the_data_package_as_a_schema_org_dataset(built_site):
    import json
    from urllib.parse import urljoin as join

    from nanoimaging.data.package import data_zip_name
    from nanoimaging.refs.bibtex import REVIEW_KEY, read_references
    from nanoimaging.site.sphinx_dataset import DATA_PAGE

    page = built_site.html / f"{DATA_PAGE}.html"
    blocks = _jsonld(page.read_text(encoding="utf-8"))
    assert len(blocks) == 1, f"{page.name}: {len(blocks)} JSON-LD blocks"
    ld = blocks[0]
    data_dir = built_site.root / "data"
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert ld["@type"] == "Dataset" and ld["@context"].rstrip("/").endswith("schema.org")
    assert ld["name"] == package["title"] and ld["description"] == package["description"]
    assert ld["version"] == package["version"]
    assert ld["license"] == [licence["path"] for licence in package["licenses"]]
    review = read_references(built_site.root / "references.bib").entries[REVIEW_KEY]
    assert ld["citation"]["identifier"] == f"https://doi.org/{review.fields['doi']}"
    assert ld["citation"]["name"] == review.fields["title"]
    served = {d["name"]: d["contentUrl"] for d in ld["distribution"]}
    expected = [r["path"] for r in package["resources"]] + [data_zip_name(package["version"])]
    assert sorted(served) == sorted(expected), "one distribution per CSV and the zip"
    base = page.as_uri()
    for name, url in served.items():
        target = Path(join(base, url).removeprefix("file://"))
        assert target.is_file(), f"{name}: {url} is not in the built site"
        if name.endswith(".csv"):
            assert target.read_bytes() == (data_dir / name).read_bytes(), f"{name}: served file differs from data/"
    others = [
        p
        for p in built_site.pages
        if p != f"{DATA_PAGE}.html" and "ld+json" in (built_site.html / p).read_text(encoding="utf-8")
    ]
    assert not others, f"JSON-LD on pages other than the data chapter: {others}"
