"""The PDF edition's pure parts, without Chromium: the title page from CITATION.cff, the
table of contents' parts, the bookmark repair and check, the footer link, publishing the PDF
beside a version, and the tests' own PDF readers (sitekit.pdf, pdf_layout) on PDFs made here with pypdf.

The printed book itself is checked in tests/site/test_pdf.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import pdf_layout as pl
from nanoimaging.site import pdf, pdf_outline, pdf_title, sphinx_pages, versioned
from nanoimaging.site.chapters import toc_files, toc_parts
from sitekit.pdf import pdf_key, vector_operators

CFF = {
    "title": "A book: a companion to <Someone> 2020",
    "authors": [{"name": "the contributors"}],
    "version": "3.4.5",
    "date-released": "2030-01-02",
    "preferred-citation": {
        "title": "A reviewed   thing",
        "authors": [{"family-names": "Doe", "given-names": "Jane Ann"}, {"family-names": "Roe", "given-names": "R."}],
        "journal": "Journal",
        "year": 2020,
        "volume": 1,
        "issue": 2,
        "start": 3,
        "end": 4,
        "doi": "10.1/xyz",
    },
}


def write_project(root: Path, cff: dict = CFF) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "CITATION.cff").write_text(yaml.safe_dump(cff), encoding="utf-8")
    return root


def test_the_title_page_states_version_date_and_both_citations_escaped(tmp_path):
    page = pdf_title.title_page_html(write_project(tmp_path))
    assert "Version 3.4.5, released 2030-01-02" in page
    assert '<p class="pdf-title">A book</p>' in page
    assert "A companion to &lt;Someone&gt; 2020" in page  # the subtitle, escaped
    assert "Doe JA, Roe R. A reviewed thing. Journal 2020;1(2):3-4." in page
    assert 'href="https://doi.org/10.1/xyz"' in page
    assert "Version 3.4.5, 2030-01-02." in page  # the software citation


def test_the_title_page_without_a_preferred_citation_cites_the_software_only(tmp_path):
    cff = {key: value for key, value in CFF.items() if key != "preferred-citation"}
    page = pdf_title.title_page_html(write_project(tmp_path, cff))
    assert "Cite the review" not in page and "doi.org" not in page
    assert "the contributors. A book" in page


def test_toc_parts_keep_the_order_of_toc_yml(tmp_path):
    toc = {
        "format": "jb-book",
        "root": "book/intro",
        "chapters": [{"file": "book/loose"}],
        "parts": [
            {"caption": "One", "chapters": [{"file": "a"}, {"file": "b"}]},
            {"chapters": [{"file": "c"}]},
        ],
    }
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    assert toc_parts(tmp_path) == [("", ["book/intro"]), ("", ["book/loose"]), ("One", ["a", "b"]), ("", ["c"])]
    assert toc_files(tmp_path) == ["book/intro", "book/loose", "a", "b", "c"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("AspectsAspects", "Aspects"),
        ("Aspects Aspects", "Aspects"),
        ("  Summary\n", "Summary"),
        ("Rules the data keepsRules the data keeps", "Rules the data keeps"),
        ("Rules the data keepsdata keeps", "Rules the data keeps"),  # the wrapped heading's last line again
        ("Rules the data keepsthe rules", "Rules the data keepsthe rules"),  # not an end of the heading
        ("Rules the Rules the data keeps", "Rules the data keeps"),  # the wrapped heading's first line before it
        ("the data Rules the data keeps", "the data Rules the data keeps"),  # not a start of the heading
        ("NoNo", "NoNo"),  # doubled, but "No" is no heading: left as it is
        ("Something else", "Something else"),
    ],
)
def test_repaired_title_undoes_only_a_doubled_heading(title, expected):
    assert pdf_outline.repaired_title(title, {"Aspects", "Summary", "Rules the data keeps"}) == expected


BOOK = pdf_outline.Printed(
    (pdf_outline.Chapter("book/intro", "", "Intro"), pdf_outline.Chapter("notebooks/x", "Part", "X chapter")),
    ("How to cite", "Intro", "Part", "X chapter", "Summary"),
)


def make_pdf(path: Path, titles: list[str]) -> Path:
    """A PDF of blank pages with one top-level bookmark per title."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for index, title in enumerate(titles):
        writer.add_blank_page(200, 200)
        writer.add_outline_item(title, index)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def test_finishing_repairs_doubled_bookmarks_and_counts_the_pages(tmp_path):
    from pypdf import PdfReader

    path = make_pdf(tmp_path / "a.pdf", ["How to cite", "IntroIntro", "Part", "X chapterX chapter", "Summary"])
    assert pdf._finish(path, BOOK) == 5
    assert [title for _depth, title in pdf_outline.outline_titles(PdfReader(path))] == [
        "How to cite",
        "Intro",
        "Part",
        "X chapter",
        "Summary",
    ]


