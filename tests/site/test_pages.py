"""Every page of the built site loads cleanly, every chart draws what the data holds."""

from __future__ import annotations

import dataclasses
import re
import urllib.request
import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin

import pytest

from nanoimaging.data.vocabulary import SCALES
from nanoimaging.site.browser import SiteServer
from nanoimaging.site.page_audit import audit_site
from nanoimaging.site.screenshots import take_screenshots
from sitekit.browser import MARKS, hover_items, new_context, visit
from sitekit.charts import GENERIC_CHARTS, chart_problems, evidence_cells, expected_marks, stated_cells
from sitekit.pages import TOC_PAGES, norm
from sitekit.table1 import READ_TABLE1, table1_problems
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


def test_plain_build_opened_from_files_logs_no_error(browser, built_site):
    """`make book` output opened straight from disk (file://): no page logs an error or warning, and
    none breaks its own Content-Security-Policy (in Chromium 'self' matches file: URLs there)."""
    problems = {}
    for page_name in built_site.pages:
        context, _refused = new_context(browser)
        try:
            page, report = visit(context, (built_site.html / page_name).as_uri())
        finally:
            context.close()
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
# Icons: the subset fonts draw every icon a page shows (nanoimaging.site.icons)

ICON_BOXES = """() => [...document.querySelectorAll('[class*="fa-"]')]
  .filter(el => [...el.classList].some(c => c.startsWith('fa-') && !['fa-solid','fa-regular','fa-brands','fa-lg','fa-fw'].includes(c)))
  .filter(el => el.checkVisibility())
  .map(el => {
    const before = getComputedStyle(el, '::before');
    const box = el.getBoundingClientRect();
    return {classes: el.className, width: box.width, height: box.height,
            content: before.content, font: before.fontFamily};
  })"""


def _pages_covering_every_icon(built_site) -> list[str]:
    """Fewest pages that together show every icon of the site (the theme's header icons are on all)."""
    from nanoimaging.site.icons import icon_classes

    icons = {p: icon_classes((built_site.html / p).read_text(encoding="utf-8")) for p in TOC_PAGES}
    chosen, seen = [], set()
    for page in sorted(icons, key=lambda p: -len(icons[p])):
        if icons[page] - seen:
            chosen.append(page)
            seen |= icons[page]
    return chosen


def test_no_page_loads_the_theme_s_icon_script(built_site):
    loading = [p for p in built_site.pages if "fontawesome.js" in (built_site.html / p).read_text(encoding="utf-8")]
    assert not loading, f"pages still loading the 1.5 MB icon script: {loading}"
    assert not (built_site.html / "_static" / "scripts" / "fontawesome.js").exists()


