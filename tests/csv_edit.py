"""Edit a CSV of a scratch data copy the way a student would, for the bad-input tests."""

from __future__ import annotations

import csv
from pathlib import Path

from nanoimaging.data.rules.coding import states_setting


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, field: str, value: str) -> str:
    """Set one cell, row numbered as in messages (header = 1); returns the old value."""
    rows = read_rows(path)
    column = rows[0].index(field)
    old = rows[row - 1][column]
    rows[row - 1][column] = value
    write_rows(path, rows)
    return old


def find_row(path: Path, **values: str) -> int:
    """The row number (header = 1) of the first row with these values."""
    rows = read_rows(path)
    header = rows[0]
    absent = [k for k in values if k not in header]
    if absent:
        raise LookupError(
            f"{path}: no column {', '.join(absent)} in the header {header}; "
            "is it separated by another delimiter? `make validate` says"
        )
    for number, row in enumerate(rows[1:], start=2):
        if all(row[header.index(k)] == v for k, v in values.items()):
            return number
    raise LookupError(f"no row with {values} in {path}")


def keep_review_rows(data_dir: Path, review_key: str = "deMaar2020") -> None:
    """Drop every row a fork added (its source is not the review) from the CSVs of a data copy.

    Tests that edit the shipped data in a known way start from the review's own rows, so
    that rows a fork adds cannot change their answers.
    """
    for path in sorted(data_dir.glob("*.csv")):
        rows = read_rows(path)
        if "source" in rows[0]:
            column = rows[0].index("source")
            write_rows(path, [rows[0]] + [r for r in rows[1:] if r[column] == review_key])


def named_in_evidence(rows: list[list[str]], setting: str, skip: list[list[str]] = ()) -> list[str]:
    """The first row (after the header) whose own words name ``setting``, credited to itself alone.

    A template for a made-up row of that setting: its words need no ``setting_words``.
    """
    header = rows[0]
    for row in rows[1:]:
        values = dict(zip(header, row, strict=True))
        if (
            values.get("credit")
            or values["setting_words"]
            or any(r[0].split("-")[1] == row[0].split("-")[1] for r in skip)
        ):
            continue
        if states_setting(values["evidence"], setting):
            return row
    raise LookupError(f"no row whose evidence names the {setting} setting")
