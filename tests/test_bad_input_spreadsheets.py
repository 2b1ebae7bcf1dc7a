"""What a spreadsheet or a copied row does to a CSV, as the validator reports it.

Reusing an id, the blank rows a spreadsheet writes, a file saved in the Windows encoding, and a
micro sign typed another way: each test edits a scratch copy of the small package
(tests/fixtures/small-package) and checks what a student reads, ``path:row: field: ...``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from nanoimaging import load, validate
from nanoimaging.paths import REPO_ROOT, display_path


def problems_of(data_dir: Path) -> list[str]:
    return [str(p) for p in validate(data_dir).problems]


def place(data_dir: Path, file: str, row: int) -> str:
    return f"{display_path(data_dir / file)}:{row}: "


def append_row(path: Path, **values: str) -> int:
    """Append a row (missing columns empty); returns its row number (header = 1)."""
    rows = read_rows(path)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(path, rows)
    return len(rows)


def nova_again(data_dir: Path, **changes: str) -> int:
    """Append a second modality row with the id ``nova`` (the added modality's); returns its row."""
    first = find_row(data_dir / "modalities.csv", modality_id="nova")
    header, *rows = read_rows(data_dir / "modalities.csv")
    values = dict(zip(header, rows[first - 2], strict=True))
    return append_row(data_dir / "modalities.csv", **{**values, "position": "6", "name": "NV2", **changes})


# --- a reused id -------------------------------------------------------------------

RESOURCES = [r["name"] for r in json.loads((REPO_ROOT / "data" / "datapackage.json").read_text())["resources"]]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_copied_row_is_one_message_naming_the_first_row(small_dir, resource):
    path = small_dir / f"{resource}.csv"
    rows = read_rows(path)
    assert len(rows) > 2, f"{path} has no row to copy"
    rows.append(list(rows[1]))  # row 2 pasted again at the end
    write_rows(path, rows)
    problems = problems_of(small_dir)
    assert len(problems) == 1, "\n".join(problems)
    assert problems[0].startswith(place(small_dir, f"{resource}.csv", len(rows)))
    assert "duplicate key: row 2 has the same" in problems[0], problems[0]


def test_a_reused_modality_id_is_said_first_and_once(small_dir):
    """A second ``nova`` row for a modality of a new family: the reuse, not what follows from it."""
    append_row(
        small_dir / "families.csv", family="mid", label="Mid-field", position="3", colour="#009E73", source="added2024"
    )
    row = nova_again(small_dir, family="mid")
    # an independent mistake in a file listed before modalities.csv
    typo = find_row(small_dir / "approaches.csv", modality_id="sono", aspect="drug")
    set_cell(small_dir / "approaches.csv", typo, "aspect", "drugs")
    problems = problems_of(small_dir)
    assert len(problems) == 2, "\n".join(problems)
    first = find_row(small_dir / "modalities.csv", modality_id="nova")
    assert problems[0].startswith(place(small_dir, "modalities.csv", row) + "modality_id: duplicate key:")
    assert f"row {first} has the same modality_id" in problems[0] and "(got 'nova')" in problems[0]
    assert problems[1].startswith(place(small_dir, "approaches.csv", typo) + "aspect: not one of the allowed")
    assert not any("did you mean" in p or "belongs to this family" in p for p in problems)


def test_a_reused_id_hides_no_independent_problem(small_dir):
    """Rules over a whole table still run when its only rejected row is a reused id."""
    nova_again(small_dir)
    rows = read_rows(small_dir / "approaches.csv")
    kept = [r for r in rows if not (r[0] == "body-scan" and r[1] == "environment")]
    assert len(kept) == len(rows) - 2
    write_rows(small_dir / "approaches.csv", kept)
    problems = problems_of(small_dir)
    assert len(problems) == 2, "\n".join(problems)
    body_scan = find_row(small_dir / "modalities.csv", modality_id="body-scan")
    assert problems[1] == (
        place(small_dir, "modalities.csv", body_scan) + "modality_id: no environment row in "
        f"{display_path(small_dir / 'approaches.csv')}: every modality needs one (got 'body-scan')"
    )


def test_an_empty_key_is_said_once(small_dir):
    set_cell(small_dir / "studies.csv", 3, "study_id", "")
    assert problems_of(small_dir) == [
        place(small_dir, "studies.csv", 3) + "study_id: required value is missing (got '')"
    ]


# --- blank rows, as spreadsheets write them ------------------------------------------


@pytest.mark.parametrize(
    "tail",
    ["\n", ",,,,,,,\n", ",,,,,,,", "\r\n", ",,,\n,,,,,,,,,,\n"],
    ids=["blank-line", "commas", "commas-no-newline", "crlf-blank-line", "two-rows-of-commas"],
)
def test_blank_rows_at_the_end_are_ignored(small_dir, tail):
    path = small_dir / "scales.csv"
    path.write_bytes(path.read_bytes() + tail.encode())
    assert problems_of(small_dir) == []
    assert len(load(small_dir).scales) == 15  # the rows of tests/fixtures/small-package/scales.csv


def test_blank_rows_in_the_middle_are_ignored_and_rows_keep_their_numbers(small_dir):
    path = small_dir / "scales.csv"
    bad = find_row(path, modality_id="sono", scale="tissue")
    set_cell(path, bad, "setting", "clinic")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3:3] = ["", ",,,,,,,"]  # rows 4 and 5 blank: the rows after them move down by two
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = problems_of(small_dir)
    assert len(problems) == 1, "\n".join(problems)
    assert problems[0].startswith(place(small_dir, "scales.csv", bad + 2) + "setting: not one of the allowed values")
    assert lines[bad + 1].startswith("sono,tissue,clinic,")  # row bad + 2 of the file, as a spreadsheet shows it


