"""Fidelity: the review's rows of Table 1 against an unedited extraction of it (tests/fixtures/).

The extraction broke the table into runs of words and split words across
lines, so texts are compared with all whitespace removed; order is checked
cell by cell, and every bullet in the extraction must be a row of the data.
Only rows whose source is the review are checked: rows a fork adds never break
these tests, and an edit to a row of the review always does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "table1-extraction.txt"


@pytest.fixture(scope="module")
def extraction() -> str:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return "\n".join(lines)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_table_has_nine_rows_in_three_families(review):
    assert len(review.modalities) == 9
    assert review.modalities.groupby("family", observed=True).size().tolist() == [4, 4, 1]


@pytest.mark.parametrize("resource", ["approaches", "assessments"])
def test_every_item_is_in_the_extraction_in_cell_order(review, extraction, resource):
    flat = squeeze(extraction)
    frame = getattr(review, resource)
    group = "aspect" if resource == "approaches" else "kind"
    for (modality, _), cell in frame.groupby(["modality_id", group], observed=True, sort=False):
        start = 0
        for text in cell.sort_values("position")["text"]:
            found = flat.find(squeeze(text), start)
            assert found >= 0, f"{modality}: {text!r} is not in the extraction after the previous item"
            start = found


def test_every_bullet_of_the_extraction_is_a_row(review, extraction):
    # A bullet starts a line, or follows the last words of the cells to its left
    # ("~ 30 cm - Established ..."); "1 μm - 1 mm" is a range, not a bullet.
    bullets = [
        match
        for line in extraction.splitlines()
        for match in re.findall(r"^\s*-\s?[A-Z0-9]|\S\s+-\s(?=[A-Z]|\dD\b)", line)
    ]
    items = [review.approaches, review.assessments]
    in_lists = sum(
        len(cell)
        for frame, group in zip(items, ["aspect", "kind"], strict=True)
        for _, cell in frame.groupby(["modality_id", group], observed=True)
        if len(cell) > 1
    )
    assert len(bullets) == in_lists


def test_names_labels_and_footnote_are_printed(review, extraction):
    flat = squeeze(extraction)
    printed = (
        list(review.modalities["name"])
        + list(review.modalities["depth_label"])
        + list(review.resolution["label"])
        + [
            f"{a}:{e}"
            for a, e in zip(review.abbreviations["abbreviation"], review.abbreviations["expansion"], strict=True)
        ]
    )
    for text in printed:
        assert squeeze(text) in flat, text


def test_family_labels_read_down_the_vertical_print(review, extraction):
    flat = squeeze(extraction)
    for label in review.families["label"]:
        assert squeeze(label).lower() in flat.lower(), label


def test_every_technique_is_printed_next_to_its_value(review, extraction):
    flat = squeeze(extraction)
    for row in review.resolution.itertuples():
        if not pd.isna(row.technique):
            assert squeeze(f"{row.label}({row.technique})") in flat, row
