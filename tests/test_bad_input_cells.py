"""Mistakes a student makes in a CSV's cells, each caught with file, row and field: empty and mistyped
cells, numbers against their labels, completeness and text hygiene; and every problem reported in one run.

Every test breaks a scratch copy of the data in one realistic way and asserts
that validation reports exactly that problem, as ``path:row: field: ...``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from data_problems import only_problem, where
from nanoimaging import DataValidationError, load, validate

# --- empty and mistyped cells -------------------------------------------------------


def test_empty_required_text(data_dir):
    set_cell(data_dir / "assessments.csv", 4, "text", "")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "assessments.csv", 4, "text"))
    assert "required value is missing" in message


def test_empty_modality_name(data_dir):
    set_cell(data_dir / "modalities.csv", 3, "name", "")
    assert only_problem(data_dir).startswith(where(data_dir, "modalities.csv", 3, "name"))


def test_unit_written_in_a_number_column(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="mri", setting="clinical")
    set_cell(data_dir / "resolution.csv", row, "min_m", "1 mm")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "resolution.csv", row, "min_m"))
    assert "expected a number" in message


def test_decimal_comma(data_dir):
    row = find_row(data_dir / "modalities.csv", modality_id="us")
    set_cell(data_dir / "modalities.csv", row, "depth_max_m", "0,3")
    assert only_problem(data_dir).startswith(where(data_dir, "modalities.csv", row, "depth_max_m"))


def test_position_that_is_not_a_whole_number(data_dir):
    set_cell(data_dir / "approaches.csv", 2, "position", "1a")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "approaches.csv", 2, "position")) and "whole number" in message


def test_scale_evidence_line_not_a_number(data_dir):
    set_cell(data_dir / "scales.csv", 2, "line", "l. 252")
    assert only_problem(data_dir).startswith(where(data_dir, "scales.csv", 2, "line"))


def test_study_aspects_list_with_a_typo(data_dir):
    set_cell(data_dir / "studies.csv", 2, "aspects", "drug;nanoparticel")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "studies.csv", 2, "aspects")) and "pattern" in message


def test_study_scales_out_of_order(data_dir):
    set_cell(data_dir / "studies.csv", 2, "scales", "tissue;organ-tumour")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "studies.csv", 2, "scales")) and "in this order" in message


# --- numbers against labels -----------------------------------------------------------


def test_swapped_min_and_max(data_dir):
    path = data_dir / "resolution.csv"
    row = find_row(path, modality_id="msi", technique="DESI")
    low = set_cell(path, row, "min_m", "0.0002")
    set_cell(path, row, "max_m", low)
    problems = [str(p) for p in validate(data_dir).problems]
    assert problems[0].startswith(where(data_dir, "resolution.csv", row, "min_m")) and "swapped" in problems[0]


def test_unit_typo_in_a_label(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="ct")
    set_cell(data_dir / "resolution.csv", row, "label", "50-500 mn")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "resolution.csv", row, "label")) and "unknown unit" in message


def test_label_and_numbers_disagree(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="pet-spect", technique="PET")
    set_cell(data_dir / "resolution.csv", row, "label", "~6 mm")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "resolution.csv", row, "label")) and "the label says" in message


def test_millimetres_typed_where_metres_are_expected(data_dir):
    path = data_dir / "modalities.csv"
    row = find_row(path, modality_id="fdot-fmt")
    set_cell(path, row, "depth_min_m", "1")
    set_cell(path, row, "depth_max_m", "2")
    problems = [str(p) for p in validate(data_dir).problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(where(data_dir, "modalities.csv", row, "depth_label"))
    assert "off by a factor of 10^3: the numbers must be in metres" in problems[0]


def test_negative_resolution(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="bli-fli")
    set_cell(data_dir / "resolution.csv", row, "min_m", "-0.000005")
    problems = [str(p) for p in validate(data_dir).problems]
    assert problems[0].startswith(where(data_dir, "resolution.csv", row, "min_m")) and "sensible range" in problems[0]


def test_invented_number_for_whole_body(data_dir):
    row = find_row(data_dir / "modalities.csv", modality_id="pet-spect")
    set_cell(data_dir / "modalities.csv", row, "depth_max_m", "2")
    message = only_problem(data_dir)
    assert (
        message.startswith(where(data_dir, "modalities.csv", row, "depth_label"))
        and "whole-body with no numbers" in message
    )


def test_qualifier_disagrees_with_label(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="fdot-fmt")
    set_cell(data_dir / "resolution.csv", row, "qualifier", "approximate")
    assert only_problem(data_dir).startswith(where(data_dir, "resolution.csv", row, "label"))


# --- completeness and text hygiene ---------------------------------------------------------


def test_modality_without_a_drug_approach(data_dir):
    path = data_dir / "approaches.csv"
    rows = [r for r in read_rows(path) if r[:2] != ["ct", "drug"]]
    write_rows(path, rows)
    row = find_row(data_dir / "modalities.csv", modality_id="ct")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "modalities.csv", row, "modality_id"))
    assert "no drug row" in message


def test_modality_without_resolution(data_dir):
    path = data_dir / "resolution.csv"
    write_rows(path, [r for r in read_rows(path) if r[0] != "ivm"])
    row = find_row(data_dir / "modalities.csv", modality_id="ivm")
    assert only_problem(data_dir).startswith(where(data_dir, "modalities.csv", row, "modality_id"))


def test_duplicate_text_in_one_cell(data_dir):
    path = data_dir / "assessments.csv"
    row = find_row(path, modality_id="ct", kind="limitation", position="2")
    set_cell(path, row, "text", "radiation")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "assessments.csv", row, "text")) and "duplicate" in message


def test_bullet_mark_pasted_with_the_text(data_dir):
    set_cell(data_dir / "assessments.csv", 2, "text", "- Established clinical method")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "assessments.csv", 2, "text")) and "bullet" in message


def test_trailing_spaces(data_dir):
    set_cell(data_dir / "approaches.csv", 3, "text", "NP labelled with radioactive tracer (e.g. 64Cu and 89Zr). ")
    assert only_problem(data_dir).startswith(where(data_dir, "approaches.csv", 3, "text"))


def test_gap_in_positions(data_dir):
    path = data_dir / "assessments.csv"
    row = find_row(path, modality_id="pet-spect", kind="strength", position="3")
    set_cell(path, row, "position", "7")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "assessments.csv", row, "position")) and "run 1 to 5" in message


# --- the run as a whole ----------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_problem_is_reported_in_one_run_and_nothing_is_written(data_dir):
    set_cell(data_dir / "modalities.csv", 2, "family", "opitcal")
    set_cell(data_dir / "approaches.csv", 2, "aspect", "drugs")
    set_cell(data_dir / "resolution.csv", 2, "label", "~4 mn")
    before = snapshot(data_dir.parent)
    result = subprocess.run(
        [sys.executable, "-m", "nanoimaging", "validate", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines[:-1]] == [
        "approaches.csv",
        "modalities.csv",
        "resolution.csv",
    ]
    assert lines[-1] == "3 problem(s) found; nothing was changed."
    assert snapshot(data_dir.parent) == before


def test_load_refuses_bad_data_with_every_problem(data_dir):
    set_cell(data_dir / "modalities.csv", 2, "family", "opitcal")
    set_cell(data_dir / "studies.csv", 2, "setting", "in vivo")
    with pytest.raises(DataValidationError) as caught:
        load(data_dir)
    assert len(caught.value.problems) == 2
    assert "modalities.csv:2: family" in str(caught.value) and "studies.csv:2: setting" in str(caught.value)
