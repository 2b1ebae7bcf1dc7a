"""Mistakes a student makes when editing a CSV, each caught with file, row and field.

Every test breaks a scratch copy of the data in one realistic way and asserts
that validation reports exactly that problem, as ``path:row: field: ...``.
"""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from data_problems import only_problem, where
from nanoimaging import DataValidationError, load, validate
from nanoimaging.paths import display_path


def edit_text(path: Path, change) -> None:
    path.write_bytes(change(path.read_bytes()))


# --- misspelt or unknown values -------------------------------------------------


@pytest.mark.parametrize(
    ("file", "key", "field", "bad", "allowed"),
    [
        ("modalities.csv", {"modality_id": "ct"}, "temporal_resolution", "Fast", "slow, medium, fast"),
        (
            "approaches.csv",
            {"modality_id": "mri", "aspect": "drug"},
            "aspect",
            "nanoparticles",
            "drug, nanoparticle, environment",
        ),
        (
            "assessments.csv",
            {"modality_id": "us", "kind": "strength", "position": "2"},
            "kind",
            "strengths",
            "strength, limitation",
        ),
        ("scales.csv", {"modality_id": "ivm", "scale": "cellular"}, "scale", "cell", "organ-tumour"),
        ("resolution.csv", {"modality_id": "mri", "setting": "clinical"}, "setting", "clinic", "clinical, preclinical"),
        ("modalities.csv", {"modality_id": "msi"}, "depth_qualifier", "n/a", "not-applicable"),
    ],
)
def test_misspelt_enum_value_names_allowed_values(data_dir, file, key, field, bad, allowed):
    row = find_row(data_dir / file, **key)
    set_cell(data_dir / file, row, field, bad)
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, file, row, field))
    assert "not one of the allowed values" in message and allowed in message and repr(bad) in message


def test_unknown_modality_in_approaches_is_a_foreign_key_problem(data_dir):
    row = find_row(data_dir / "approaches.csv", modality_id="ct", aspect="drug")
    set_cell(data_dir / "approaches.csv", row, "modality_id", "CT")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "approaches.csv", row, "modality_id"))
    assert "not a modality_id of modalities; it has pet-spect, mri, ct" in message and "'CT'" in message


def test_unknown_modality_in_studies(data_dir):
    set_cell(data_dir / "studies.csv", 2, "modality_id", "spect")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "studies.csv", 2, "modality_id"))


def test_unknown_family_is_one_problem_naming_the_families(data_dir):
    """A family not in families.csv: one problem, naming the families there (families are data)."""
    set_cell(data_dir / "modalities.csv", 2, "family", "nuclear")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "modalities.csv", 2, "family"))
    assert (
        "unknown value: not a family of families; it has non-invasive-clinical, optical, mass-spectrometry" in message
    )


def test_misspelt_family_gets_a_suggestion(data_dir):
    row = find_row(data_dir / "modalities.csv", modality_id="bli-fli")
    set_cell(data_dir / "modalities.csv", row, "family", "opitcal")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "modalities.csv", row, "family"))
    assert "(did you mean 'optical'?)" in message and "(got 'opitcal')" in message


# --- keys ------------------------------------------------------------------------


def test_duplicate_primary_key_in_approaches(data_dir):
    path = data_dir / "approaches.csv"
    rows = read_rows(path)
    rows.insert(3, rows[2][:3] + ["a second item that reuses the position"] + rows[2][4:])
    write_rows(path, rows)
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "approaches.csv", 4, "modality_id, aspect, position"))
    assert "duplicate key" in message


def test_duplicate_modality_id(data_dir):
    row = find_row(data_dir / "modalities.csv", modality_id="ivm")
    set_cell(data_dir / "modalities.csv", row, "modality_id", "fdot-fmt")
    problems = [str(p) for p in validate(data_dir).problems]
    assert any(
        p.startswith(where(data_dir, "modalities.csv", row, "modality_id")) and "duplicate key" in p for p in problems
    )