# --- a file saved in the Windows encoding ---------------------------------------------


@pytest.mark.parametrize("file", ["abbreviations.csv", "modalities.csv"])  # modalities.csv: other files refer to it
def test_a_file_saved_as_windows_1252_is_reported_at_its_row(small_dir, file):
    path = small_dir / file
    row = find_row(path, full_name="sonic observer") if file == "modalities.csv" else find_row(path, abbreviation="SNO")
    text = path.read_text(encoding="utf-8").replace("sonic observer", "sonic observer \u2013 caf\u00e9")
    path.write_bytes(text.encode("cp1252"))
    assert problems_of(small_dir) == [
        place(small_dir, file, row) + "this file is not UTF-8 (byte 0x96, which Windows-1252 reads as '\u2013'); "
        'save it as "CSV UTF-8"'
    ]


def test_an_undecodable_file_hides_no_problem_of_another_file(small_dir):
    path = small_dir / "modalities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("body scanner", "body scanner \u00b1").encode("cp1252"))
    typo = find_row(small_dir / "approaches.csv", modality_id="sono", aspect="drug")
    set_cell(small_dir / "approaches.csv", typo, "aspect", "drugs")
    problems = problems_of(small_dir)
    assert len(problems) == 2, "\n".join(problems)
    assert problems[0].startswith(place(small_dir, "approaches.csv", typo) + "aspect: not one of the allowed values")
    assert problems[1].startswith(place(small_dir, "modalities.csv", 4) + "this file is not UTF-8 (byte 0xb1,")


# --- the micro sign of a length label ---------------------------------------------------


@pytest.mark.parametrize(
    ("file", "field", "key", "typed", "expected"),
    [
        ("resolution.csv", "label", {"modality_id": "nova"}, "~20 um", "~20 \u03bcm"),
        ("resolution.csv", "label", {"modality_id": "nova"}, "~20\u00b5m", "~20\u03bcm"),
        ("modalities.csv", "depth_label", {"modality_id": "nova"}, "5000 um", "5000 \u03bcm"),
    ],
    ids=["um", "micro-sign", "depth-um"],
)
def test_micrometres_are_spelt_as_the_review_spells_them(small_dir, file, field, key, typed, expected):
    row = find_row(small_dir / file, **key)
    set_cell(small_dir / file, row, field, typed)
    assert problems_of(small_dir) == [
        place(small_dir, file, row) + f"{field}: write micrometres as the review does, with the Greek letter mu "
        f"(\u03bc, U+03BC): {expected!r} (got {typed!r})"
    ]


def test_the_reviews_own_micro_sign_passes_as_printed(small_dir):
    """The review prints one label with the micro sign (data/resolution.csv, IMC "1 µm"): kept as printed."""
    review = read_rows(REPO_ROOT / "data" / "resolution.csv")
    assert any("\u00b5" in r[4] and r[8] == "deMaar2020" for r in review), "the review's micro sign row is gone"
    row = find_row(small_dir / "resolution.csv", modality_id="slice", technique="TA")
    set_cell(small_dir / "resolution.csv", row, "label", "5 \u00b5m")
    assert problems_of(small_dir) == []
    set_cell(small_dir / "resolution.csv", row, "label", "5 um")  # the review never prints "um"
    assert problems_of(small_dir) == [
        place(small_dir, "resolution.csv", row) + "label: write micrometres as the review does, with the Greek letter "
        "mu (\u03bc, U+03BC): '5 \u03bcm' (got '5 um')"
    ]
