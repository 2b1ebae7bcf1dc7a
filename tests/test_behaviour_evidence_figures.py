"""Behaviour of the evidence figures on the small synthetic package (tests/fixtures/small-package/): the
evidence map (data, counts as drawn, menus, text), the list of studies, and how every builder refuses an
unknown family or modality.

Expected values are written out by hand from the package's CSV files (comments name the rows); none is
computed with the code under test.
"""

from __future__ import annotations

import re

import pytest

from json_tree import dicts_in
from nanoimaging import Dataset, UnknownValueError
from nanoimaging.figures import matrices, resolution, study_list, table1
from nanoimaging.figures.evidence_map import ASPECT_PARAM, SETTING_PARAM, evidence_map
from nanoimaging.figures.study_list import ADDED_BLOCK_CLASS, REVIEW_ONLY_TOGGLE, studies_markdown
from vega_scene import scene

# --- evidence map ------------------------------------------------------------------------------------


def drawn_counts(spec: dict, values: dict | None = None) -> dict[tuple[str, str], str]:
    """(modality, scale) -> the count Vega writes in that cell."""
    graph = scene(spec, values)
    texts, rows, columns = [], [], []
    for node in dicts_in(graph):
        if node.get("marktype") != "text":
            continue
        if node.get("role") == "mark":
            texts += node["items"]
        elif node.get("role") == "axis-label":
            for item in node["items"]:
                (rows if item["x"] < 0 else columns).append(item)

    def nearest(labels, value, axis):
        return min(labels, key=lambda label: abs(label[axis] - value))["text"]

    return {(nearest(rows, t["y"], "y"), nearest(columns, t["x"], "x")): t["text"] for t in texts}


def test_evidence_map_data_and_counts(small: Dataset):
    figure = evidence_map(small)
    records = next(
        node["values"]
        for node in dicts_in(figure.spec)
        if isinstance(node.get("values"), list) and node["values"] and "credit_key" in node["values"][0]
    )
    # the 12 evidence rows less s-7-sono (no scale); s-6-slice (histology) is not evidence
    assert len(records) == 11
    papers: dict[tuple[str, str], set[str]] = {}
    for r in records:
        papers.setdefault((r["modality"], r["scale_label"]), set()).add(r["credit_key"])
    expected = {
        ("MIC", "Cellular"): {"ref4"},  # two rows of ref4
        ("MIC", "Subcellular"): {"ref4"},
        ("SLX", "Tissue"): {"ref5", "added2024"},
        ("BSC", "Patient"): {"ref1"},
        ("BSC", "Organ / tumour"): {"ref1", "ref2"},  # ref2 with two aspects
        ("SNO", "Tissue"): {"ref3"},
        ("SNO", "Cellular"): {"ref3"},
    }
    assert papers == expected
    assert drawn_counts(figure.spec) == {cell: str(len(keys)) for cell, keys in expected.items()}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {ASPECT_PARAM: "nanoparticle"},
            {("MIC", "Cellular"): "1", ("BSC", "Patient"): "1", ("BSC", "Organ / tumour"): "2"},
        ),
        (
            {SETTING_PARAM: "clinical"},
            {("SLX", "Tissue"): "1", ("BSC", "Patient"): "1", ("BSC", "Organ / tumour"): "1"},
        ),
        (
            {ASPECT_PARAM: "drug", SETTING_PARAM: "preclinical"},
            {
                ("MIC", "Cellular"): "1",
                ("MIC", "Subcellular"): "1",
                ("SLX", "Tissue"): "1",
                ("BSC", "Organ / tumour"): "1",
            },
        ),
    ],
)
def test_evidence_map_menus(small: Dataset, values, expected):
    assert drawn_counts(evidence_map(small).spec, values) == expected


def test_evidence_map_text(small: Dataset):
    alt = evidence_map(small).alt
    # papers: ref1, ref2, ref3, ref4, ref5, ref7 and added2024
    assert alt.startswith(
        "Evidence map of the 7 papers described that imaged with one of the modalities "
        "(1 of them added, not in the review): 5 modalities"
    )
    assert "Densest: SLX at tissue scale and BSC at organ / tumour scale, 2 papers." in alt
    assert (
        "6 modality-scale cells the review or a row added to this copy states possible have no described study "
        "with that scale stated: MIC tissue*; SLX cellular; NOV (added) tissue; NOV (added) cellular; BSC organism; "
        "SNO organ / tumour (* stated only for the modality's whole group)."
    ) in alt
    assert "1 paper described with no stated scale is in no cell: SNO [7]." in alt  # s-7-sono states no scale
    assert "NOV (added): no study with a stated scale." in alt and "SNO: tissue 1, cellular 1." in alt


