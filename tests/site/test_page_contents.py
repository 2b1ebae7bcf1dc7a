"""What the built site's pages show: every icon drawn by the subset font, tooltips with the printed labels
and the review's words, the evidence map's filters, Table 1 and its downloads, and the claims a reader can
check (the {review} role)."""

from __future__ import annotations

import dataclasses
import re
import urllib.request
import zipfile
from io import BytesIO
from urllib.parse import urljoin

import pytest

from nanoimaging.data.vocabulary import SCALES
from sitekit.browser import MARKS, hover_items
from sitekit.charts import evidence_cells, stated_cells
from sitekit.pages import TOC_PAGES, norm
from sitekit.table1 import READ_TABLE1, table1_problems
from sitekit.tabs import open_tab

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


def test_every_icon_on_screen_is_drawn_by_the_subset_font(tabs, server, built_site):
    problems, pages = [], _pages_covering_every_icon(built_site)
    assert pages, "no page shows an icon"
    for page_name in pages:
        page, _report = open_tab(tabs, server, page_name)
        page.evaluate("document.fonts.ready.then(() => true)")
        icons = page.evaluate(ICON_BOXES)
        faces = page.evaluate(
            "[...document.fonts].filter(f => f.family.includes('Font Awesome') && f.status === 'loaded')"
            ".map(f => f.family)"
        )
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


def test_resolution_tooltips_show_the_printed_labels(tabs, server, built_site):
    data = built_site.data
    labels = set(data.resolution["label"].astype(str))
    names = set(data.modality_labels().values())
    page, report = open_tab(tabs, server, "notebooks/resolution-depth.html")
    assert report.charts, "no chart on notebooks/resolution-depth.html"
    for index, chart in enumerate(report.charts):
        tips = [t for t in hover_items(page, index, f"{MARKS}.mark-symbol > path") if t["visible"]]
        assert tips, f"{chart['name']}: no tooltip appeared over any point"
        for tip in tips:
            assert tip["rows"].get("Spatial resolution (as printed)") in labels, tip["rows"]
            assert tip["rows"].get("Modality") in names, tip["rows"]
        shown = {t["rows"]["Spatial resolution (as printed)"] for t in tips}
        assert len(shown) >= len(labels) // 2, f"{chart['name']}: tooltips showed only {sorted(shown)}"


def test_matrix_tooltips_show_the_review_words(tabs, server, built_site):
    data = built_site.data
    names = set(data.modality_labels().values())
    page, report = open_tab(tabs, server, "notebooks/scales-aspects.html")
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


def test_evidence_map_filters_redraw_the_circles_the_data_gives(tabs, server, built_site):
    data = built_site.data
    added = dataclasses.replace(data, studies=data.studies[data.is_added(data.studies)])
    page, report = open_tab(tabs, server, "notebooks/evidence-map.html")
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


# ---------------------------------------------------------------------------
# Table 1 and its downloads


def test_table1_shows_every_modality_and_cell_of_the_data(tabs, server, built_site):
    page, _report = open_tab(tabs, server, "notebooks/table1.html")
    table = page.evaluate(READ_TABLE1)
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
def test_hovering_or_focusing_a_claim_shows_the_review_s_words(tabs, server, built_site, page_name):
    quotes = {" ".join(str(q).split()) for q in built_site.data.quotes["quote"]}
    page, _report = open_tab(tabs, server, page_name)
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
