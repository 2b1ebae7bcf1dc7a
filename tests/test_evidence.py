"""The evidence map on the review's rows: counts checked against the CSV read independently, and the chart.
(Gaps and coverage on packages with known answers: test_behaviour_evidence.py.)

Expected counts are computed here from data/studies.csv with the csv module,
not with the code under test. The chart is also drawn (vl-convert) with its
menus set to each choice, and the counts it shows are compared with pandas:
that checks the Vega-Lite filter and aggregation, not only the spec's shape.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from pathlib import Path

import pytest

from nanoimaging.data.studies import ALL, evidence_counts, evidence_rows, study_matrix
from nanoimaging.data.vocabulary import ASPECTS, SCALE_LABELS, SCALES, SETTINGS
from nanoimaging.figures.display import Figure, to_svg
from nanoimaging.figures.evidence_map import ASPECT_PARAM, SETTING_PARAM, evidence_map
from nanoimaging.paths import REPO_ROOT
from review_rows import csv_rows


def evidence(name: str = "studies.csv", data_dir: Path = REPO_ROOT / "data") -> list[dict[str, str]]:
    """The studies that count as evidence: imaged with their modality, at a stated scale."""
    return [r for r in csv_rows(name, data_dir) if r["method"] == "modality" and r["scales"]]


def credit(row: dict[str, str]) -> str:
    """What counts once, read from the raw row: the paper, or the papers credited jointly (credit = joint)."""
    if row.get("credit") == "joint":
        return "joint:" + "+".join(str(n) for n in sorted({int(row["ref"]), *map(int, row["cited_with"].split(";"))}))
    return row["cite_key"]


def expected_cells(aspect: str | None = None, setting: str | None = None) -> dict[tuple[str, str], set[str]]:
    """(modality_id, scale) -> study ids, from the raw CSV."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in evidence():
        if setting and row["setting"] != setting:
            continue
        if aspect and aspect not in row["aspects"].split(";"):
            continue
        for scale in row["scales"].split(";"):
            cells[(row["modality_id"], scale)].add(credit(row))  # papers (or joint credits), not rows
    return cells


@pytest.fixture(scope="module")
def modality_order() -> list[str]:
    rows = sorted(csv_rows("modalities.csv"), key=lambda r: int(r["position"]))
    return [r["modality_id"] for r in rows]


# --- counts --------------------------------------------------------------------------


def test_evidence_counts_equal_the_csv(review, modality_order):
    expected: dict[tuple, set[str]] = defaultdict(set)
    refs: dict[str, int] = {}
    papers: dict[str, str] = {}
    for row in evidence():
        refs[row["study_id"]], papers[row["study_id"]] = int(row["ref"]), credit(row)
        for scale in row["scales"].split(";"):
            for aspect in row["aspects"].split(";"):
                expected[(row["modality_id"], scale, aspect, row["setting"])].add(row["study_id"])
    counts = evidence_counts(review)
    assert len(counts) == len(modality_order) * len(SCALES) * len(ASPECTS) * len(SETTINGS)
    assert not counts.duplicated(["modality_id", "scale", "aspect", "setting"]).any()
    for row in counts.itertuples():
        ids = expected.get((row.modality_id, row.scale, row.aspect, row.setting), set())
        assert row.n_studies == len({papers[i] for i in ids}), row  # papers, not rows
        assert set(row.study_ids) == ids
        assert row.refs == sorted({refs[i] for i in ids})


def test_evidence_counts_are_in_the_review_order(review, modality_order):
    counts = evidence_counts(review)
    for column, order in (
        ("modality_id", modality_order),
        ("scale", SCALES),
        ("aspect", ASPECTS),
        ("setting", SETTINGS),
    ):
        assert counts[column].cat.ordered and list(counts[column].cat.categories) == list(order)
    keys = ["modality_id", "scale", "aspect", "setting"]
    assert counts[keys].equals(counts.sort_values(keys)[keys].reset_index(drop=True))


def test_a_study_with_two_aspects_counts_once_per_cell(review):
    rows = evidence_rows(review)
    two = next(r for r in evidence() if ";" in r["aspects"])
    scale = two["scales"].split(";")[0]
    assert (rows["study_id"] == two["study_id"]).sum() == len(two["scales"].split(";")) * len(two["aspects"].split(";"))
    assert credit(two) in expected_cells()[(two["modality_id"], scale)]
    assert study_matrix(review).loc[two["modality_id"], scale] == len(expected_cells()[(two["modality_id"], scale)])


