"""Behaviour of the data layer on the small synthetic package (tests/fixtures/small-package/).

The expected answers are written out by hand from the package's CSV files (comments name the
rows that give them); none is computed with the code under test. The package is made up for
these tests: it is not the review's data (see its README.md).
"""

from __future__ import annotations

from pathlib import Path

from nanoimaging import Dataset, validate
from nanoimaging.data.vocabulary import SCALES
from small_package import SMALL_ORDER

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
    assert list(small.modalities["modality_id"].astype(str)) == SMALL_ORDER
    assert list(small.modalities["position"]) == [1, 2, 5, 3, 4]
    assert list(small.modalities["family"].astype(str)) == ["near", "near", "near", "far", "far"]
    # the ordered categoricals keep that order in every table
    assert list(small.studies["modality_id"].cat.categories) == SMALL_ORDER
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
    assert list(labels) == SMALL_ORDER
