"""The PDF edition as a reader sees its pages: none blank, none holding only a heading, no text
past the margins, every chart at the text block's width, no word of Table 1 or of the data
dictionary broken without a mark.

The checks read the fork's PDF (the `pdf_edition` fixture) with :mod:`pdf_layout`. Each has a
fault test: a small page made to fail it, printed by the same function as the book
(:func:`nanoimaging.site.pdf.print_single_page`, with print.js and print.css); the margin
check's is in tests/test_pdf_edition.py, on a page written with pypdf, since Chromium shrinks a
page whose content is too wide instead of printing it past the margin.
"""

from __future__ import annotations

import base64
import re
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

import pdf_layout as pl
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.chapters import toc_parts
from nanoimaging.site.pdf import PRINT_CSS, print_single_page
from sitekit.pdf import chapter_page_range, chapter_title, outline_pages
from sitekit.table1 import table1_cell_texts

#: Charts whose static SVG is wider than what it draws, by design: the chooser keeps room on
#: the right for the reason a modality fails, and the printed page asks nothing, so all fit.
NARROW_BY_DESIGN = {"modality-chooser"}


def _block(pages: list[pl.PageLayout]) -> pl.TextBlock:
    css = files("nanoimaging.site").joinpath(PRINT_CSS).read_text(encoding="utf-8")
    return pl.text_block(css, pages[0].width, pages[0].height)


def _headings_by_page(path: Path) -> dict[int, list[str]]:
    from pypdf import PdfReader

    found: dict[int, list[str]] = {}
    for _depth, title, page in outline_pages(PdfReader(path)):
        found.setdefault(page, []).append(title)
    return found


@pytest.fixture(scope="module")
def layout(pdf_edition: Path) -> list[pl.PageLayout]:
    return pl.read_layout(pdf_edition)