def test_the_subset_fonts_hold_a_glyph_for_every_icon_the_site_uses(built_site):
    from fontTools.ttLib import TTFont

    from nanoimaging.site.icons import FONT_FILES, WEBFONTS, codepoints, used_icons
    from nanoimaging.site.sphinx_icons import _theme_static

    points = codepoints((_theme_static() / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8"))
    used = used_icons(built_site.html)
    assert used, "no icon found in the built pages"
    missing = []
    for style, icon in sorted(used):
        if icon not in points:
            continue  # not drawn by the theme's CSS at all (none today; a theme change would show in the browser test)
        for suffix in (".woff2", ".ttf"):
            cmap = TTFont(built_site.html / WEBFONTS / f"{FONT_FILES[style]}{suffix}").getBestCmap()
            if points[icon] not in cmap:
                missing.append(f"{style} {icon} ({suffix})")
    assert not missing, f"icons without a glyph in the shipped fonts: {missing}"


def test_every_icon_on_screen_is_drawn_by_the_subset_font(browser, server, built_site):
    problems, pages = [], _pages_covering_every_icon(built_site)
    assert pages, "no page shows an icon"
    for page_name in pages:
        context, page, _report = _open(browser, server, page_name)
        try:
            page.evaluate("document.fonts.ready.then(() => true)")
            icons = page.evaluate(ICON_BOXES)
            faces = page.evaluate(
                "[...document.fonts].filter(f => f.family.includes('Font Awesome') && f.status === 'loaded')"
                ".map(f => f.family)"
            )
        finally:
            context.close()
        assert icons, f"{page_name}: no visible icon found; the test would prove nothing"
        assert faces, f"{page_name}: no Font Awesome face loaded"
        for icon in icons:
            if icon["width"] <= 0 or icon["height"] <= 0:
                problems.append(f"{page_name}: {icon['classes']} has an empty box")
            if icon["content"] in ("none", "normal", '""') or "Font Awesome" not in icon["font"]:
                problems.append(f"{page_name}: {icon['classes']} draws {icon['content']} in {icon['font']}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Tooltips show what the table printed


def _open(browser, server, page_name):
    context, refused = new_context(browser, viewport={"width": 1280, "height": 1000})
    page, report = visit(context, server.url(page_name))
    return context, page, report


def test_resolution_tooltips_show_the_printed_labels(browser, server, built_site):
    data = built_site.data
    labels = set(data.resolution["label"].astype(str))
    names = set(data.modality_labels().values())
    context, page, report = _open(browser, server, "notebooks/resolution-depth.html")
    try:
        assert report.charts, "no chart on notebooks/resolution-depth.html"
        for index, chart in enumerate(report.charts):
            tips = [t for t in hover_items(page, index, f"{MARKS}.mark-symbol > path") if t["visible"]]
            assert tips, f"{chart['name']}: no tooltip appeared over any point"
            for tip in tips:
                assert tip["rows"].get("Spatial resolution (as printed)") in labels, tip["rows"]
                assert tip["rows"].get("Modality") in names, tip["rows"]
            shown = {t["rows"]["Spatial resolution (as printed)"] for t in tips}
            assert len(shown) >= len(labels) // 2, f"{chart['name']}: tooltips showed only {sorted(shown)}"
    finally:
        context.close()


def test_matrix_tooltips_show_the_review_words(browser, server, built_site):
    data = built_site.data
    names = set(data.modality_labels().values())
    context, page, report = _open(browser, server, "notebooks/scales-aspects.html")
    try:
        charts = {c["name"]: c["index"] for c in report.charts}
        cells = len(data.modalities) * len(SCALES)  # every cell (hover_items stops at 60 unless told)
        shown = hover_items(page, charts["scale-matrix"], f"{MARKS}.mark-rect > path", limit=cells)
        tips = [t for t in shown if t["visible"]]
        assert len(tips) == cells, f"{len(tips)} scale-matrix cells showed a tooltip"
        for tip in tips:
            assert tip["rows"]["Modality"] in names and tip["rows"]["Where it is stated"], tip["rows"]
        tips = [t for t in hover_items(page, charts["aspect-matrix"], f"{MARKS}.mark-rect > path") if t["visible"]]
        assert len(tips) == len(data.modalities) * 3
        approaches = {norm(t) for t in data.approaches["text"]}
        for tip in tips:
            shown = [norm(x) for x in tip["rows"]["Approaches (as printed)"].split("\u2022")]
            assert all(s in approaches for s in shown if s), tip["rows"]
    finally:
        context.close()


def test_evidence_map_filters_redraw_the_circles_the_data_gives(browser, server, built_site):
    data = built_site.data
    added = dataclasses.replace(data, studies=data.studies[data.is_added(data.studies)])
    context, page, report = _open(browser, server, "notebooks/evidence-map.html")
    try:
        chart = page.locator("figure.vega-figure").first  # the chart and its form of controls
        count = (
            f"() => [document.querySelectorAll('.vega-chart {MARKS}.mark-symbol > path').length,"
            f" document.querySelectorAll('.vega-chart {MARKS}.mark-rect > path').length]"
        )
        for aspect in ("all", "drug", "nanoparticle", "environment"):
            for setting in ("all", "clinical", "preclinical"):
                chart.locator('select[name="aspect_choice"]').select_option(aspect)
                chart.locator('select[name="setting_choice"]').select_option(setting)
                # a circle per cell with a study, and a triangle on each that counts an added study
                circles = len(evidence_cells(data, aspect, setting)) + len(evidence_cells(added, aspect, setting))
                stated = len(stated_cells(data, setting))
                page.wait_for_function(f"() => ({count})()[0] === {circles}", timeout=3000)
                assert page.evaluate(count) == [circles, stated], (aspect, setting)
        tips = [t for t in hover_items(page, 0, f"{MARKS}.mark-symbol > path", limit=10) if t["visible"]]
        assert tips and all(t["rows"]["Modality"] in set(data.modality_labels().values()) for t in tips)
        assert all(re.fullmatch(r"\d+", t["rows"]["Studies"]) for t in tips)
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Table 1 and its downloads


def test_table1_shows_every_modality_and_cell_of_the_data(browser, server, built_site):
    context, page, _report = _open(browser, server, "notebooks/table1.html")
    try:
        table = page.evaluate(READ_TABLE1)
    finally:
        context.close()
    assert sum(len(b["rows"]) for b in table["bodies"]) == len(built_site.data.modalities)
    assert len(table["bodies"]) == len(built_site.data.families)
    assert table1_problems(table, built_site.data) == []


@pytest.mark.parametrize("page_name", ["notebooks/table1.html", "book/data-dictionary.html"])
def test_download_links_serve_the_data_files(built_site, server, page_name):
    text = (built_site.html / page_name).read_text(encoding="utf-8")
    links = sorted(set(re.findall(r'href="([^"]*(?:_downloads|_static/data)/[^"]+)"', text)))
    assert links, f"no download link on {page_name}"
    data_dir = built_site.root / "data"
    for link in links:
        url = urljoin(server.url(page_name), link)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200, url
            body = response.read()
        name = link.rsplit("/", 1)[-1]
        if name.endswith(".zip"):
            with zipfile.ZipFile(BytesIO(body)) as archive:
                for member in archive.namelist():
                    if member.startswith("data/"):
                        assert archive.read(member) == (built_site.root / member).read_bytes(), member
        else:
            assert body == (data_dir / name).read_bytes(), f"{link} differs from data/{name}"


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
# Claims the reader can check: the {review} role


@pytest.mark.parametrize(
    "page_name",
    [
        "book/intro.html",
        "notebooks/non-invasive-clinical.html",
        "notebooks/optical.html",
        "notebooks/mass-spectrometry.html",
    ],
)
def test_hovering_or_focusing_a_claim_shows_the_review_s_words(browser, server, built_site, page_name):
    quotes = {" ".join(str(q).split()) for q in built_site.data.quotes["quote"]}
    context, page, _report = _open(browser, server, page_name)
    try:
        claims = page.locator(".review-claim")
        assert claims.count() >= 2, f"{page_name}: no claim marked with its quote"
        for index in range(min(claims.count(), 6)):
            mark, tip = claims.nth(index).locator(".review-mark"), claims.nth(index).locator(".review-quote")
            assert not tip.is_visible()
            mark.scroll_into_view_if_needed()
            mark.hover()
            tip.wait_for(state="visible", timeout=2000)
            shown = " ".join(tip.locator(".review-quote-text").inner_text().split()).strip("\u201c\u201d")
            assert shown in quotes, (page_name, shown[:80])
            assert "de Maar et al. 2020" in tip.inner_text()
            page.mouse.move(1, 1)
        # by keyboard: focusing the claim's button shows its quote too, and names it for screen readers
        mark = claims.first.locator(".review-mark")
        mark.focus()
        claims.first.locator(".review-quote").wait_for(state="visible", timeout=2000)
        assert mark.get_attribute("aria-label") and mark.get_attribute("aria-describedby")
    finally:
        context.close()


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
