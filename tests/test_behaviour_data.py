"""Behaviour of the data layer on the small synthetic package (tests/fixtures/small-package/).

The expected answers are written out by hand from the package's CSV files (comments name the
rows that give them); none is computed with the code under test. The package is made up for
these tests: it is not the review's data (see its README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from nanoimaging import Dataset, DataValidationError, load, validate
from nanoimaging.data.studies import ALL, GAP, STATUSES, coverage, evidence_counts, evidence_rows, gaps, study_matrix
from nanoimaging.data.vocabulary import ASPECTS, SCALES, SETTINGS
from nanoimaging.paths import display_path

#: modalities.csv, grouped by family (near = position 1, far = position 2), then by position;
#: nova (position 5, added) belongs to near, so it comes before body-scan (position 3).
ORDER = ["micro", "slice", "nova", "body-scan", "sono"]
LABELS = {"micro": "MIC", "slice": "SLX", "nova": "NOV (added)", "body-scan": "BSC", "sono": "SNO"}


# --- the package is valid, and loads in Table 1 order --------------------------------------------


def test_the_small_package_validates(small_dir: Path):
    result = validate(small_dir)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.problems == []


def test_rows_per_table(small: Dataset):
    # one count per CSV file of the package (data rows, header excluded)
    counts = {
        "families": 2,
        "modalities": 5,
        "resolution": 7,
        "approaches": 17,
        "assessments": 13,
        "scales": 15,
        "studies": 9,
        "properties": 14,
        "abbreviations": 5,
        "quotes": 2,
    }
    assert {name: len(getattr(small, name)) for name in counts} == counts


def test_families_are_ordered_by_position(small: Dataset):
    # families.csv lists far (position 2) before near (position 1)
    assert list(small.families["family"].astype(str)) == ["near", "far"]
    assert list(small.families["position"]) == [1, 2]
    assert list(small.families["colour"].astype(str)) == ["#0072B2", "#D55E00"]


def test_modalities_are_grouped_by_family_then_position(small: Dataset):
    assert list(small.modalities["modality_id"].astype(str)) == ORDER
    assert list(small.modalities["position"]) == [1, 2, 5, 3, 4]
    assert list(small.modalities["family"].astype(str)) == ["near", "near", "near", "far", "far"]
    # the ordered categoricals keep that order in every table
    assert list(small.studies["modality_id"].cat.categories) == ORDER
    assert list(small.families["family"].astype(str)) == list(small.modalities["family"].cat.categories)
    assert list(small.modalities["temporal_resolution"].cat.categories) == ["slow", "medium", "fast"]
    assert list(small.scales["scale"].cat.categories) == list(SCALES)


def test_modalities_of_a_family(small: Dataset):
    assert list(small.modalities_of("near")["modality_id"].astype(str)) == ["micro", "slice", "nova"]
    assert list(small.modalities_of("far")["modality_id"].astype(str)) == ["body-scan", "sono"]


def test_studies_are_sorted_by_modality_then_reference(small: Dataset):
    # studies.csv lists s-7-sono before s-4-micro; the added study has no ref: it comes last in slice
    assert list(small.studies["study_id"].astype(str)) == [
        "s-4-micro",
        "s-4-micro-2",
        "s-5-slice",
        "s-6-slice",
        "s-added2024-slice",
        "s-1-body-scan",
        "s-2-body-scan",
        "s-3-sono",
        "s-7-sono",
    ]


def test_depth_and_resolution_numbers_are_read_as_metres(small: Dataset):
    depth = small.modalities.set_index(small.modalities["modality_id"].astype(str))
    assert depth.loc["sono", "depth_min_m"] == 0.01 and depth.loc["sono", "depth_max_m"] == 0.02  # 1-2 cm
    assert depth.loc["micro", "depth_max_m"] == 0.001  # ~1 mm
    assert depth["depth_max_m"].isna().tolist() == [False, True, False, True, False]  # Not applicable, Whole body
    kinds = dict(zip(small.resolution["label"].astype(str), small.resolution["qualifier"].astype(str), strict=True))
    assert kinds == {
        "Subcellular": "qualitative",
        "5 μm": "exact",
        "Sub-μm": "upper-bound",
        "~20 μm": "approximate",
        "~4 mm": "approximate",
        "< 1 mm": "upper-bound",
        "50-500 μm": "range",
    }


# --- rows added to this copy ---------------------------------------------------------------------


def test_is_added_marks_the_rows_whose_source_is_not_the_review(small: Dataset):
    # studies.csv: only s-added2024-slice has source added2024
    added = small.studies.loc[small.is_added(small.studies), "study_id"].astype(str)
    assert list(added) == ["s-added2024-slice"]
    assert list(small.modalities.loc[small.is_added(small.modalities), "modality_id"].astype(str)) == ["nova"]
    assert not small.is_added(small.families).any() and not small.is_added(small.quotes).any()


def test_review_only_drops_exactly_the_added_rows(small: Dataset):
    # added2024 rows: modalities 1 (nova), resolution 1, approaches 3, assessments 2, scales 2,
    # studies 1 (s-added2024-slice), properties 2; none in families, abbreviations, quotes
    review = small.review_only()
    counts = {
        "families": 2,
        "modalities": 4,
        "resolution": 6,
        "approaches": 14,
        "assessments": 11,
        "scales": 13,
        "studies": 8,
        "properties": 12,
        "abbreviations": 5,
        "quotes": 2,
    }
    assert {name: len(getattr(review, name)) for name in counts} == counts
    assert list(review.modalities["modality_id"].astype(str)) == ["micro", "slice", "body-scan", "sono"]
    assert "s-added2024-slice" not in set(review.studies["study_id"].astype(str))
    assert all(set(getattr(review, name)["source"].astype(str)) == {"deMaar2020"} for name in counts)
    assert review.modality_labels() == {"micro": "MIC", "slice": "SLX", "body-scan": "BSC", "sono": "SNO"}
    # the original is untouched (a frozen dataclass; review_only returns a new one)
    assert len(small.studies) == 9


def test_modality_labels_mark_the_added_modality(small: Dataset):
    labels = small.modality_labels()
    assert labels == LABELS
    assert list(labels) == ORDER


# --- the studies: evidence rows, counts by paper, coverage and gaps ------------------------------


def test_evidence_rows_keep_only_studies_imaged_with_the_modality(small: Dataset):
    rows = evidence_rows(small)
    # s-6-slice is histology: not evidence. Per study, scales x aspects:
    # s-1 2x1, s-2 1x2, s-3 2x1, s-4-micro 2x1, s-4-micro-2 1x1, s-5 1x1, s-7 (no scale) 1x1, added 1x1
    per_study = rows["study_id"].astype(str).value_counts().to_dict()
    assert per_study == {
        "s-1-body-scan": 2,
        "s-2-body-scan": 2,
        "s-3-sono": 2,
        "s-4-micro": 2,
        "s-4-micro-2": 1,
        "s-5-slice": 1,
        "s-7-sono": 1,
        "s-added2024-slice": 1,
    }
    assert len(rows) == 12
    assert list(rows.columns) == [
        "study_id",
        "ref",
        "cite_key",
        "credit_key",
        "source",
        "added",
        "modality_id",
        "modality",
        "scale",
        "aspect",
        "setting",
        "label",
    ]
    s7 = rows[rows["study_id"] == "s-7-sono"].iloc[0]
    assert s7["scale"] != s7["scale"] and s7["setting"] != s7["setting"]  # NaN: not stated
    assert s7["label"] == "[7] SNO, setting not stated"
    added = rows[rows["study_id"] == "s-added2024-slice"].iloc[0]
    assert (
        bool(added["added"])
        and added["label"] == "[added: added2024] TB, rats (not in the review; not checked against a stored text)"
    )
    assert set(rows.loc[rows["study_id"] == "s-5-slice", "label"]) == {"[5] TA, patients"}


def test_study_matrix_counts_papers_not_rows(small: Dataset):
    # micro x cellular: two rows of ref4 (s-4-micro drug, s-4-micro-2 nanoparticle): one paper
    rows = evidence_rows(small)
    assert ((rows["modality_id"] == "micro") & (rows["scale"] == "cellular")).sum() == 2
    matrix = study_matrix(small)
    assert list(matrix.index) == ORDER and list(matrix.columns) == list(SCALES)
    assert matrix.to_numpy().tolist() == [
        # patient, organism, organ-tumour, tissue, cellular, subcellular
        [0, 0, 0, 0, 1, 1],  # micro: ref4
        [0, 0, 0, 2, 0, 0],  # slice: ref5 (clinical) and added2024 (preclinical); ref6 is histology
        [0, 0, 0, 0, 0, 0],  # nova
        [1, 0, 2, 0, 0, 0],  # body-scan: ref1 patient+organ, ref2 organ
        [0, 0, 0, 1, 1, 0],  # sono: ref3 tissue+cellular; ref7 states no scale
    ]


@pytest.mark.parametrize(
    ("aspect", "setting", "expected"),
    [
        (None, "clinical", [[0] * 6, [0, 0, 0, 1, 0, 0], [0] * 6, [1, 0, 1, 0, 0, 0], [0] * 6]),
        (
            None,
            "preclinical",
            [[0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 0, 0], [0] * 6, [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 1, 0]],
        ),
        ("nanoparticle", None, [[0, 0, 0, 0, 1, 0], [0] * 6, [0] * 6, [1, 0, 2, 0, 0, 0], [0] * 6]),
        ("drug", "preclinical", [[0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 0, 0], [0] * 6, [0, 0, 1, 0, 0, 0], [0] * 6]),
        ("environment", None, [[0] * 6, [0] * 6, [0] * 6, [0] * 6, [0, 0, 0, 1, 1, 0]]),
    ],
)
def test_study_matrix_filters(small: Dataset, aspect, setting, expected):
    assert study_matrix(small, aspect=aspect, setting=setting).to_numpy().tolist() == expected


def test_study_matrix_of_the_review_only(small: Dataset):
    # without the added study, slice x tissue has ref5 only
    assert study_matrix(small.review_only()).loc["slice", "tissue"] == 1


def test_evidence_counts(small: Dataset):
    counts = evidence_counts(small)
    assert len(counts) == 5 * len(SCALES) * len(ASPECTS) * len(SETTINGS)
    # 11 (cell, paper) pairs: the 12 evidence rows less s-7-sono (no scale, no setting)
    assert counts["n_studies"].sum() == 11
    cell = counts.set_index(["modality_id", "scale", "aspect", "setting"])
    assert cell.loc[("micro", "cellular", "drug", "preclinical"), "study_ids"] == ["s-4-micro"]
    assert cell.loc[("micro", "cellular", "nanoparticle", "preclinical"), "study_ids"] == ["s-4-micro-2"]
    added = cell.loc[("slice", "tissue", "drug", "preclinical")]
    assert (added["n_studies"], added["study_ids"], added["refs"]) == (1, ["s-added2024-slice"], [])
    both = cell.loc[("body-scan", "organ-tumour", "nanoparticle", "clinical")]
    assert (both["n_studies"], both["refs"]) == (1, [1])
    assert cell.loc[("body-scan", "organ-tumour", "nanoparticle", "preclinical"), "refs"] == [2]


def test_coverage_statuses(small: Dataset):
    table = coverage(small).set_index(["modality_id", "scale", "setting"])
    assert len(table) == 5 * len(SCALES) * 3
    status = table["status"]
    # scales.csv: body-scan patient clinical + studies s-1 (clinical)
    assert status[("body-scan", "patient", "clinical")] == "stated and cited"
    # body-scan organism preclinical is stated (line 18), no preclinical study at organism scale
    assert status[("body-scan", "organism", "preclinical")] == GAP
    # s-3-sono images cellular scale preclinically; no scales row says sono images cells
    assert status[("sono", "cellular", "preclinical")] == "cited, not stated"
    assert status[("sono", "cellular", ALL)] == "cited, not stated"
    # sono organ-tumour: stated in both settings; s-7 is about sono but states no scale
    assert status[("sono", "organ-tumour", ALL)] == GAP
    assert status[("sono", "tissue", "clinical")] == "not stated possible"
    assert status[("micro", "tissue", ALL)] == GAP  # stated for the group only
    assert table.loc[("slice", "tissue", "preclinical"), "study_ids"] == ["s-added2024-slice"]
    assert table.loc[("slice", "tissue", ALL), "study_ids"] == ["s-5-slice", "s-added2024-slice"]
    assert table.loc[("slice", "tissue", ALL), "n_studies"] == 2
    assert table.loc[("micro", "cellular", ALL), "n_studies"] == 1  # two rows of ref4
    assert table.loc[("nova", "tissue", "preclinical"), "modality"] == "NOV (added)"
    assert list(coverage(small)["status"].cat.categories) == list(STATUSES)


def test_gaps(small: Dataset):
    table = gaps(small)
    # 90 cells (5 modalities x 6 scales x clinical/preclinical/all), 16 of them with a study:
    # micro cellular P+all, subcellular P+all; slice tissue C, P, all; body-scan patient C+all,
    # organ C, P, all; sono tissue P+all, cellular P+all
    assert len(table) == 90 - 16
    possible = {(str(r.modality_id), str(r.scale), str(r.setting)) for r in table.itertuples() if r.stated_possible}
    assert possible == {
        ("micro", "tissue", "preclinical"),
        ("micro", "tissue", ALL),
        ("slice", "cellular", "preclinical"),
        ("slice", "cellular", ALL),
        ("nova", "tissue", "preclinical"),
        ("nova", "tissue", ALL),
        ("nova", "cellular", "preclinical"),
        ("nova", "cellular", ALL),
        ("body-scan", "organism", "preclinical"),
        ("body-scan", "organism", ALL),
        ("sono", "organ-tumour", "clinical"),
        ("sono", "organ-tumour", "preclinical"),
        ("sono", "organ-tumour", ALL),
    }
    assert set(table.loc[table["stated_possible"], "status"]) == {GAP}
    assert set(table.loc[~table["stated_possible"], "status"]) == {"not stated possible"}


# --- validation: each domain rule, on a scratch copy ------------------------------------------------


def only_problem(data_dir: Path) -> str:
    problems = validate(data_dir).problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    return str(problems[0])


def where(data_dir: Path, file: str, row: int, field: str) -> str:
    return f"{display_path(data_dir / file)}:{row}: {field}:"


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
