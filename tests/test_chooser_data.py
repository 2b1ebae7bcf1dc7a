"""choose() follows the data, not a list in the code: an edited row changes the answer; and the properties
resource it reads (label-free, non-invasive) holds the code's vocabularies and is validated cell by cell."""

from __future__ import annotations

import pytest

from chooser_answers import fit_ids
from csv_edit import find_row, read_rows, set_cell, write_rows
from data_problems import only_problem, where
from nanoimaging import load, validate
from nanoimaging.choose import choose
from nanoimaging.choose.facts import PROPERTIES, PROPERTY_VALUES
from nanoimaging.data.vocabulary import SETTINGS
from nanoimaging.paths import display_path
from review_rows import enum

# --- modified data: the checks follow the data, not a list in the code -------------------------


def test_a_new_resolution_value_changes_the_answer(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="ivm")
    for field, value in (
        ("label", "~1 μm"),
        ("qualifier", "approximate"),
        ("min_m", "0.000001"),
        ("max_m", "0.000001"),
    ):
        set_cell(data_dir / "resolution.csv", row, field, value)
    data = load(data_dir)
    assert "ivm" in fit_ids(choose(data, max_resolution="10 um"))


def test_a_new_properties_row_changes_the_answer(data_dir):
    path = data_dir / "properties.csv"
    rows = read_rows(path)
    rows.append(
        [
            "mri",
            "label-free",
            "preclinical",
            "yes",
            "modality",
            "",
            "",
            "deMaar2020",
            "Magnetic resonance imaging / Imaging the tumour environment",
            "896",
            "Oxygenation Level Dependent (BOLD-) and Tissue",
        ]
    )
    write_rows(path, rows)
    data = load(data_dir)
    choice = choose(data, label_free=True)
    assert fit_ids(choice) == ["msi", "mri"]  # 21 and 9 papers
    mri = next(f for f in choice.fits if f.modality_id == "mri")
    assert mri.settings == ("preclinical",)


def test_a_property_not_stated_is_a_failure_not_a_guess(data_dir):
    path = data_dir / "properties.csv"
    rows = read_rows(path)
    write_rows(path, [r for r in rows if not (r[0] == "us" and r[1] == "non-invasive")])
    choice = choose(load(data_dir), non_invasive=True)
    us = next(e for e in choice.excluded if e.modality_id == "us")
    assert us.summary == "non-invasive: not coded in the data" and "no row in properties" in us.reason.message


# --- the properties resource: contents and validation ----------------------------------------------


def test_code_vocabularies_equal_the_properties_enums():
    assert tuple(enum("properties", "property")) == PROPERTIES
    assert tuple(enum("properties", "value")) == PROPERTY_VALUES
    assert tuple(enum("properties", "setting")) == SETTINGS


@pytest.mark.parametrize(
    ("key", "field", "bad", "words"),
    [
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "value",
            "Yes",
            ["not one of the allowed values: yes, sometimes, no"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "property",
            "noninvasive",
            ["not one of the allowed values: label-free, non-invasive"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "setting",
            "clinic",
            ["not one of the allowed values: clinical, preclinical"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "modality_id",
            "CT",
            ["not a modality_id of modalities"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "assessment_position",
            "7",
            ["assessments.csv has no strength 7 for ct"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "evidence",
            "Noninvasive",
            ["must repeat the Table 1 item it points to, 'Non-invasive'"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "section",
            "Computed tomography",
            ["a row pointing to a Table 1 item has section 'Table 1'"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "assessment_kind",
            "",
            ["give assessment_kind and assessment_position together"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "line",
            "two",
            ["expected a whole number"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "evidence",
            "",
            ["required value is missing"],
        ),
        (
            {"modality_id": "bli-fli", "property": "non-invasive", "setting": "preclinical"},
            "section",
            "Table 1",
            ["a Table 1 item needs assessment_kind and assessment_position"],
        ),
    ],
)
def test_bad_properties_row_is_one_problem_at_its_cell(data_dir, key, field, bad, words):
    row = find_row(data_dir / "properties.csv", **key)
    set_cell(data_dir / "properties.csv", row, field, bad)
    message = only_problem(data_dir)
    reported = "assessment_kind" if field == "assessment_kind" else field
    assert message.startswith(where(data_dir, "properties.csv", row, reported)), message
    for word in words:
        assert word in message


def test_missing_position_is_named(data_dir):
    row = find_row(data_dir / "properties.csv", modality_id="ct", property="non-invasive", setting="clinical")
    set_cell(data_dir / "properties.csv", row, "assessment_position", "")
    assert only_problem(data_dir).startswith(where(data_dir, "properties.csv", row, "assessment_position"))


def test_duplicate_properties_key(data_dir):
    path = data_dir / "properties.csv"
    rows = read_rows(path)
    rows.insert(2, list(rows[1]))
    write_rows(path, rows)
    message = only_problem(data_dir)
    assert message.startswith(f"{display_path(path)}:3: modality_id, property, setting:") and "duplicate key" in message


def test_an_assessment_edit_is_caught_in_properties(data_dir):
    """Fixing a typo in Table 1's transcription flags the statement that quotes it."""
    row = find_row(data_dir / "assessments.csv", modality_id="msi", kind="strength", position="1")
    set_cell(data_dir / "assessments.csv", row, "text", "Label free")
    problems = [str(p) for p in validate(data_dir).problems]
    assert len(problems) == 2 and all("properties.csv" in p and "evidence" in p for p in problems), problems
