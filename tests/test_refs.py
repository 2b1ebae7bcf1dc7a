"""references.bib: `refs check` (entries and their citations) and `refs enrich` (Crossref).

Crossref is never called: the HTTP client habanero uses is replaced by a replay
of a recorded answer (tests/fixtures/crossref/), or by a connection error.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import httpx2
import pytest

from csv_edit import find_row, set_cell
from nanoimaging import cli
from nanoimaging.cli.exits import EXIT_OFFLINE, EXIT_PROBLEMS, EXIT_USAGE
from nanoimaging.data.citations import cited_keys
from nanoimaging.paths import REPO_ROOT, display_path
from nanoimaging.refs.bibtex import (
    REVIEW_KEY,
    Reference,
    format_entry,
    merged_entry,
    normalise_doi,
    read_references,
    replace_entry,
)
from nanoimaging.refs.check import book_citations, check_references
from nanoimaging.refs.crossref import bibtex_fields

FIXTURES = Path(__file__).parent / "fixtures" / "crossref"
REVIEW_DOI = "10.7150/thno.38625"
PARTIAL_REVIEW = """@misc{deMaar2020,
  author = {de Maar and others},
  note = {The review this site is about},
  complete = {no},
  missing = {title, journal, year, volume, pages, doi}
}"""


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture
def refs_root(data_dir: Path) -> Path:
    """A scratch project root: data/ and references.bib (copies), no book yet."""
    return data_dir.parent


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any request that a test did not replay fails the test instead of reaching Crossref."""

    def refuse(url, *args, **kwargs):
        raise AssertionError(f"a test tried to reach the network: {url}")

    monkeypatch.setattr(httpx2, "get", refuse)


def replay(monkeypatch, fixture: str | None = None, *, status: int = 200, error: Exception | None = None) -> list[str]:
    """Answer habanero's request with a recorded response, a status, or a connection error."""
    urls: list[str] = []

    def get(url, *args, **kwargs):
        urls.append(url)
        request = httpx2.Request("GET", url)
        if error is not None:
            raise error
        if fixture is None:
            return httpx2.Response(status, text="Resource not found.", request=request)
        return httpx2.Response(
            status, json=json.loads((FIXTURES / fixture).read_text(encoding="utf-8")), request=request
        )

    monkeypatch.setattr(httpx2, "get", get)
    return urls


def run(*argv: str) -> int:
    return cli.main(list(argv))


def bib_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def entry_text(text: str, key: str) -> str:
    """The raw text of one entry, found without the code under test."""
    match = re.search(r"@\w+\{" + re.escape(key) + r",.*?\n\}", text, flags=re.S)
    assert match, key
    return match.group(0)


def with_partial_review(refs_root: Path) -> Path:
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    bib.write_text(text.replace(entry_text(text, REVIEW_KEY), PARTIAL_REVIEW), encoding="utf-8")
    return bib


def line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"@\w+\{" + re.escape(key) + ",", line):
            return number
    raise LookupError(key)


def studies_cite_keys() -> set[str]:
    with (REPO_ROOT / "data" / "studies.csv").open(encoding="utf-8", newline="") as handle:
        return {row["cite_key"] for row in csv.DictReader(handle)}


def check(refs_root: Path) -> list[str]:
    report = check_references(read_references(refs_root / "references.bib"), cited_keys(refs_root))
    return [str(p) for p in report.errors]


# --- refs check on the real project ----------------------------------------------------


