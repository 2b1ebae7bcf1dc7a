"""references.bib: `refs enrich` (Crossref), its pieces and its command line.

Crossref is never called: the HTTP client habanero uses is replaced by a replay
of a recorded answer (tests/fixtures/crossref/), or by a connection error (tests/refs/conftest.py
refuses any other request).
"""

from __future__ import annotations

import json

import bibtexparser
import httpx2
import pytest

from bib_edit import (
    FIXTURES,
    PARTIAL_REVIEW,
    REVIEW_DOI,
    bib_text,
    check,
    entry_text,
    replay,
    run,
    with_partial_review,
)
from nanoimaging.cli.exits import EXIT_OFFLINE, EXIT_USAGE
from nanoimaging.paths import REPO_ROOT
from nanoimaging.refs.bibtex import (
    REVIEW_KEY,
    Reference,
    format_entry,
    merged_entry,
    normalise_doi,
    read_references,
    replace_entry,
)
from nanoimaging.refs.crossref import bibtex_fields

# --- the pieces of enrich --------------------------------------------------------------


def test_crossref_record_of_the_review_maps_to_its_entry():
    message = json.loads((FIXTURES / "10.7150_thno.38625.json").read_text(encoding="utf-8"))["message"]
    entry_type, fields = bibtex_fields(message)
    review = read_references(REPO_ROOT / "references.bib").entries[REVIEW_KEY]
    assert entry_type == "article"
    for name in ("author", "title", "journal", "year", "volume", "number", "pages", "doi"):
        assert fields[name] == review.fields[name], name


def test_crossref_mapping_of_markup_organisations_and_types():
    entry_type, fields = bibtex_fields(
        {
            "type": "book-chapter",
            "DOI": "10.5555/12345678",
            "publisher": "Springer & Co",
            "title": ["Fe<sub>3</sub>O<sub>4</sub> particles <i>in vivo</i>: 50% more"],
            "subtitle": ["a study"],
            "container-title": ["Imaging handbook"],
            "author": [{"name": "The Imaging Consortium"}, {"family": "Smith", "given": "Ann", "suffix": "Jr."}],
            "published-online": {"date-parts": [[2019, 3, 1]]},
            "page": "10\u201320",
        }
    )
    assert entry_type == "incollection"
    assert fields == {
        "author": "{The Imaging Consortium} and Smith, Jr., Ann",
        "title": r"Fe\textsubscript{3}O\textsubscript{4} particles \textit{in vivo}: 50\% more: a study",
        "booktitle": "Imaging handbook",
        "publisher": r"Springer \& Co",
        "year": "2019",
        "pages": "10--20",
        "doi": "10.5555/12345678",
    }
    assert bibtex_fields({"type": "dataset", "title": ["D"]}) == ("misc", {"title": "D"})


def test_merged_entry_keeps_refnum_and_note_and_sets_completeness():
    ref = Reference(
        "ref64",
        "misc",
        {
            "refnum": "64",
            "author": "Lopez and others",
            "year": "1984",
            "note": "n",
            "complete": "no",
            "missing": "title, journal, volume, pages, doi",
        },
        1,
    )
    entry_type, fields = merged_entry(
        ref, "article", {"author": "Lopez, A.", "title": "T", "journal": "J", "year": "1984", "doi": "10.5555/1"}
    )
    assert entry_type == "article"
    assert list(fields) == ["refnum", "author", "title", "journal", "year", "doi", "note", "complete", "missing"]
    assert fields["complete"] == "yes" and fields["missing"] == "volume, pages" and fields["note"] == "n"
    _, partial = merged_entry(ref, "article", {"title": "T"})
    assert partial["complete"] == "no" and partial["missing"] == "journal, volume, pages, doi"


def test_format_and_replace_entry_change_only_that_entry():
    text = bib_text(REPO_ROOT / "references.bib")
    new = format_entry("ref64", "misc", {"refnum": "64", "title": "T", "complete": "no"})
    after = replace_entry(text, "ref64", new)
    old = entry_text(text, "ref64")
    assert after == text.replace(old, new)
    with pytest.raises(KeyError, match="no entry 'nokey'"):
        replace_entry(text, "nokey", new)


@pytest.mark.parametrize(
    ("given", "doi"),
    [
        ("10.7150/thno.38625", "10.7150/thno.38625"),
        (" https://doi.org/10.7150/thno.38625 ", "10.7150/thno.38625"),
        ("doi:10.7150/thno.38625", "10.7150/thno.38625"),
    ],
)
def test_normalise_doi(given, doi):
    assert normalise_doi(given) == doi


@pytest.mark.parametrize("bad", ["thno.38625", "10.71/x", "https://example.org/10.7150/x", "10.7150/a b"])
def test_normalise_doi_refuses_malformed(bad):
    with pytest.raises(ValueError, match="expected 10.<registrant>/<suffix>"):
        normalise_doi(bad)


# --- refs enrich through the command line -----------------------------------------------


