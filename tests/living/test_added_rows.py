"""A study added from the living search: validated against its screening and its stored text, shown with its origin.

Runs on the small synthetic package with a made-up work (``example2021``, candidate C0001 of
the recorded run in tests/living/expected/) and, where a quote is checked, a made-up stored
text written here: no real paper's text is stored.
"""

from __future__ import annotations

import csv
import shutil

import pytest
from living_files import EXPECTED

from csv_edit import find_row, set_cell
from nanoimaging import load
from nanoimaging.data.studies import evidence_rows
from nanoimaging.data.validated import VALIDATED_ENV, validated, write_validated
from nanoimaging.data.validation import validate
from nanoimaging.figures.study_list import studies_markdown
from nanoimaging.living.flow import added_studies_text

ENTRY = """
@article{example2021,
  author = {Example, Ann and Sample, Bo},
  title = {Synthetic work A: mapping nanoparticle distribution in tumours by multiscale imaging},
  journal = {Journal of Synthetic Examples},
  year = {2021},
  doi = {10.5555/synthetic.a},
  living_candidate = {C0001},
  complete = {yes}
}
"""
SCREENING = "candidate_id,decision,reason,who,when,note\n{}\n"
INCLUDED = "C0001,include,meets-criteria,A. Person,2026-12-02,"
STUDY = {
    "study_id": "s-example2021-slice",
    "source": "example2021",
    "cite_key": "example2021",
    "modality_id": "slice",
    "method": "modality",
    "aspects": "drug",
    "scales": "tissue",
    "setting": "preclinical",
    "subject": "mice",
    "finding": "A made-up finding: the drug reached the tumour rim first.",
    "checked": "not-checked",
}
#: A made-up open-access text standing for the added work's (not a real paper), and its manifest.
STORED_TEXT = "Made up for the tests, not a real paper.\nThe drug reached the rim of the\ntumour first.\n"
MANIFEST = "key,file,licence,attribution\nexample2021,example2021.txt,CC-BY-4.0,Made-up test text\n"