def _chapter_pages(built_site, pdf_edition: Path) -> dict[str, range]:
    """Chapter file -> its pages in the PDF (0-based), for every chapter of _toc.yml."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_edition)
    return {
        file: chapter_page_range(reader, chapter_title(built_site.html, file))
        for _part, chapter_files in toc_parts(built_site.root)
        for file in chapter_files
    }


# ---------------------------------------------------------------------------
# The book's PDF


def test_no_page_is_blank(layout):
    assert len(layout) > 10, f"the PDF has only {len(layout)} pages"
    blank = pl.blank_pages(layout, _block(layout))
    assert not blank, f"blank pages (nothing but the footer): {[i + 1 for i in blank]}"


def test_no_page_holds_only_a_heading(layout, pdf_edition):
    headings = _headings_by_page(pdf_edition)
    assert headings, "the PDF has no outline to find its headings by"
    alone = pl.heading_only_pages(layout, _block(layout), headings)
    assert not alone, "pages holding only a heading: " + "; ".join(f"{i + 1} {headings[i]}" for i in alone)


def test_no_text_runs_past_the_margins(layout):
    block = _block(layout)
    past = [
        f"page {i + 1}: {problem}" for i, page in enumerate(layout) for problem in pl.text_past_margins(page, block)
    ]
    assert not past, f"{len(past)} text runs past the text block:\n" + "\n".join(past[:20])


def test_every_chart_spans_the_text_blocks_width(layout, built_site, pdf_edition):
    block = _block(layout)
    chapters = _chapter_pages(built_site, pdf_edition)
    charts = [
        (file, chart)
        for file in chapters
        for chart in pl.page_charts((built_site.html / f"{file}.html").read_text(encoding="utf-8"))
    ]
    assert charts, "the built site has no charts"
    problems = []
    for file, chart in charts:
        spans = [(i, pl.chart_span(layout[i], chart)) for i in chapters[file]]
        spans = [(i, span) for i, span in spans if span]
        if not spans:
            problems.append(f"{file}: chart {chart.name} (titles {chart.titles}) is not found in its pages")
        for i, (left, right) in spans:
            share = (right - left) / block.width
            if share < 0.9 and chart.name not in NARROW_BY_DESIGN:
                problems.append(f"{file}: chart {chart.name} on page {i + 1} spans {share:.0%} of the text block")
    assert not problems, "\n".join(problems)


def test_no_word_of_table1_or_the_data_dictionary_breaks_without_a_mark(layout, built_site, pdf_edition):
    chapters = _chapter_pages(built_site, pdf_edition)
    data = built_site.data
    checked = 0
    problems = []
    for file, pages in chapters.items():
        page_html = (built_site.html / f"{file}.html").read_text(encoding="utf-8")
        words = []
        if re.search(r'<table class="table1\b', page_html):
            words += re.findall(r'<th scope="col">([^<]+)</th>', page_html)
            for modality in data.modalities.itertuples():
                if f'data-modality="{modality.modality_id}"' in page_html:
                    words += [t for texts in table1_cell_texts(data, modality).values() for t in texts]
        if 'class="data-dictionary"' in page_html:
            words += [
                field["name"] for resource in data.descriptor["resources"] for field in resource["schema"]["fields"]
            ]
        if words:
            checked += 1
            # Table 1's pages: those that print its header row (print repeats it on each page of the
            # table); a chart's axis title turned on its side elsewhere reads as broken words.
            header = ("Nanoparticle", "Environment", "Limitations")
            printed = [i for i in pages if all(h in " ".join(layout[i].lines) for h in header)]
            if 'class="data-dictionary"' in page_html:
                printed = pages
            problems += [f"{file}: {piece!r}" for piece in pl.broken_words([layout[i] for i in printed], words)]
    assert checked >= 2, "found neither Table 1 nor the data dictionary in the book's chapters"
    assert not problems, "words broken across lines without a mark:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------
# Fault tests: small pages printed by the book's own printing function

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">'
    '<g class="mark-text role-title-text"><text x="10" y="20" font-size="14">A chart made for the test</text></g>'
    '<rect x="10" y="40" width="580" height="240" fill="none" stroke="#333"/></svg>'
)


def _chart(style: str = "") -> str:
    data = base64.b64encode(SVG.encode("utf-8")).decode("ascii")
    return (
        f'<figure class="vega-figure" data-chart-name="test"><img class="vega-static" alt="" style="{style}" '
        f'src="data:image/svg+xml;base64,{data}"><figcaption class="vega-caption">A caption made for the test.'
        "</figcaption></figure>"
    )


@pytest.fixture
def print_page(tmp_path, browser):
    """Print a page whose article holds ``body`` the way the book is printed; its layout and headings."""

    def printed(body: str) -> tuple[list[pl.PageLayout], dict[int, list[str]]]:
        root = tmp_path / "project"
        (root / "site" / "_static").mkdir(parents=True, exist_ok=True)
        (root / "site" / "book").mkdir(exist_ok=True)
        shutil.copy(REPO_ROOT / "CITATION.cff", root / "CITATION.cff")
        (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
        page = root / "site" / "book" / "intro.html"
        page.write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fault</title></head><body>'
            f'<article class="bd-article"><section id="fault"><h1>Fault</h1>{body}</section></article></body></html>',
            encoding="utf-8",
        )
        target = tmp_path / "fault.pdf"
        print_single_page(page, target, root, browser)
        return pl.read_layout(target), _headings_by_page(target)

    return printed


def test_a_page_with_only_a_footer_is_blank(print_page):
    layout, _ = print_page(
        '<p>Before.</p><div style="break-before: page; height: 10mm"></div><p style="break-before: page">After.</p>'
    )
    assert pl.blank_pages(layout, _block(layout)) == [2]
    layout, _ = print_page("<p>Before.</p><p>After.</p>")
    assert pl.blank_pages(layout, _block(layout)) == []


def test_a_heading_followed_by_a_forced_break_holds_a_page_alone(print_page):
    layout, headings = print_page(
        '<p>Before.</p><h3 style="break-before: page">A stranded heading</h3><p style="break-before: page">After.</p>'
    )
    assert pl.heading_only_pages(layout, _block(layout), headings) == [2]
    layout, headings = print_page('<p>Before.</p><h3 style="break-before: page">A heading</h3><p>After.</p>')
    assert pl.heading_only_pages(layout, _block(layout), headings) == []


def test_a_narrow_chart_spans_less_than_the_text_block(print_page):
    chart = pl.page_charts(_chart())[0]
    assert chart.titles == ("A chart made for the test",)
    for style, wide in (("width: 40% !important", False), ("", True)):
        layout, _ = print_page(_chart(style))
        spans = [pl.chart_span(page, chart) for page in layout]
        (left, right), *_ = [span for span in spans if span]
        assert ((right - left) / _block(layout).width >= 0.9) is wide, (style, left, right)


def test_a_word_broken_inside_is_found_and_one_broken_at_its_hyphen_is_not(print_page):
    def cell(width_mm: int, word: str) -> str:
        """One narrow cell, a table of its own so that its lines read in order, between two stops."""
        return (
            f'<p>.</p><table style="table-layout: fixed; width: {width_mm}mm"><tr>'
            f'<td style="overflow-wrap: anywhere !important">{word}</td></tr></table><p>.</p>'
        )

    layout, _ = print_page(cell(9, "Superparamagnetic") + cell(16, "Non-invasive"))
    assert pl.broken_words(layout, ["Superparamagnetic", "Non-invasive"]) == ["Superparamagnetic"]