def test_enrich_shows_a_diff_and_writes_nothing_without_write(refs_root, monkeypatch, capsys):
    bib = with_partial_review(refs_root)
    before = bib.read_bytes()
    urls = replay(monkeypatch, "10.7150_thno.38625.json")
    assert run("refs", "enrich", REVIEW_KEY, "--doi", REVIEW_DOI, "--bib", str(bib)) == 0
    out = capsys.readouterr().out
    assert urls == [f"https://api.crossref.org/works/{REVIEW_DOI}"]
    assert bib.read_bytes() == before
    assert out.startswith("--- ")
    assert "-@misc{deMaar2020," in out and "+@article{deMaar2020," in out
    assert "+  journal = {Theranostics}," in out and "+  pages = {1884--1909}," in out
    assert "-  missing = {title, journal, year, volume, pages, doi}" in out
    assert "was not changed: run again with --write" in out


def test_enrich_with_write_changes_only_that_entry(refs_root, monkeypatch, capsys):
    bib = with_partial_review(refs_root)
    before = bib_text(bib)
    replay(monkeypatch, "10.7150_thno.38625.json")
    assert run("refs", "enrich", REVIEW_KEY, "--doi", REVIEW_DOI, "--bib", str(bib), "--write") == 0
    assert "wrote deMaar2020" in capsys.readouterr().out
    after = bib_text(bib)
    new = entry_text(after, REVIEW_KEY)
    assert after.replace(new, "<ENTRY>") == before.replace(PARTIAL_REVIEW, "<ENTRY>")
    entry = bibtexparser.parse_string(after).entries_dict[REVIEW_KEY]
    original = read_references(REPO_ROOT / "references.bib").entries[REVIEW_KEY]
    assert entry.entry_type == "article"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["note"] == "The review this site is about"
    assert fields["complete"] == "yes" and "missing" not in fields
    for name in ("author", "title", "journal", "year", "volume", "number", "pages", "doi"):
        assert fields[name] == original.fields[name], name
    # the file is still clean for refs check, and a second run changes nothing
    assert check(refs_root) == []
    assert run("refs", "enrich", REVIEW_KEY, "--bib", str(bib), "--write") == 0
    assert "already agrees with Crossref" in capsys.readouterr().out
    assert bib_text(bib) == after


def test_enrich_offline_exits_3_and_changes_nothing(refs_root, monkeypatch, capsys):
    bib = with_partial_review(refs_root)
    before = bib.read_bytes()
    replay(monkeypatch, error=httpx2.ConnectError("[Errno -3] Temporary failure in name resolution"))
    assert run("refs", "enrich", REVIEW_KEY, "--doi", REVIEW_DOI, "--bib", str(bib), "--write") == EXIT_OFFLINE
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("refs enrich: cannot reach Crossref (offline?): ConnectError:")
    assert lines[0].endswith("nothing was changed.") and captured.out == ""
    assert bib.read_bytes() == before


def test_enrich_timeout_is_offline_too(refs_root, monkeypatch, capsys):
    bib = refs_root / "references.bib"
    replay(monkeypatch, error=httpx2.ReadTimeout("timed out"))
    assert run("refs", "enrich", "ref64", "--doi", REVIEW_DOI.replace("38625", "1"), "--bib", str(bib)) == EXIT_OFFLINE
    assert "cannot reach Crossref (offline?)" in capsys.readouterr().err


def test_enrich_unknown_key(refs_root, monkeypatch, capsys):
    bib = refs_root / "references.bib"
    before = bib.read_bytes()
    assert run("refs", "enrich", "ref6", "--doi", REVIEW_DOI, "--bib", str(bib)) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "no entry with key 'ref6'" in err and "did you mean" in err and "nothing was changed" in err
    assert bib.read_bytes() == before


def test_enrich_malformed_doi(refs_root, capsys):
    bib = refs_root / "references.bib"
    before = bib.read_bytes()
    assert run("refs", "enrich", "ref64", "--doi", "thno.38625", "--bib", str(bib), "--write") == EXIT_USAGE
    assert "malformed DOI 'thno.38625': expected 10.<registrant>/<suffix>" in capsys.readouterr().err
    assert bib.read_bytes() == before


def test_enrich_doi_unknown_to_crossref(refs_root, monkeypatch, capsys):
    bib = refs_root / "references.bib"
    before = bib.read_bytes()
    replay(monkeypatch, status=404)
    assert run("refs", "enrich", "ref64", "--doi", "10.5555/no-such-work", "--bib", str(bib), "--write") == EXIT_USAGE
    assert "Crossref has no record of DOI 10.5555/no-such-work" in capsys.readouterr().err
    assert bib.read_bytes() == before


def test_enrich_refuses_a_doi_another_entry_has(refs_root, capsys):
    bib = refs_root / "references.bib"
    assert run("refs", "enrich", "ref64", "--doi", REVIEW_DOI, "--bib", str(bib)) == EXIT_USAGE
    assert "already the doi of entry deMaar2020" in capsys.readouterr().err


def test_enrich_without_doi_needs_one(refs_root, capsys):
    assert run("refs", "enrich", "ref64", "--bib", str(refs_root / "references.bib")) == EXIT_USAGE
    assert "ref64 has no doi field: give the DOI with --doi" in capsys.readouterr().err


def test_enrich_keeps_windows_line_endings(refs_root, monkeypatch):
    bib = with_partial_review(refs_root)
    bib.write_bytes(bib.read_bytes().replace(b"\n", b"\r\n"))
    replay(monkeypatch, "10.7150_thno.38625.json")
    assert run("refs", "enrich", REVIEW_KEY, "--doi", REVIEW_DOI, "--bib", str(bib), "--write") == 0
    data = bib.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
