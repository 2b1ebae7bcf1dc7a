"""The bibliography check of tests/bib_formatting.py finds an entry the book's style cannot format."""

from __future__ import annotations

from bib_formatting import formatted_title, unformattable
from nanoimaging.paths import REPO_ROOT


def test_the_shipped_references_all_format():
    assert unformattable(REPO_ROOT / "references.bib") == []


def test_an_article_without_an_author_is_found(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{x,\n  title = {T},\n  journal = {J},\n  year = {2021}\n}\n", encoding="utf-8")
    assert unformattable(bib) == ["missing author in x"]


def test_the_style_lowers_the_capitals_of_a_title_unless_braced(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(
        "@misc{x,\n  title = {MALDI imaging},\n  year = {2021}\n}\n\n@misc{y,\n  title = {{MALDI} imaging},\n"
        "  year = {2021}\n}\n",
        encoding="utf-8",
    )
    assert formatted_title(bib, "x").startswith("Maldi imaging")
    assert formatted_title(bib, "y").startswith("MALDI imaging")