def test_study_citing_a_key_missing_from_references(data_dir):
    set_cell(data_dir / "studies.csv", 3, "cite_key", "ref9999")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "studies.csv", 3, "cite_key"))
    assert "no entry with this key in references.bib" in message


def test_study_ref_number_disagrees_with_references(data_dir):
    old = set_cell(data_dir / "studies.csv", 2, "ref", "58")
    assert old != "58"
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "studies.csv", 2, "ref"))


# --- the shape of the file ---------------------------------------------------------


def test_stray_delimiter_in_unquoted_text(data_dir):
    path = data_dir / "assessments.csv"
    row = find_row(path, modality_id="mri", kind="strength", position="4")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[row - 1] = "mri,strength,4,Physiological, and anatomical information,deMaar2020,Table 1"
    path.write_text("\n".join(lines), encoding="utf-8")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "assessments.csv", row, "text"))
    assert "stray comma" in message


def test_missing_delimiter_leaves_a_row_short(data_dir):
    path = data_dir / "resolution.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4].rsplit(",", 1)[0]  # row 5 loses its last cell
    path.write_text("\n".join(lines), encoding="utf-8")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "resolution.csv", 5, read_rows(path)[0][-1]))  # the last column
    assert "fewer cells" in message


def test_unclosed_quote_points_at_the_row_where_it_opens(data_dir):
    path = data_dir / "approaches.csv"
    row = find_row(path, modality_id="mri", aspect="drug")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[row - 1] = lines[row - 1].replace("mri,drug,1,", 'mri,drug,1,"')
    path.write_text("\n".join(lines), encoding="utf-8")
    message = only_problem(data_dir)
    assert message.startswith(where(data_dir, "approaches.csv", row, "text"))
    assert "never closed" in message


def test_misspelt_header(data_dir):
    edit_text(data_dir / "modalities.csv", lambda b: b.replace(b"modality_id,position", b"modality,position", 1))
    problems = [str(p) for p in validate(data_dir).problems]
    assert any(p.startswith(where(data_dir, "modalities.csv", 1, "modality")) for p in problems), problems


def test_missing_file(data_dir):
    (data_dir / "scales.csv").unlink()
    message = only_problem(data_dir)
    assert message == f"{display_path(data_dir / 'scales.csv')}: file is missing"


def test_file_saved_in_latin1(data_dir):
    path = data_dir / "abbreviations.csv"
    text = path.read_text(encoding="utf-8").replace("haemoglobin", "hémoglobine")
    path.write_bytes(text.encode("latin-1"))
    row = next(n for n, line in enumerate(text.split("\n"), start=1) if "hémoglobine" in line)
    message = only_problem(data_dir)
    assert message.startswith(f"{display_path(path)}:{row}: this file is not UTF-8 (byte 0xe9")


def test_byte_order_mark_is_accepted(data_dir):
    edit_text(data_dir / "modalities.csv", lambda b: b"\xef\xbb\xbf" + b)
    edit_text(data_dir / "studies.csv", lambda b: b"\xef\xbb\xbf" + b)
    assert validate(data_dir).ok


def test_windows_line_endings_are_accepted(data_dir):
    for name in ("approaches.csv", "resolution.csv", "studies.csv"):
        edit_text(data_dir / name, lambda b: b.replace(b"\n", b"\r\n"))
    assert validate(data_dir).ok


@pytest.mark.parametrize("file", ["modalities.csv", "studies.csv", "families.csv"])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_file_saved_with_another_delimiter(data_dir, file, delimiter):
    """A spreadsheet in many locales saves CSV with semicolons: one problem naming the file and both delimiters."""
    path = data_dir / file
    rows = read_rows(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    message = only_problem(data_dir)
    assert message.startswith(f"{display_path(path)}:1: separated by {delimiter!r}, expected ','"), message


def test_dialect_is_stated_for_every_file(data_dir):
    import json

    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["encoding"] == "utf-8"
        assert resource["dialect"] == {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}


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