@pytest.fixture
def added(small_dir):
    """The small package with example2021 from the living search, screened include, and one study of it."""
    root = small_dir.parent
    with (root / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write(ENTRY)
    living = root / "living"
    living.mkdir()
    shutil.copy(EXPECTED / "candidates.csv", living / "candidates.csv")
    shutil.copy(EXPECTED / "runs.json", living / "runs.json")
    (living / "screening.csv").write_text(SCREENING.format(INCLUDED), encoding="utf-8")
    studies = small_dir / "studies.csv"
    with studies.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with studies.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([STUDY.get(name, "") for name in header])
    return small_dir


def _problems(data_dir) -> list[str]:
    return [str(p) for p in validate(data_dir).problems]


def _row(data_dir) -> int:
    return find_row(data_dir / "studies.csv", study_id=STUDY["study_id"])


def test_an_included_work_validates_and_its_pages_say_where_it_came_from(added):
    assert _problems(added) == []
    data = load(added)
    labels = list(evidence_rows(data).query("cite_key == 'example2021'")["label"])
    assert labels, "the added study is not among the evidence rows"
    note = "found by living search run-001 of 2026-12-01, screened by A. Person on 2026-12-02"
    assert labels[0] == f"[added: example2021] SLX, mice (not in the review, {note}; not checked against a stored text)"
    listed = studies_markdown(data)
    row = next(line for line in listed.splitlines() if "`example2021`" in line)
    assert "*Not in the review\\, found by living search run\\-001 of 2026\\-12\\-01\\, screened by A\\. Person" in row
    assert row.endswith("not checked against a stored text.* |")


@pytest.mark.parametrize(
    ("screening", "says"),
    [
        ("C0001,exclude,not-imaging,A. Person,2026-12-02,", "screened 'exclude'"),
        ("C0001,maybe,needs-full-text,A. Person,2026-12-02,", "screened 'maybe'"),
        ("", "not screened"),
    ],
)
def test_a_study_from_a_candidate_not_included_is_an_error(added, screening, says):
    (added.parent / "living" / "screening.csv").write_text(SCREENING.format(screening), encoding="utf-8")
    problems = _problems(added)
    assert any(f"{_where(added)}: source:" in p and says in p for p in problems), problems


def test_a_study_from_a_candidate_the_living_files_do_not_have_is_an_error(added):
    bib = added.parent / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{C0001}", "{C0099}"), encoding="utf-8")
    problems = _problems(added)
    assert any(f"{_where(added)}: source:" in p and "C0099" in p for p in problems), problems


def test_a_study_whose_work_is_not_in_references_bib_is_an_error(added):
    set_cell(added / "studies.csv", _row(added), "source", "nobody2021")
    problems = _problems(added)
    assert any(f"{_where(added)}: source: no entry" in p for p in problems), problems


def _where(data_dir) -> str:
    return f"/data/studies.csv:{_row(data_dir)}"


def _has(problems: list[str], data_dir, field: str) -> bool:
    return any(f"studies.csv:{_row(data_dir)}: {field}:" in p for p in problems)


def test_an_added_study_must_say_how_its_evidence_was_checked(added):
    set_cell(added / "studies.csv", _row(added), "checked", "")
    assert _has(_problems(added), added, "checked")


def test_an_added_study_not_checked_has_no_quote(added):
    set_cell(added / "studies.csv", _row(added), "evidence", "the drug reached the rim")
    assert _has(_problems(added), added, "evidence")


def test_a_row_of_the_review_leaves_checked_empty(added):
    set_cell(added / "studies.csv", 2, "checked", "not-checked")
    assert any("studies.csv:2: checked:" in p for p in _problems(added))


def _stored(data_dir, manifest: str = MANIFEST) -> None:
    folder = data_dir / "sources"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    (folder / "example2021.txt").write_text(STORED_TEXT, encoding="utf-8")


def _quote(data_dir, words: str) -> None:
    set_cell(data_dir / "studies.csv", _row(data_dir), "checked", "source-text")
    set_cell(data_dir / "studies.csv", _row(data_dir), "evidence", words)


def test_a_quote_found_in_the_stored_text_passes_and_the_page_does_not_say_not_checked(added):
    _stored(added)
    _quote(added, "The drug reached the rim of the tumour first")
    assert _problems(added) == []
    label = evidence_rows(load(added)).query("cite_key == 'example2021'")["label"].iloc[0]
    assert "not in the review, found by living search" in label and "not checked" not in label


def test_a_quote_not_in_the_stored_text_is_a_file_row_field_error(added):
    _stored(added)
    _quote(added, "The drug reached the core of the tumour first")
    problems = _problems(added)
    assert any(f"{_where(added)}: evidence: not found in the stored text" in p for p in problems), problems


def test_a_quote_of_a_work_with_no_stored_text_is_an_error(added):
    _quote(added, "The drug reached the rim of the tumour first")
    assert _has(_problems(added), added, "checked")


@pytest.mark.parametrize(
    ("manifest", "field"),
    [
        (MANIFEST.replace("CC-BY-4.0", ""), "licence"),
        (MANIFEST.replace("Made-up test text", ""), "attribution"),
        (MANIFEST.replace("example2021.txt", "absent.txt"), "file"),
        (MANIFEST.replace("example2021,", "nobody2021,"), "key"),
    ],
)
def test_a_stored_text_listed_wrongly_is_a_manifest_error(added, manifest, field):
    _stored(added, manifest)
    problems = _problems(added)
    assert any(f"manifest.csv:2: {field}:" in p for p in problems), problems


def test_a_decision_changed_after_a_passing_validation_is_validated_afresh(added, monkeypatch, tmp_path):
    """A validation handed over is keyed on the living files too (nanoimaging.data.validated)."""
    passed = validated(added)
    assert passed.ok
    write_validated(passed, tmp_path / "validated.pickle")
    monkeypatch.setenv(VALIDATED_ENV, str(tmp_path / "validated.pickle"))
    screening = added.parent / "living" / "screening.csv"
    screening.write_text(SCREENING.format("C0001,exclude,not-imaging,A. Person,2026-12-02,"), encoding="utf-8")
    assert any("screened 'exclude'" in str(p) for p in validated(added).problems)


def test_the_chapter_lists_the_living_searchs_studies_apart_from_the_others(added):
    data = load(added)
    assert added_studies_text(data) == (
        "2 studies added to this copy, not in the review: 1 from the living search (s-example2021-slice); "
        "1 added otherwise (entries not made by `living add`) (s-added2024-slice)."
    )
    assert added_studies_text(data.review_only()) == "No study is added to this copy: every study is the review's."