def test_finishing_refuses_a_pdf_whose_outline_lacks_a_chapter_or_has_a_foreign_bookmark(tmp_path):
    path = make_pdf(tmp_path / "b.pdf", ["Intro", "Part", "Stray"])
    with pytest.raises(pdf.PdfBuildError) as error:
        pdf._finish(path, BOOK)
    assert "'Stray' is no heading" in str(error.value)
    assert "notebooks/x ('X chapter') has no bookmark" in str(error.value)


def test_finishing_refuses_what_is_no_pdf(tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(b"not a pdf")
    with pytest.raises(pdf.PdfBuildError, match="unreadable"):
        pdf._finish(path, BOOK)


def test_the_versioned_footer_links_to_the_pdf_and_the_plain_one_does_not():
    linked = sphinx_pages._footer("1.2.3", "2030-01-02", "../nanoimaging-1.2.3.pdf")
    assert '<a class="nanoimaging-pdf" href="../nanoimaging-1.2.3.pdf">Download this version as a PDF</a>' in linked
    assert "nanoimaging-pdf" not in sphinx_pages._footer("1.2.3", "2030-01-02")


def test_publish_puts_the_pdf_in_the_versions_folder_and_latest(tmp_path):
    html = tmp_path / "html"
    html.mkdir()
    (html / "index.html").write_text("<p>x</p>", encoding="utf-8")
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF-1.7 test")
    site = tmp_path / "_site"
    versioned.publish(html, site, "1.2.3", pdf=book)
    for folder in ("1.2.3", "latest"):
        assert (site / folder / pdf.pdf_filename("1.2.3")).read_bytes() == b"%PDF-1.7 test"
    with pytest.raises(FileNotFoundError, match="make pdf"):
        versioned.publish(html, site, "1.2.4", pdf=tmp_path / "absent.pdf")
    assert not (site / "1.2.4").exists()


def test_pdf_key_ignores_how_lines_and_ligatures_broke_the_text():
    assert pdf_key("Speci\ufb01c  radio-\ntracers\u00ad") == "Specificradio-tracers"
    assert pdf_key("Superparamagneti\nc NP") == pdf_key("Superparamagnetic NP")


def _page_with(tmp_path: Path, content: bytes, image: bool = False):
    """A one-page PDF drawing ``content`` (and a 1x1 image when ``image``)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    stream = DecodedStreamObject()
    stream.set_data(content + (b" q 10 0 0 10 0 0 cm /Im1 Do Q" if image else b""))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if image:
        picture = DecodedStreamObject()
        picture.set_data(b"\xff\x00\x00")
        picture.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(1),
                NameObject("/Height"): NumberObject(1),
                NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
                NameObject("/BitsPerComponent"): NumberObject(8),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): writer._add_object(picture)})}
        )
    else:
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/ProcSet"): ArrayObject()})
    path = tmp_path / "page.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return PdfReader(path).pages[0]


def test_vector_operators_count_paths_and_images(tmp_path):
    assert vector_operators(_page_with(tmp_path, b"0 0 m 10 10 l S 5 5 20 20 re f")) == {
        "construct": 3,
        "paint": 2,
        "images": 0,
    }
    assert vector_operators(_page_with(tmp_path, b"", image=True)) == {"construct": 0, "paint": 0, "images": 1}


def _text_page(tmp_path: Path, x: int):
    """A 100 pt wide one-page PDF that writes a word starting at ``x``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 10 Tf {x} 50 Td (Limitations) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / f"text-{x}.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return PdfReader(path).pages[0]


def test_text_past_margins_finds_text_that_ends_past_the_text_blocks_edge(tmp_path):
    block = pl.TextBlock(left=10, bottom=10, right=90, top=90)
    _text_page(tmp_path, 12)
    assert pl.text_past_margins(pl.read_layout(tmp_path / "text-12.pdf")[0], block) == []
    _text_page(tmp_path, 50)  # starts inside the text block, ends past its right edge
    (past,) = pl.text_past_margins(pl.read_layout(tmp_path / "text-50.pdf")[0], block)
    assert past.startswith("'Limitations' spans x=") and "(text block 10..90)" in past
