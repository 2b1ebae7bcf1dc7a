"""Mistakes a student makes when editing a CSV, each caught with file, row and field: misspelt or unknown
values, keys, and the shape of the file (cells, numbers and completeness: test_bad_input_cells.py).

Every test breaks a scratch copy of the data in one realistic way and asserts
that validation reports exactly that problem, as ``path:row: field: ...``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from data_problems import only_problem, where
from nanoimaging import validate
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
