"""living add: an included candidate's references.bib entry from a recorded Crossref answer, or offline."""

from __future__ import annotations

import shutil

import pytest
from living_files import EXPECTED, RECORDER, living_folder, snapshot

from bib_formatting import formatted_title, unformattable
from nanoimaging.cli import main
from nanoimaging.living.add import appended, crossref_entry
from nanoimaging.refs.bibtex import read_references

#: pytest-recording refuses every connection; only cassettes answer.
pytestmark = pytest.mark.block_network

HEADER = "candidate_id,decision,reason,who,when,note\n"
SCREENED = (
    "C0001,include,meets-criteria,A. Person,2026-12-02,\n"
    "C0002,exclude,not-imaging,A. Person,2026-12-02,\n"
    "C0003,maybe,needs-full-text,B. Person,2026-12-03,\n"
)


@pytest.fixture
def screened(tmp_path):
    """The recorded run's living folder with three decisions, and a references.bib."""
    files, bib = living_folder(tmp_path)
    shutil.copy(EXPECTED / "candidates.csv", files.candidates)
    shutil.copy(EXPECTED / "runs.json", files.runs)
    files.screening.write_text(HEADER + SCREENED, encoding="utf-8")
    return files, bib


def _add(files, bib, *extra: str) -> int:
    return main(["living", "add", *extra, "--folder", str(files.folder), "--bib", str(bib)])


def test_an_included_candidate_is_shown_as_a_diff_and_written_only_when_asked(screened, capsys):
    files, bib = screened
    before = snapshot(bib.parent)
    with RECORDER.use_cassette("crossref_work.yaml"):
        assert _add(files, bib, "C0001") == 0
    out = capsys.readouterr().out
    assert "+@article{example2021," in out and "+  living_candidate = {C0001}," in out
    assert "was not changed" in out
    assert snapshot(bib.parent) == before
    with RECORDER.use_cassette("crossref_work.yaml"):
        assert _add(files, bib, "C0001", "--write") == 0
    entry = read_references(bib).entries["example2021"]
    assert entry.fields["author"] == "Example, Ann and Sample, Bo"
    assert entry.fields["pages"] == "1--10" and entry.fields["doi"] == "10.5555/synthetic.a"
    assert entry.fields["living_candidate"] == "C0001" and entry.complete
    assert bib.read_text(encoding="utf-8").startswith(before["references.bib"].decode())


@pytest.mark.parametrize(
    ("candidate", "says"),
    [
        ("C0002", "screened 'exclude'"),
        ("C0003", "screened 'maybe'"),
        ("C0009", "not a candidate"),
    ],
)
def test_a_candidate_not_included_is_an_error_and_nothing_is_written(screened, capsys, candidate, says):
    files, bib = screened
    before = snapshot(bib.parent)
    assert _add(files, bib, candidate, "--write") == 1
    assert says in capsys.readouterr().err
    assert snapshot(bib.parent) == before


def test_a_candidate_with_no_decision_is_an_error(screened, capsys):
    files, bib = screened
    files.screening.write_text(HEADER, encoding="utf-8")
    before = snapshot(bib.parent)
    assert _add(files, bib, "C0001", "--write") == 1
    assert "no decision in screening.csv" in capsys.readouterr().err
    assert snapshot(bib.parent) == before


def test_a_candidate_already_added_is_an_error(screened, capsys):
    files, bib = screened
    with RECORDER.use_cassette("crossref_work.yaml"):
        assert _add(files, bib, "C0001", "--write") == 0
    capsys.readouterr()
    before = snapshot(bib.parent)
    assert _add(files, bib, "C0001", "--write", "--offline") == 1
    assert "already entry example2021" in capsys.readouterr().err
    assert snapshot(bib.parent) == before


def test_crossref_unreachable_shows_the_candidates_entry_and_writes_nothing(screened, capsys):
    files, bib = screened
    before = snapshot(bib.parent)
    with RECORDER.use_cassette("crossref_down.yaml"):
        assert _add(files, bib, "C0001", "--write") == 3
    out = capsys.readouterr().out
    assert "cannot reach Crossref" in out and "only what candidates.csv holds" in out and "Nothing was written" in out
    assert "+  complete = {no}," in out and "+  missing = {author, volume, pages}" in out
    assert snapshot(bib.parent) == before


def test_offline_writes_only_what_candidates_csv_holds(screened, capsys):
    files, bib = screened
    assert _add(files, bib, "C0001", "--write", "--offline") == 0
    entry = read_references(bib).entries["c0001"]
    assert entry.entry_type == "misc" and not entry.complete  # an article needs an author to be formatted
    assert entry.declared_missing() == ["author", "volume", "pages"]
    assert entry.fields["journal"] == "Journal Of Synthetic Examples" and entry.fields["year"] == "2021"
    # names only: the identifiers OpenCitations Meta gives stay in candidates.csv
    assert entry.fields["note"] == "Authors as the sources list them: Example, Ann; Sample, Bo"
    assert "volume" not in entry.fields and "author" not in entry.fields
    assert unformattable(bib) == []
    # the capital the title holds after its first word stays a capital in the bibliography
    assert entry.fields["title"].startswith("Synthetic work {A}: mapping")
    assert formatted_title(bib, "c0001").startswith("Synthetic work A: mapping")


def test_a_crossref_record_without_authors_makes_an_entry_the_bibliography_formats(screened, tmp_path):
    files, bib = screened
    message = {
        "type": "journal-article",
        "DOI": "10.5555/synthetic.a",
        "title": ["Synthetic work A: MALDI mapping"],
        "container-title": ["Journal of Synthetic Examples"],
        "issued": {"date-parts": [[2021]]},
    }
    entry_type, fields = crossref_entry({"candidate_id": "C0001"}, message)
    assert entry_type == "misc" and fields["complete"] == "no" and "author" in fields["missing"]
    bib.write_text(appended(bib.read_text(encoding="utf-8"), "c0001", entry_type, fields), encoding="utf-8")
    assert unformattable(bib) == []
    assert formatted_title(bib, "c0001").startswith("Synthetic work A: MALDI mapping")


def test_a_hand_edited_screening_file_with_a_bad_value_is_a_file_row_field_error(screened, capsys):
    files, bib = screened
    files.screening.write_text(HEADER + "C0001,yes,meets-criteria,A. Person,2026-12-02,\n", encoding="utf-8")
    before = snapshot(bib.parent)
    assert _add(files, bib, "C0001", "--write", "--offline") == 1
    assert "screening.csv:2: decision:" in capsys.readouterr().err
    assert snapshot(bib.parent) == before
