"""The PDF edition (`make pdf`): what a reader of the printed book gets, read back with pypdf.

The PDF is printed once per session from the site tests' project copy (a student's fork:
its added modality and family are in the book, so in the PDF). Every expectation comes from
that copy: the chapters from _toc.yml and the built pages, Table 1 from the data package,
the charts from the built pages' specs, the version from CITATION.cff.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from nanoimaging.site.chapters import toc_parts
from nanoimaging.site.pdf import pdf_filename
from nanoimaging.site.release import citation_file, current
from sitekit.charts import chart_specs
from sitekit.pages import html_pages
from sitekit.pdf import chapter_page_range, chapter_title, outline_pages, pdf_key, vector_operators
from sitekit.table1 import table1_cell_texts


@pytest.fixture(scope="module")
def reader(pdf_edition: Path):
    from pypdf import PdfReader

    return PdfReader(pdf_edition)


@pytest.fixture(scope="module")
def page_keys(reader) -> list[str]:
    """Each page's text as :func:`sitekit.pdf.pdf_key` compares it."""
    return [pdf_key(page.extract_text()) for page in reader.pages]


def _chapters(built_site) -> list[tuple[str, str]]:
    """(file, title) of every chapter of _toc.yml, in order, titles from the built pages."""
    return [
        (file, chapter_title(built_site.html, file)) for _part, files in toc_parts(built_site.root) for file in files
    ]


def test_the_title_page_states_the_version_date_and_citation_of_citation_cff(reader, built_site):
    release = current(built_site.root)
    text = " ".join(reader.pages[0].extract_text().split())
    versions = re.findall(r"\bVersion ([0-9][^\s,]*)", text)
    assert versions, f"no version on the title page: {text[:300]!r}"
    assert set(versions) == {release.version}, f"title page versions {versions}, CITATION.cff has {release.version}"
    assert release.date in text
    doi = str(citation_file(built_site.root)["preferred-citation"]["doi"])
    assert doi in text, f"the title page does not say how to cite the review (doi:{doi})"


def test_the_outline_lists_every_chapter_and_part_in_toc_order(reader, built_site):
    outline = [title for _depth, title, _page in outline_pages(reader)]
    positions, chapters = [], _chapters(built_site)
    assert chapters, "the book has no chapter"
    for file, title in chapters:
        assert title in outline, f"{file} ({title!r}) has no bookmark; the outline has {outline}"
        positions.append(outline.index(title))
    assert positions == sorted(positions), "the chapters' bookmarks are not in table-of-contents order"
    for caption, _files in toc_parts(built_site.root):
        if caption:
            assert caption in outline, f"part {caption!r} has no bookmark"


def test_the_bookmarks_lead_to_their_chapters_pages(reader, page_keys, built_site):
    for file, title in _chapters(built_site):
        first = chapter_page_range(reader, title)[0]
        assert pdf_key(title) in page_keys[first], f"the bookmark of {file} leads to page {first + 1}, not its title"


def _table1_chapters(built_site) -> dict[str, list[str]]:
    """Chapter file -> the modalities whose Table 1 row its page shows, for each chapter with Table 1."""
    found = {}
    for file, _title in _chapters(built_site):
        page = (built_site.html / f"{file}.html").read_text(encoding="utf-8")
        if re.search(r'<table class="table1\b', page):
            found[file] = re.findall(r'<tr data-modality="([^"]+)"', page)
    return found


def test_every_table1_cell_can_be_read_from_the_pdf(reader, page_keys, built_site):
    data = built_site.data
    chapters = _table1_chapters(built_site)
    assert chapters, "no chapter of the built site has Table 1"
    all_ids = set(data.modalities["modality_id"].astype(str))
    assert any(set(ids) == all_ids for ids in chapters.values()), "no chapter shows the whole of Table 1"
    titles = dict(_chapters(built_site))
    missing = []
    for file, ids in chapters.items():
        text = "".join(page_keys[i] for i in chapter_page_range(reader, titles[file]))
        for modality in data.modalities[data.modalities["modality_id"].astype(str).isin(ids)].itertuples():
            for column, texts in table1_cell_texts(data, modality).items():
                missing += [f"{file}: {modality.modality_id} {column}: {t!r}" for t in texts if pdf_key(t) not in text]
    assert not missing, f"{len(missing)} Table 1 cell texts cannot be read from the PDF:\n" + "\n".join(missing[:20])


def test_every_chart_is_printed_as_vector_drawing(reader, page_keys, built_site):
    titles = dict(_chapters(built_site))
    charts: dict[str, list[str]] = {}
    for page_name, spec in chart_specs(built_site.html):
        title = spec.get("title")
        text = title.get("text") if isinstance(title, dict) else title
        text = " ".join(text) if isinstance(text, list) else str(text or "")
        assert text, f"a chart of {page_name} has no title to find it by"
        charts.setdefault(page_name.removesuffix(".html"), []).append(text)
    assert charts, "the built site has no charts"
    problems = []
    for file, chart_titles in charts.items():
        pages = chapter_page_range(reader, titles[file])
        for title in set(chart_titles):
            found = [i for i in pages if pdf_key(title) in page_keys[i]]
            if len(found) < chart_titles.count(title):
                problems.append(
                    f"{file}: {chart_titles.count(title)} chart(s) {title!r}, printed as text on {len(found)} page(s)"
                )
            for i in found:
                counts = vector_operators(reader.pages[i])
                if not (counts["construct"] and counts["paint"]) or counts["images"]:
                    problems.append(f"{file}: page {i + 1} with {title!r} draws {counts}: not vector graphics only")
    assert not problems, "\n".join(problems)


def test_every_page_of_the_versioned_site_links_to_its_pdf(versioned_site, pdf_edition):
    site, version = versioned_site
    root = site / version
    pdf = root / pdf_filename(version)
    assert pdf.read_bytes() == pdf_edition.read_bytes(), "the version's folder lacks the PDF edition"
    assert (site / "latest" / pdf.name).is_file()
    problems, pages = [], html_pages(root)
    assert pages, f"no page in {root}"
    for page in pages:
        html = (root / page).read_text(encoding="utf-8")
        if re.search(r'<meta http-equiv="refresh"', html, re.I):
            continue  # a redirect (index.html to the first chapter): no page to read
        links = re.findall(r'<a class="nanoimaging-pdf" href="([^"]+)">([^<]+)</a>', html)
        if not links:
            problems.append(f"{page}: no link to the PDF")
            continue
        href, text = links[0]
        target = urlsplit(urljoin(f"http://site/{page}", href)).path.lstrip("/")
        if target != pdf.name or not text.strip():
            problems.append(f"{page}: the PDF link {href!r} ({text!r}) leads to {target!r}, not {pdf.name}")
    assert not problems, "\n".join(problems[:20])


def test_the_plain_book_has_no_pdf_link(built_site):
    """`make book` has no PDF beside it, so it links to none."""
    linked = [p for p in built_site.pages if 'class="nanoimaging-pdf"' in (built_site.html / p).read_text("utf-8")]
    assert not linked
