"""Behaviour of the studies (evidence rows, counts by paper, coverage and gaps) on the small synthetic
package (tests/fixtures/small-package/).

The expected answers are written out by hand from the CSV files (comments name the rows that give them);
none is computed with the code under test.
"""

from __future__ import annotations

import pytest

from nanoimaging import Dataset
from nanoimaging.data.studies import ALL, GAP, STATUSES, coverage, evidence_counts, evidence_rows, gaps, study_matrix
from nanoimaging.data.vocabulary import ASPECTS, SCALES, SETTINGS
from small_package import SMALL_ORDER

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
    assert list(matrix.index) == SMALL_ORDER and list(matrix.columns) == list(SCALES)
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