@pytest.mark.parametrize("aspect", [None, *ASPECTS])
@pytest.mark.parametrize("setting", [None, *SETTINGS])
def test_study_matrix_equals_the_csv(review, modality_order, aspect, setting):
    matrix = study_matrix(review, aspect=aspect, setting=setting)
    assert list(matrix.index) == modality_order and list(matrix.columns) == list(SCALES)
    cells = expected_cells(aspect, setting)
    for modality in modality_order:
        for scale in SCALES:
            assert matrix.loc[modality, scale] == len(cells.get((modality, scale), ())), (modality, scale)


def test_study_matrix_refuses_an_unknown_choice(review):
    with pytest.raises(ValueError, match="aspect must be one of drug, nanoparticle, environment"):
        study_matrix(review, aspect="drugs")


# --- the chart -----------------------------------------------------------------------


def circle_counts(spec: dict, aspect: str = ALL, setting: str = ALL) -> dict[tuple[str, str], int]:
    """Draw the chart with the menus set, and read each circle's (modality, scale) and count."""
    spec = copy.deepcopy(spec)
    values = {ASPECT_PARAM: aspect, SETTING_PARAM: setting}
    for param in spec["params"]:
        param["value"] = values[param["name"]]
    svg = to_svg(spec)
    labels = re.findall(r'aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="circle"', svg)
    found = {}
    for label in labels:
        match = re.match(r"(.+), (.+) scale: (\d+) stud(?:y|ies): ", label)
        assert match, label
        found[(match.group(1), match.group(2))] = int(match.group(3))
    return found


def test_evidence_map_spec_has_menus_and_filters(review):
    fig = evidence_map(review)
    assert isinstance(fig, Figure) and fig.name == "evidence-map"
    params = {p["name"]: p for p in fig.spec["params"]}
    assert set(params) == {ASPECT_PARAM, SETTING_PARAM}
    assert params[ASPECT_PARAM]["bind"]["input"] == "select"
    assert params[ASPECT_PARAM]["bind"]["options"] == [ALL, *ASPECTS]
    assert params[SETTING_PARAM]["bind"]["options"] == [ALL, *SETTINGS]
    assert all(p["value"] == ALL for p in params.values())
    circles = next(layer for layer in fig.spec["layer"] if layer["mark"]["type"] == "circle")
    expression = circles["transform"][0]["filter"]
    assert ASPECT_PARAM in expression and SETTING_PARAM in expression
    # de-duplicated per study before counting: a study with two aspects counts once
    assert "credit_key" in circles["transform"][1]["groupby"]  # a paper (or a joint credit) counts once per cell
    assert circles["encoding"]["size"]["field"] == "n_studies"
    assert {t["field"] for t in circles["encoding"]["tooltip"]} >= {"modality", "scale_label", "n_studies", "studies"}
    y = circles["encoding"]["y"]
    assert y["sort"] == list(review.modalities["name"]) and y["scale"]["domain"] == list(review.modalities["name"])
    assert circles["encoding"]["x"]["sort"] == [SCALE_LABELS[s] for s in SCALES]


@pytest.mark.parametrize(
    ("aspect", "setting"), [(ALL, ALL), ("environment", ALL), (ALL, "clinical"), ("drug", "preclinical")]
)
def test_evidence_map_draws_the_counts(review, aspect, setting):
    names = dict(zip(review.modalities["modality_id"], review.modalities["name"], strict=True))
    cells = expected_cells(None if aspect == ALL else aspect, None if setting == ALL else setting)
    expected = {(names[m], SCALE_LABELS[s]): len(ids) for (m, s), ids in cells.items() if ids}
    assert circle_counts(evidence_map(review).spec, aspect, setting) == expected


def test_evidence_map_tooltip_lists_the_studies(review):
    svg = to_svg(evidence_map(review).spec)
    row = next(r for r in csv_rows("studies.csv") if r["subject"] and r["technique"])
    label = f"[{row['ref']}] {row['technique']}, {row['subject']}"
    assert label.replace("&", "&amp;").replace("<", "&lt;") in svg


def test_evidence_map_alt_text_comes_from_the_data(review):
    fig = evidence_map(review)
    papers = {r["cite_key"] for r in csv_rows("studies.csv") if r["method"] == "modality"}
    cells = expected_cells()
    peak = max(len(v) for v in cells.values())
    assert f"the {len(papers)} papers the review describes imaging with one of its modalities" in fig.alt
    assert f"{peak} papers" in fig.alt
    densest = [(m, s) for (m, s), v in cells.items() if len(v) == peak]
    names = dict(zip(review.modalities["modality_id"], review.modalities["name"], strict=True))
    for modality, scale in densest:
        assert f"{names[modality]} at {SCALE_LABELS[scale].lower()} scale" in fig.alt
    assert fig.spec["description"] == fig.alt
    assert fig._repr_mimebundle_()[0]["text/plain"] == "Chart: " + fig.alt