# --- the list of studies ---------------------------------------------------------------------------------


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| {cite:p}")]


def test_studies_markdown_has_three_tables(small: Dataset):
    text = studies_markdown(small)
    assert text.startswith(REVIEW_ONLY_TOGGLE)
    assert text.count("| Reference |") == 3
    review, rest = text.split(f'<div class="{ADDED_BLOCK_CLASS}">')
    added, others = rest.split("</div>")
    # the review's studies imaged with a modality, Table 1 order then reference number
    assert [re.search(r"`(\w+)`", r).group(1) for r in table_rows(review)] == [
        "ref4",
        "ref4",
        "ref5",
        "ref1",
        "ref2",
        "ref3",
        "ref7",
    ]
    assert "**Added to this copy, not in the review:**" in added
    assert table_rows(added) == [
        "| {cite:p}`added2024` | SLX (TB) | drug | tissue | preclinical (rats) | "
        "An added study measured the drug in rat tumour sections\\. "
        "*Not in the review\\; not checked against a stored text.* |"
    ]
    assert "imaged with another method (counted for no modality)" in others
    assert table_rows(others) == [
        "| {cite:p}`ref6` | histology (filed under SLX) | environment | tissue | preclinical (mice) | "
        "Staining showed the vessels of mouse tumour sections\\. "
        "In the review: 3\\. Near\\-field imaging \\/ 3\\.2 Slice spectrometry. |"
    ]


def test_studies_markdown_cells(small: Dataset):
    rows = table_rows(studies_markdown(small))
    by_key = {}
    for row in rows:
        by_key.setdefault(re.search(r"`(\w+)`", row).group(1), []).append(row)
    # s-7-sono states neither scale nor setting
    assert "| SNO | nanoparticle | not stated | not stated |" in by_key["ref7"][0]
    # s-2-body-scan: Figure 2A, cited with 8
    assert by_key["ref2"][0].endswith(" Shown in the review's Figure 2A. The review cites it with ref. 8. |")
    # markup in a finding shows as text
    assert "found the drug in \\<5\\% of \\*tumour\\* sections \\(made up\\)\\. |" in by_key["ref5"][0]
    assert "| SLX (TA) |" in by_key["ref5"][0]


def test_studies_markdown_selections(small: Dataset):
    far = studies_markdown(small, family="far")
    assert REVIEW_ONLY_TOGGLE not in far and ADDED_BLOCK_CLASS not in far and far.count("| Reference |") == 1
    assert len(table_rows(far)) == 4  # ref1, ref2, ref3, ref7
    near = studies_markdown(small, family="near")
    assert near.startswith(REVIEW_ONLY_TOGGLE) and near.count("| Reference |") == 3
    assert studies_markdown(small, modality_id="nova") == "*The data lists no study for this selection.*"
    review = studies_markdown(small.review_only())
    assert REVIEW_ONLY_TOGGLE not in review and "added2024" not in review and review.count("| Reference |") == 2


# --- an unknown family or modality is refused the same way by every builder ---------------------------------

BUILDERS = [
    table1.table1_html,
    resolution.resolution_points,
    resolution.resolution_depth,
    resolution.resolution_speed,
    matrices.scale_coverage,
    matrices.scale_matrix_frame,
    matrices.scale_matrix,
    matrices.aspect_items,
    matrices.aspect_matrix_frame,
    matrices.aspect_matrix,
    study_list.studies_frame,
    study_list.studies_markdown,
]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_every_builder_refuses_an_unknown_family(small: Dataset, builder):
    with pytest.raises(UnknownValueError) as caught:
        builder(small, family="nowhere")
    assert str(caught.value) == "unknown family 'nowhere': the data package has near, far"
    assert (caught.value.what, caught.value.value, caught.value.allowed) == ("family", "nowhere", ["near", "far"])


def test_study_list_refuses_an_unknown_modality(small: Dataset):
    with pytest.raises(
        UnknownValueError, match="unknown modality 'mri': the data package has micro, slice, nova, body-scan, sono"
    ):
        studies_markdown(small, modality_id="mri")


def test_the_home_page_overview_is_drawn_from_the_data_it_is_given(small: Dataset):
    from nanoimaging.site.sphinx_data_chart import overview, static_figure_html

    figure = overview(small)
    html = static_figure_html(figure)
    assert figure.name == "overview" and figure.alt in html.replace("&#x27;", "'")
    assert 'data-layout="wide"' in html and "<script" not in html
    names = set(small.modalities["name"])
    assert any(name in figure.alt for name in names), "the alternative text names none of the fixture's modalities"