def test_refs_check_passes_on_the_project():
    done = subprocess.run(
        [sys.executable, "-m", "nanoimaging", "refs", "check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^references\.bib: \d+ entries, each cited; valid; ", done.stdout, flags=re.MULTILINE), (
        done.stdout
    )


def test_cited_keys_holds_the_review_the_data_and_the_book():
    keys = cited_keys()
    assert keys[REVIEW_KEY][0] == display_path(REPO_ROOT / "data" / "datapackage.json")
    assert studies_cite_keys() <= set(keys)
    for key in studies_cite_keys():
        assert all(re.fullmatch(r".*studies\.csv:\d+", place) for place in keys[key] if "studies" in place)
    assert set(book_citations()) <= set(keys)


def test_the_data_s_citations_are_the_validated_rows_and_a_problem_elsewhere_still_lets_them_be_read(
    small_dir, tmp_path, monkeypatch
):
    """Data that passed: its rows, read back from the store (no second schema check). Data with a
    problem in another file: the schema check's rows of studies.csv, as before."""
    from csv_edit import set_cell
    from nanoimaging.data import citations
    from nanoimaging.kept import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    checked: list[Path] = []
    real = citations.check_schema
    monkeypatch.setattr(citations, "check_schema", lambda path: checked.append(path) or real(path))
    passed = citations.data_citations(small_dir)
    assert passed and checked == []
    set_cell(small_dir / "modalities.csv", 2, "temporal_resolution", "not a speed")
    assert citations.data_citations(small_dir) == passed and checked == [small_dir / "datapackage.json"]


def test_every_entry_is_cited_and_the_review_is_complete():
    refs = read_references(REPO_ROOT / "references.bib")
    assert set(refs.entries) <= set(cited_keys())
    assert refs.entries[REVIEW_KEY].complete and refs.entries[REVIEW_KEY].fields["doi"] == REVIEW_DOI


# --- refs check: each problem, with the bib line --------------------------------------


def test_clean_copy_has_no_problem(refs_root):
    assert check(refs_root) == []


def test_incomplete_entries_are_counted_not_errors_and_listed_on_request(refs_root, capsys):
    assert run("refs", "check", "--root", str(refs_root)) == 0
    out = capsys.readouterr().out.strip().splitlines()
    said = out[0].split("references.bib: ", 1)[-1]  # the path holds this test's name
    assert len(out) == 1 and "OK" not in said and "incomplete" not in said.split(" (--list")[0], out
    assert re.search(
        r": \d+ entries, each cited; valid; \d+ cited entries lack bibliographic fields \(most often ", out[0]
    )
    assert out[0].endswith("(--list-incomplete names them and what each lacks)"), out
    assert run("refs", "check", "--root", str(refs_root), "--list-incomplete") == 0
    out = capsys.readouterr().out
    bib = refs_root / "references.bib"
    assert f"{display_path(bib)}:{line_of(bib, 'ref59')}: ref59 [59] lacks title, journal, year" in out


def test_duplicate_key(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    bib.write_text(text + "\n" + entry_text(text, "ref64") + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    assert check(refs_root) == [
        f"{display_path(bib)}:{line}: key: duplicate entry key: each entry needs its own key (got 'ref64')"
    ]


def test_keys_differing_only_in_case(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    copy = entry_text(text, "ref64").replace("{ref64,", "{REF64,").replace("refnum = {64}", "refnum = {9064}")
    bib.write_text(text + "\n" + copy + "\n", encoding="utf-8")
    problems = check(refs_root)
    assert any("REF64" in p and "same key as entry ref64 except for case" in p for p in problems), problems


def test_duplicate_and_malformed_doi(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    text = text.replace(
        entry_text(text, "ref63"),
        entry_text(text, "ref63").replace("complete = {no}", f"doi = {{{REVIEW_DOI}}},\n  complete = {{no}}"),
    )
    text = text.replace(
        entry_text(text, "ref64"),
        entry_text(text, "ref64").replace("complete = {no}", "doi = {https://doi.org/10.1000/abc},\n  complete = {no}"),
    )
    bib.write_text(text, encoding="utf-8")
    shown = display_path(bib)
    problems = check(refs_root)
    assert f"{shown}:{line_of(bib, 'ref63')}: doi: same DOI as entry deMaar2020 (got '{REVIEW_DOI}')" in problems
    assert (
        f"{shown}:{line_of(bib, 'ref64')}: doi: malformed DOI: expected 10.<registrant>/<suffix>, "
        "without https://doi.org/ (got 'https://doi.org/10.1000/abc')"
    ) in problems


def test_complete_entry_without_a_required_field(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    entry = entry_text(text, REVIEW_KEY)
    bib.write_text(text.replace(entry, re.sub(r"\n  journal = \{[^}]*\},", "", entry)), encoding="utf-8")
    assert check(refs_root) == [
        f"{display_path(bib)}:{line_of(bib, REVIEW_KEY)}: journal: required for a complete @article entry (deMaar2020) (got '')"
    ]


def test_missing_list_naming_a_present_field(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    bib.write_text(
        text.replace(
            entry_text(text, "ref64"), entry_text(text, "ref64").replace("missing = {title,", "missing = {year, title,")
        ),
        encoding="utf-8",
    )
    (problem,) = check(refs_root)
    assert problem.startswith(f"{display_path(bib)}:{line_of(bib, 'ref64')}: missing: lists year, which the entry has")


def test_entry_nothing_cites(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    extra = "@misc{orphan2001,\n  title = {A work nobody cites},\n  year = {2001},\n  complete = {no}\n}\n"
    bib.write_text(text + "\n" + extra, encoding="utf-8")
    assert check(refs_root) == [
        f"{display_path(bib)}:{line_of(bib, 'orphan2001')}: key: nothing in the book or the data cites this entry: cite it or remove it (got 'orphan2001')"
    ]


def test_data_citing_a_missing_key(refs_root):
    studies = refs_root / "data" / "studies.csv"
    row = find_row(studies, cite_key="ref64")
    set_cell(studies, row, "cite_key", "Lopez1984")
    problems = check(refs_root)
    shown = display_path(studies)
    assert (
        f"{shown}:{row}: cites 'Lopez1984', which is not an entry of {display_path(refs_root / 'references.bib')}"
        in problems
    )
    assert any("ref64" in p and "nothing in the book or the data cites" in p for p in problems)


def test_book_citations_markdown_and_notebooks(refs_root):
    (refs_root / "book").mkdir()
    (refs_root / "book" / "intro.md").write_text(
        "# Intro\n\nAs {cite:p}`deMaar2020, ref64` show.\n\n```md\n{cite}`shownNotCited`\n```\n\nSee {cite}`nowhere2020`.\n",
        encoding="utf-8",
    )
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["x = '{cite}`inCode`'\n"],
                "outputs": [],
                "execution_count": None,
            },
            {"cell_type": "markdown", "metadata": {}, "source": ["## Part\n", "\n", "Shown in {footcite:t}`ref69`.\n"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (refs_root / "notebooks").mkdir()
    path = refs_root / "notebooks" / "part.ipynb"
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    found = book_citations(refs_root)
    intro = display_path(refs_root / "book" / "intro.md")
    assert found["deMaar2020"] == [f"{intro}:3"] and found["ref64"] == [f"{intro}:3"]
    assert found["nowhere2020"] == [f"{intro}:9"]
    notebook_line = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "footcite" in line)
    assert found["ref69"] == [f"{display_path(path)}:{notebook_line}"]
    assert "shownNotCited" not in found and "inCode" not in found
    assert (
        f"{intro}:9: cites 'nowhere2020', which is not an entry of {display_path(refs_root / 'references.bib')}"
        in check(refs_root)
    )


def test_check_cli_exit_status_and_messages(refs_root, capsys):
    bib = refs_root / "references.bib"
    bib.write_text(bib_text(bib) + "\n@misc{orphan2001,\n  title = {T},\n  complete = {maybe}\n}\n", encoding="utf-8")
    assert run("refs", "check", "--root", str(refs_root)) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    line = line_of(bib, "orphan2001")
    assert f"{display_path(bib)}:{line}: complete: must be yes or no" in err
    assert "2 problem(s) in" in err and "nothing was changed" in err


def test_check_cli_when_studies_cannot_be_read(refs_root, capsys):
    studies = refs_root / "data" / "studies.csv"
    set_cell(studies, 2, "setting", "clinic")
    assert run("refs", "check", "--root", str(refs_root)) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert f"{display_path(studies)}:2: setting:" in err and "the data cannot be read" in err


def test_check_cli_on_a_missing_file_says_so_once(refs_root, capsys):
    assert run("refs", "check", "--root", str(refs_root), "--bib", str(refs_root / "missing.bib")) == EXIT_PROBLEMS
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"{display_path(refs_root / 'missing.bib')}: file is missing" and len(err) == 2


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
