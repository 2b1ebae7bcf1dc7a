"""Behaviour of the coding rules and what they change, on the small synthetic package.

The whole-body scale per setting (patient clinical, organism preclinical), a setting named by
the row's words or by ``setting_words``, a scale stated with no setting named, and joint credit
counted once. Each rule is shown failing on a scratch copy with one cell changed, and passing
when the row says what the text says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from nanoimaging import choose, cover, load, validate
from nanoimaging.data.studies import ALL, coverage, evidence_rows, study_matrix
from nanoimaging.data.study_counts import how_counted
from nanoimaging.data.vocabulary import scales_in
from nanoimaging.figures.matrices import scale_coverage
from nanoimaging.paths import display_path


def problems(data_dir: Path) -> list[str]:
    return [str(p) for p in validate(data_dir).problems]


def at(data_dir: Path, file: str, row: int, field: str) -> str:
    return f"{display_path(data_dir / file)}:{row}: {field}:"


# --- the whole-body scale of each setting ----------------------------------------------------------


def test_scales_of_a_setting():
    assert "patient" not in scales_in("preclinical") and "organism" not in scales_in("clinical")
    assert {"patient", "organism"} <= set(scales_in(None))


def test_a_preclinical_statement_at_patient_scale_is_refused(small_dir: Path):
    path = small_dir / "scales.csv"
    row = find_row(path, modality_id="body-scan", scale="organism", setting="preclinical")
    set_cell(path, row, "scale", "patient")
    (message,) = problems(small_dir)
    assert message.startswith(at(small_dir, "scales.csv", row, "scale")), message
    assert "patient is the whole-body scale of the clinical setting; a preclinical row says organism" in message


def test_a_preclinical_study_at_patient_scale_is_refused(small_dir: Path):
    path = small_dir / "studies.csv"
    row = find_row(path, study_id="s-2-body-scan")
    set_cell(path, row, "scales", "organism;organ-tumour")
    assert problems(small_dir) == []
    set_cell(path, row, "scales", "patient;organ-tumour")
    (message,) = problems(small_dir)
    assert message.startswith(at(small_dir, "studies.csv", row, "scales")), message


# --- a setting is named by the row's words, or by words quoted from elsewhere --------------------


@pytest.fixture
def unnamed(small_dir: Path) -> tuple[Path, int]:
    """s-7-sono ("Green et al. followed microbubbles with sonic observation [7]") given a setting."""
    path = small_dir / "studies.csv"
    row = find_row(path, study_id="s-7-sono")
    set_cell(path, row, "setting", "preclinical")
    return path, row


def test_a_setting_the_evidence_does_not_name_is_refused(small_dir: Path, unnamed):
    path, row = unnamed
    (message,) = problems(small_dir)
    assert message.startswith(at(small_dir, "studies.csv", row, "setting")), message
    assert "the evidence does not name the preclinical setting" in message and "setting_words" in message


def test_words_from_elsewhere_that_name_it_are_accepted(small_dir: Path, unnamed):
    path, row = unnamed
    set_cell(path, row, "setting_words", "In mice, sonic observation resolves tumours")
    set_cell(path, row, "setting_line", "26")
    assert problems(small_dir) == []
    assert load(small_dir).studies.set_index("study_id").loc["s-7-sono", "setting"] == "preclinical"


@pytest.mark.parametrize(
    ("words", "line", "field", "says"),
    [
        ("followed microbubbles", "29", "setting_words", "do not name the preclinical setting"),
        ("In mice, sonic observation resolves tumours", "20", "setting_line", "starts on line 26"),
        ("In rats, sonic observation", "26", "setting_words", "not found in the review's text"),
        ("In mice, sonic observation resolves tumours", "", "setting_line", "give the line"),
    ],
)
def test_setting_words_are_checked(small_dir: Path, unnamed, words, line, field, says):
    path, row = unnamed
    set_cell(path, row, "setting_words", words)
    set_cell(path, row, "setting_line", line)
    (message,) = problems(small_dir)
    assert message.startswith(at(small_dir, "studies.csv", row, field)) and says in message, message


# --- a scale stated with no setting named ----------------------------------------------------------


@pytest.fixture
def no_setting(small_dir: Path):
    """SNO at cellular scale, from words that name no setting ("around single cells with sonic observation")."""
    path = small_dir / "scales.csv"
    rows = read_rows(path)
    header = rows[0]
    new = dict.fromkeys(header, "")
    new.update(
        modality_id="sono",
        scale="cellular",
        setting="not-stated",
        basis="modality",
        source="deMaar2020",
        section="2. Far-field imaging / 2.2 Sonic observation",
        line="27",
        evidence="around single cells with sonic observation",
    )
    write_rows(path, [*rows, [new[name] for name in header]])
    assert problems(small_dir) == []
    return load(small_dir)


def test_a_scale_with_no_setting_named_fits_no_setting(no_setting):
    for setting in ("clinical", "preclinical"):
        choice = choose(no_setting, scale="cellular", setting=setting)
        sono = next(e for e in choice.excluded if e.modality_id == "sono")
        assert sono.check == "scale"
        assert "states cellular scale for SNO without naming a setting" in sono.reason.message
        assert sono.reason.evidence[0].text == "around single cells with sonic observation"


def test_a_scale_with_no_setting_named_shows_as_such(no_setting):
    cell = scale_coverage(no_setting).set_index(["modality_id", "scale"]).loc[("sono", "cellular")]
    assert (cell["coverage"], cell["code"]) == ("no setting named", "?")
    assert cell["evidence"].startswith("no setting named (stated for this modality)")
    status = coverage(no_setting).set_index(["modality_id", "scale", "setting"])["status"]
    assert status[("sono", "cellular", ALL)] == "stated and cited"  # s-3-sono, preclinical, is at cellular scale
    assert status[("sono", "cellular", "clinical")] == "not stated possible"


# --- joint credit ----------------------------------------------------------------------------------


def add_joint_partner(data_dir: Path, modality_id: str) -> None:
    """Give ref8 (cited with ref2, "[2,8]") a row of its own, filed under ``modality_id``, credited jointly."""
    path = data_dir / "studies.csv"
    rows = read_rows(path)
    header = rows[0]
    s2 = dict(zip(header, rows[find_row(path, study_id="s-2-body-scan") - 1], strict=True))
    s8 = {**s2, "study_id": f"s-8-{modality_id}", "ref": "8", "cite_key": "ref8", "cited_with": "2"}
    s8.update(modality_id=modality_id, credit="joint")
    rows[find_row(path, study_id="s-2-body-scan") - 1][header.index("credit")] = "joint"
    write_rows(path, [*rows, [s8[name] for name in header]])


def test_a_joint_credit_counts_once(small_dir: Path):
    before = study_matrix(load(small_dir)).loc["body-scan", "organ-tumour"]  # ref1 and ref2
    add_joint_partner(small_dir, "body-scan")
    assert problems(small_dir) == []
    data = load(small_dir)
    assert before == 2 and study_matrix(data).loc["body-scan", "organ-tumour"] == 2  # ref1, and [2, 8] once
    labels = set(evidence_rows(data).query("credit_key == 'joint:2+8'")["label"])
    assert labels == {"[2, 8] jointly BSC, mice"}
    fit = next(f for f in choose(data, scale="organ-tumour").fits if f.modality_id == "body-scan")
    assert [s.ref for s in fit.studies] == [1, 2] and fit.studies[1].label.startswith("[2, 8] jointly")
    combination = cover(data, scales=["organ-tumour"], aspects=["drug"], setting="preclinical").combinations[0]
    assert combination.n_studies == 1  # [2, 8], once


def test_joint_credit_across_modalities_counts_once_in_each(small_dir: Path):
    add_joint_partner(small_dir, "sono")
    assert problems(small_dir) == []
    matrix = study_matrix(load(small_dir))
    assert matrix.loc["body-scan", "organ-tumour"] == 2 and matrix.loc["sono", "organ-tumour"] == 1


def test_joint_credit_needs_its_partners(small_dir: Path):
    path = small_dir / "studies.csv"
    row = find_row(path, study_id="s-2-body-scan")
    set_cell(path, row, "credit", "joint")
    (message,) = problems(small_dir)
    assert message.startswith(at(small_dir, "studies.csv", row, "credit")), message
    assert "shares the credit with [8], which has no jointly credited row" in message


def test_the_counts_are_explained_from_rows_to_cells(small_dir: Path):
    assert how_counted(load(small_dir)) == (
        "studies.csv has 9 rows about 8 papers, 1 of the rows added, not in the review; a paper described for two"
        " modalities, or for two findings, has a row for each. 7 papers count as evidence for the modality they are"
        " filed under; 1 other paper was described with a method outside Table 1, or with none named (histology 1)."
        " The map's cells add up to 9: a paper is counted in each cell of a modality and a scale it states, so one"
        " at two scales counts twice, and one whose scale is not stated counts in none (1 paper)."
    )
    add_joint_partner(small_dir, "sono")
    assert how_counted(load(small_dir)).endswith("count once together ([2, 8])."), how_counted(load(small_dir))
