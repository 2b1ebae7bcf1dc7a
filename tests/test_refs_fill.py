"""refs fill: the numbered entries filled from the review's reference list at Crossref, tested offline.

Crossref is replayed from recorded answers shaped as its documented format
(tests/fixtures/crossref/, made-up works under the test prefix 10.5555): a reference with
a DOI that has a record, one without a DOI, one whose DOI answers 404; a record with no
reference list; and no connection at all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx2
import pytest

from nanoimaging import cli
from nanoimaging.cli.exits import EXIT_OFFLINE, EXIT_OK, EXIT_PROBLEMS
from nanoimaging.paths import REPO_ROOT
from nanoimaging.refs.bibtex import read_references
from nanoimaging.refs.reference_list import NoReferenceList, numbered_references

FIXTURES = Path(__file__).parent / "fixtures" / "crossref"
REVIEW_DOI = "10.7150/thno.38625"


def answers(monkeypatch, routes: dict[str, str | int | Exception]) -> list[str]:
    """Answer each request by the DOI in its URL: a fixture file, an HTTP status, or an error to raise."""
    asked: list[str] = []

    def get(url, *args, **kwargs):
        asked.append(url)
        request = httpx2.Request("GET", url)
        for doi, answer in routes.items():
            if doi in url.replace("%2F", "/"):
                if isinstance(answer, Exception):
                    raise answer
                if isinstance(answer, int):
                    return httpx2.Response(answer, text="Resource not found.", request=request)
                body = json.loads((FIXTURES / answer).read_text(encoding="utf-8"))
                return httpx2.Response(200, json=body, request=request)
        raise AssertionError(f"a request no test answers: {url}")

    monkeypatch.setattr(httpx2, "get", get)
    return asked


@pytest.fixture
def bib(tmp_path) -> Path:
    return Path(shutil.copy(REPO_ROOT / "references.bib", tmp_path / "references.bib"))


ROUTES = {
    REVIEW_DOI: "review-with-references.json",
    "10.5555/test.64": "10.5555_test.64.json",
    "10.5555/test.missing": 404,
}


def test_the_list_is_numbered_by_key_or_by_place():
    listed = numbered_references({"reference": [{"key": "ref7", "DOI": "10.5555/a"}, {"key": "B"}]})
    assert set(listed) == {7, 2}
    with pytest.raises(NoReferenceList):
        numbered_references({"DOI": REVIEW_DOI})


def test_fill_shows_the_change_and_writes_only_with_write(monkeypatch, bib, capsys):
    before = bib.read_bytes()
    asked = answers(monkeypatch, ROUTES)
    assert cli.main(["refs", "fill", "--bib", str(bib)]) == EXIT_OK
    out = capsys.readouterr().out
    assert bib.read_bytes() == before  # shown, not written
    assert "[64] ref64: filled 10.5555/test.64" in out
    assert "[69] ref69: no DOI in the list" in out  # never guessed from the title
    assert "[70] ref70: DOI has no record 10.5555/test.missing" in out
    assert "+  title = {A made-up work standing for reference 64}," in out
    assert "run again with --write" in out
    assert any("test.missing" in url.replace("%2F", "/") for url in asked)

    assert cli.main(["refs", "fill", "--bib", str(bib), "--write"]) == EXIT_OK
    entries = read_references(bib).entries
    assert entries["ref64"].fields["doi"] == "10.5555/test.64"
    assert entries["ref64"].fields["journal"] == "Test Journal" and entries["ref64"].complete
    assert entries["ref64"].fields["refnum"] == "64"  # what the review said stays
    before_entries = read_references(REPO_ROOT / "references.bib").entries
    for key in ("ref69", "ref70", "ref59"):
        assert entries[key].fields == before_entries[key].fields, key


def test_a_record_without_a_reference_list_changes_nothing(monkeypatch, bib, capsys):
    before = bib.read_bytes()
    answers(monkeypatch, {REVIEW_DOI: "10.7150_thno.38625.json"})
    assert cli.main(["refs", "fill", "--bib", str(bib), "--write"]) == EXIT_PROBLEMS
    assert "has no reference list; nothing was changed" in capsys.readouterr().err
    assert bib.read_bytes() == before


def test_no_connection_changes_nothing(monkeypatch, bib, capsys):
    before = bib.read_bytes()
    answers(monkeypatch, {REVIEW_DOI: httpx2.ConnectError("[Errno -3] Temporary failure in name resolution")})
    assert cli.main(["refs", "fill", "--bib", str(bib), "--write"]) == EXIT_OFFLINE
    assert "cannot reach Crossref (offline?)" in capsys.readouterr().err
    assert bib.read_bytes() == before


def test_a_connection_lost_midway_writes_nothing(monkeypatch, bib, capsys):
    before = bib.read_bytes()
    answers(monkeypatch, {**ROUTES, "10.5555/test.64": httpx2.ReadTimeout("timed out")})
    assert cli.main(["refs", "fill", "--bib", str(bib), "--write"]) == EXIT_OFFLINE
    assert bib.read_bytes() == before


def test_an_entry_with_another_doi_is_left_alone(monkeypatch, bib, capsys):
    text = bib.read_text(encoding="utf-8").replace(
        "  refnum = {64},\n", "  refnum = {64},\n  doi = {10.5555/some.other},\n", 1
    )
    bib.write_text(text, encoding="utf-8")
    answers(monkeypatch, ROUTES)
    assert cli.main(["refs", "fill", "--bib", str(bib), "--write"]) == EXIT_OK
    assert "[64] ref64: DOI differs 10.5555/test.64 (the entry has 10.5555/some.other)" in capsys.readouterr().out
    assert read_references(bib).entries["ref64"].fields["doi"] == "10.5555/some.other"
