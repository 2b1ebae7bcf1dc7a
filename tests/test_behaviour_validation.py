"""Behaviour of validate() on scratch copies of the small synthetic package (tests/fixtures/small-package/):
each domain rule catches the row that breaks it, at its cell; and the schema.org JSON-LD of a package.

The package is made up for these tests: it is not the review's data (see its README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from data_problems import only_problem, where
from nanoimaging import Dataset, DataValidationError, load, validate
from nanoimaging.paths import display_path

# --- validation: each domain rule, on a scratch copy ------------------------------------------------


def test_unknown_source_key(small_dir: Path):
    row = find_row(small_dir / "modalities.csv", modality_id="sono")
    assert row == 5
    set_cell(small_dir / "modalities.csv", row, "source", "nobody2030")
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "modalities.csv", 5, "source"))
    assert "no entry with this key in references.bib" in message and "'nobody2030'" in message


def test_unknown_cite_key(small_dir: Path):
    row = find_row(small_dir / "studies.csv", study_id="s-3-sono")
    set_cell(small_dir / "studies.csv", row, "cite_key", "ref99")
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "studies.csv", row, "cite_key"))
    assert "no entry with this key in references.bib" in message


def test_ref_must_be_the_refnum_of_its_entry(small_dir: Path):
    row = find_row(small_dir / "studies.csv", study_id="s-3-sono")
    set_cell(small_dir / "studies.csv", row, "cite_key", "ref7")  # ref7 is reference 7, the row says 3
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "studies.csv", row, "ref"))
    assert "ref7 in references.bib is reference 7 of the review" in message


@pytest.mark.parametrize(
    ("file", "key", "field", "words"),
    [
        (
            "scales.csv",
            {"modality_id": "micro", "scale": "cellular"},
            "section",
            "a row of the review needs its section",
        ),
        ("scales.csv", {"modality_id": "micro", "scale": "cellular"}, "line", "a row of the review needs its line"),
        ("studies.csv", {"study_id": "s-5-slice"}, "evidence", "a row of the review needs its evidence"),
        ("studies.csv", {"study_id": "s-5-slice"}, "section", "a row of the review needs its section"),
        ("studies.csv", {"study_id": "s-5-slice"}, "line", "a row of the review needs its line"),
        ("quotes.csv", {"id": "q-conclusion-choose-combine"}, "line", "a row of the review needs its line"),
        (
            "properties.csv",
            {"modality_id": "sono", "property": "non-invasive", "setting": "clinical"},
            "line",
            "a row of the review needs its line",
        ),
        (
            "approaches.csv",
            {"modality_id": "sono", "aspect": "drug"},
            "section",
            "a row of the review's Table 1 has section 'Table 1'",
        ),
        ("modalities.csv", {"modality_id": "micro"}, "section", "a row of the review's Table 1 has section 'Table 1'"),
    ],
)
def test_a_review_row_must_say_where(small_dir: Path, file, key, field, words):
    row = find_row(small_dir / file, **key)
    set_cell(small_dir / file, row, field, "")
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, file, row, field)), message
    assert words in message


def test_a_table1_row_must_say_table_1_exactly(small_dir: Path):
    row = find_row(small_dir / "resolution.csv", modality_id="sono", position="1")
    set_cell(small_dir / "resolution.csv", row, "section", "Table 2")
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "resolution.csv", row, "section"))
    assert "(got 'Table 2')" in message


def test_added_rows_need_no_section_line_or_evidence(small_dir: Path):
    # the added study (s-added2024-slice) already has none; a review study made added needs none either
    row = find_row(small_dir / "studies.csv", study_id="s-5-slice")
    for field, value in (
        ("source", "added2024"),
        ("ref", ""),
        ("cite_key", "added2024"),
        ("section", ""),
        ("line", ""),
        ("evidence", ""),
        ("checked", "not-checked"),  # an added study says its evidence was not checked against a stored text
    ):
        set_cell(small_dir / "studies.csv", row, field, value)
    assert validate(small_dir).problems == []


@pytest.mark.parametrize(
    ("file", "key", "field"),
    [
        ("quotes.csv", {"id": "q-abstract-no-single-modality"}, "quote"),
        ("scales.csv", {"modality_id": "sono", "scale": "tissue"}, "evidence"),
        ("studies.csv", {"study_id": "s-1-body-scan"}, "evidence"),
        ("properties.csv", {"modality_id": "micro", "property": "non-invasive"}, "evidence"),
    ],
)
def test_a_quote_that_is_not_verbatim(small_dir: Path, file, key, field):
    row = find_row(small_dir / file, **key)
    old = read_rows(small_dir / file)[row - 1][read_rows(small_dir / file)[0].index(field)]
    set_cell(small_dir / file, row, field, old.replace("s", "z", 1))  # one letter changed
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, file, row, field)), message
    assert "not found in the review's text" in message


def test_a_quote_may_run_over_a_line_break(small: Dataset):
    # quotes.csv q-abstract-no-single-modality: review.txt lines 7-8 ("... is often" / "needed ...")
    quote = small.quotes.set_index(small.quotes["id"].astype(str)).loc["q-abstract-no-single-modality"]
    assert quote["line"] == 7 and quote["quote"].endswith("is often needed")


@pytest.mark.parametrize(
    ("file", "key", "bad", "start"),
    [
        ("scales.csv", {"modality_id": "micro", "scale": "cellular"}, "36", 35),  # quote runs over lines 35-36
        ("quotes.csv", {"id": "q-conclusion-choose-combine"}, "56", 57),
        ("studies.csv", {"study_id": "s-4-micro"}, "38", 37),
    ],
)
def test_a_line_that_is_not_the_quote_start(small_dir: Path, file, key, bad, start):
    row = find_row(small_dir / file, **key)
    set_cell(small_dir / file, row, "line", bad)
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, file, row, "line")), message
    assert f"the quote starts on line {start} of the review's text (got {int(bad)})" in message


@pytest.mark.parametrize("bad", ["8;3", "3;3", "2", "2;8"])
def test_cited_with_out_of_order(small_dir: Path, bad):
    # s-2-body-scan: ref 2, cited with 8
    row = find_row(small_dir / "studies.csv", study_id="s-2-body-scan")
    set_cell(small_dir / "studies.csv", row, "cited_with", bad)
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "studies.csv", row, "cited_with")), message
    assert "in increasing order, without the row's own ref" in message


def test_cited_with_in_order_is_fine(small_dir: Path):
    row = find_row(small_dir / "studies.csv", study_id="s-2-body-scan")
    set_cell(small_dir / "studies.csv", row, "cited_with", "3;8")
    assert validate(small_dir).problems == []


def test_a_family_without_modality(small_dir: Path):
    path = small_dir / "families.csv"
    write_rows(path, [*read_rows(path), ["spare", "Spare imaging", "3", "#009E73", "deMaar2020", "Table 1"]])
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "families.csv", 4, "family")), message
    assert f"no modality of {display_path(small_dir / 'modalities.csv')} belongs to this family" in message


def test_two_families_with_one_colour(small_dir: Path):
    # families.csv: row 2 far #D55E00, row 3 near #0072B2; the same colour in another case is the same colour
    set_cell(small_dir / "families.csv", 3, "colour", "#d55e00")
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "families.csv", 3, "colour")), message
    assert "the same colour as row 2: each family needs its own" in message


def test_a_modality_without_a_limitation(small_dir: Path):
    path = small_dir / "assessments.csv"
    write_rows(path, [r for r in read_rows(path) if r[:2] != ["sono", "limitation"]])
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "modalities.csv", 5, "modality_id")), message
    assert "no limitation row in" in message


def test_a_label_that_disagrees_with_its_metres(small_dir: Path):
    row = find_row(small_dir / "resolution.csv", modality_id="sono")
    set_cell(small_dir / "resolution.csv", row, "min_m", "0.00006")  # 60 μm, the label says 50-500 μm
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "resolution.csv", row, "label")), message


def test_positions_must_be_consecutive(small_dir: Path):
    row = find_row(small_dir / "modalities.csv", modality_id="nova")
    set_cell(small_dir / "modalities.csv", row, "position", "7")
    message = only_problem(small_dir)
    assert message.startswith(where(small_dir, "modalities.csv", row, "position")), message
    assert "positions must run 1 to 5 without gaps" in message


def test_load_refuses_the_broken_copy(small_dir: Path):
    set_cell(small_dir / "families.csv", 3, "colour", "#D55E00")
    with pytest.raises(DataValidationError) as caught:
        load(small_dir)
    assert len(caught.value.problems) == 1


# ---------------------------------------------------------------------------
# schema.org Dataset JSON-LD (nanoimaging.data.schema_org)


def test_jsonld_lists_only_the_files_that_are_served_and_cites_the_review(small_dir):
    from nanoimaging.data.schema_org import package_jsonld

    ld = package_jsonld(small_dir, {"studies.csv": "d/studies.csv"}, zip_url="z/all.zip")
    assert [d["name"] for d in ld["distribution"]] == ["studies.csv", "all.zip"]
    assert ld["distribution"][0]["encodingFormat"] == "text/csv"
    citation = ld["citation"]
    assert citation["@type"] == "ScholarlyArticle"
    assert citation["name"] == "A made-up review for the tests"
    assert "identifier" not in citation, "the fixture's entry has no DOI: none may be made up"


def test_jsonld_without_a_references_file_has_no_citation(small_dir):
    import json

    from nanoimaging.data.schema_org import dataset_jsonld

    package = json.loads((small_dir / "datapackage.json").read_text(encoding="utf-8"))
    package.pop("references", None)
    ld = dataset_jsonld(package, {})
    assert "citation" not in ld and ld["distribution"] == []
