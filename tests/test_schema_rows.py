"""The rows the schema check hands on: those its one reading of each file found valid, also when that reading
stopped early at frictionless' limit of errors (then the file is read again in full)."""

from __future__ import annotations

from pathlib import Path

from csv_edit import read_rows, write_rows
from nanoimaging.data.schema import check_schema


def test_the_valid_rows_are_all_handed_on_when_validation_stops_at_its_error_limit(small_dir: Path):
    clean = check_schema(small_dir / "datapackage.json").records
    path = small_dir / "studies.csv"
    rows = read_rows(path)
    column = rows[0].index("modality_id")
    bad = [
        [f"x{n}" if i == 0 else ("nope" if i == column else cell) for i, cell in enumerate(rows[1])]
        for n in range(1100)
    ]
    write_rows(path, [rows[0], *bad, *rows[1:]])  # the errors come first: validation stops before the valid rows
    result = check_schema(small_dir / "datapackage.json")
    assert len(result.problems) == 1000, "frictionless' error limit is no longer 1000: make the test reach it"
    assert [r.values for r in result.records["studies"]] == [r.values for r in clean["studies"]]
    assert [r.row for r in result.records["studies"]] == [r.row + len(bad) for r in clean["studies"]]
