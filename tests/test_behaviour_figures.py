"""Behaviour of the figures on the small synthetic package (tests/fixtures/small-package/).

Expected values are written out by hand from the package's CSV files (comments name the rows);
none is computed with the code under test. Charts are also drawn by Vega (vl-convert) where what
the reader sees matters more than the spec's shape.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import math
import pkgutil
import re
from collections import Counter
from dataclasses import replace

import pytest
import vl_convert

from json_tree import dicts_in
from nanoimaging import Dataset, UnknownValueError
from nanoimaging.figures import matrices, resolution, study_list, table1
from nanoimaging.figures.display import Figure, _vl_version
from nanoimaging.figures.evidence_map import ASPECT_PARAM, SETTING_PARAM, evidence_map
from nanoimaging.figures.matrices import (
    GROUP_OPACITY,
    aspect_items,
    aspect_matrix_frame,
    scale_coverage,
    scale_matrix,
    scale_matrix_frame,
)
from nanoimaging.figures.resolution import resolution_depth, resolution_points, resolution_speed
from nanoimaging.figures.resolution_marks import LEADERS
from nanoimaging.figures.study_list import ADDED_BLOCK_CLASS, REVIEW_ONLY_TOGGLE, studies_markdown
from nanoimaging.figures.table1 import table1_html
from nanoimaging.figures.theme import NARROW_WIDTH

ADDED_NOTE = '<span class="t1-added-note">added, not in the review: added2024</span>'


def scene(spec: dict, values: dict | None = None) -> dict:
    spec = copy.deepcopy(spec)
    for param in spec.get("params", []):
        if values and param["name"] in values:
            param["value"] = values[param["name"]]
    return vl_convert.vegalite_to_scenegraph(spec, vl_version=_vl_version(spec))


# --- Table 1 -------------------------------------------------------------------------------------


def body(html: str, modality_id: str) -> str:
    return re.search(rf'<tr data-modality="{modality_id}"[^>]*>.*?</tr>', html).group(0)


def cells(html: str, modality_id: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", body(html, modality_id))


def test_table1_rows_per_family_block(small: Dataset):
    html = table1_html(small)
    blocks = re.findall(r'<tbody data-family="([a-z-]+)">(.*?)</tbody>', html)
    # families by position: near (micro, slice, nova), then far (body-scan, sono)
    assert [(family, re.findall(r'<tr data-modality="([a-z-]+)"', rows)) for family, rows in blocks] == [
        ("near", ["micro", "slice", "nova"]),
        ("far", ["body-scan", "sono"]),
    ]
    assert '<tr class="t1-family"><th scope="rowgroup" colspan="9">Near-field imaging</th></tr>' in html
    assert html.count("<tr data-modality=") == 5


def test_table1_items_as_printed(small: Dataset):
    html = table1_html(small)
    # micro: approaches (drug 1, nanoparticle 2, environment 1), resolution, speed, depth, strengths, limitations
    assert cells(html, "micro") == [
        "Fluorescent drug",
        "<ul><li>Dye-labelled NP</li><li>Quantum dots &lt;10 nm &amp; dyes</li></ul>",  # escaped
        "Vessel dyes",
        "Subcellular",
        "Fast",
        "~1 mm",
        "High resolution",
        "<ul><li>Labelling often required</li><li>Shallow depth</li></ul>",
    ]
    # body-scan: values with a technique and a setting each are grouped under setting headings
    assert cells(html, "body-scan")[3] == (
        '<span class="t1-setting">Clinical:</span><br>~4 mm (PX)<br>'
        '<span class="t1-setting">Preclinical:</span><br>&lt; 1 mm (PX)'
    )
    assert cells(html, "slice")[3] == "5 μm (TA)<br>Sub-μm (TB)"  # techniques, no setting
    assert cells(html, "sono")[3:6] == ["50-500 μm", "Medium", "1-2 cm"]
    assert cells(html, "slice")[5] == "Not applicable" and cells(html, "body-scan")[5] == "Whole body"
    assert (
        '<p class="table1-footnote">BSC: body scanner; MIC: micro imaging camera; NP: nanoparticle; '
        "SLX: slice spectrometry; SNO: sonic observer.</p>" in html
    )


def test_table1_marks_the_added_modality(small: Dataset):
    html = table1_html(small)
    row = body(html, "nova")
    assert row.startswith('<tr data-modality="nova" class="t1-added" data-source="added2024">')
    assert f'<th scope="row" id="t1-nova">NOV {ADDED_NOTE}</th>' in row
    assert cells(html, "nova") == [
        f'<span class="t1-added">Novel drug probe {ADDED_NOTE}</span>',
        f'<span class="t1-added">Novel NP probe {ADDED_NOTE}</span>',
        f'<span class="t1-added">Novel oxygen probe {ADDED_NOTE}</span>',
        f'<span class="t1-added">~20 μm {ADDED_NOTE}</span>',
        "Medium",
        "5 mm",
        f'<span class="t1-added">Fast novel contrast {ADDED_NOTE}</span>',
        f'<span class="t1-added">Not yet validated {ADDED_NOTE}</span>',
    ]
    assert html.count('class="t1-added"') == 1 + 6  # the row, and its six added items (speed and depth are not)
    assert REVIEW_ONLY_TOGGLE in html and html.index(REVIEW_ONLY_TOGGLE) < html.index("<table")
    # the other rows carry no mark
    assert "t1-added" not in body(html, "slice") and "t1-added" not in body(html, "sono")


def test_table1_of_the_review_only_or_one_family(small: Dataset):
    review = table1_html(small.review_only())
    assert "t1-added" not in review and REVIEW_ONLY_TOGGLE not in review
    assert re.findall(r'<tr data-modality="([a-z-]+)"', review) == ["micro", "slice", "body-scan", "sono"]
    far = table1_html(small, family="far")
    assert far.count("<tbody") == 1 and re.findall(r'<tr data-modality="([a-z-]+)"', far) == ["body-scan", "sono"]
    assert REVIEW_ONLY_TOGGLE not in far  # nothing added in this block
    assert REVIEW_ONLY_TOGGLE in table1_html(small, family="near")


def test_table1_escapes_markup_in_the_data(small: Dataset):
    approaches = small.approaches.copy()
    approaches["text"] = approaches["text"].astype(object)
    approaches.loc[0, "text"] = '<script>alert("x")</script>'
    html = table1_html(replace(small, approaches=approaches))
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- resolution charts -----------------------------------------------------------------------------


def test_resolution_points(small: Dataset):
    points = resolution_points(small)
    # resolution.csv in Table 1 order: micro, slice (2), nova, body-scan (2), sono
    assert list(points["label"]) == ["MIC", "TA", "TB", "NOV (added)", "PX (clinical)", "PX (preclinical)", "SNO"]
    assert list(points["marker"]) == [
        "setting not printed",  # Subcellular
        "setting not printed",  # 5 μm
        "upper bound (< x, no lower value)",  # Sub-μm
        "setting not printed",  # ~20 μm
        "clinical",  # ~4 mm
        "upper bound (< x, no lower value)",  # < 1 mm (preclinical)
        "setting not printed",  # 50-500 μm
    ]
    y = list(points["y"])
    assert y[0] is None or math.isnan(y[0])  # a word: no number
    # a point at its value; an upper bound at its upper value; a range at its geometric middle
    assert y[1:] == pytest.approx([5e-6, 1e-6, 2e-5, 4e-3, 1e-3, math.sqrt(5e-5 * 5e-4)])
    assert list(points["has_number"]) == [False, True, True, True, True, True, True]
    sono = points.iloc[6]
    assert (sono["y_low"], sono["y_high"]) == pytest.approx((5e-5, 5e-4))
    assert (sono["x_low"], sono["x_high"], sono["x"]) == pytest.approx((0.01, 0.02, math.sqrt(0.01 * 0.02)))
    assert list(points["depth_column"].fillna("")) == [
        "",
        "Not applicable",
        "Not applicable",
        "",
        "Whole body",
        "Whole body",
        "",
    ]
    assert list(points["family_label"]) == ["Near-field imaging"] * 4 + ["Far-field imaging"] * 3


def test_resolution_points_flag_the_added_value(small: Dataset):
    points = resolution_points(small)
    assert list(points["added"]) == [False, False, False, True, False, False, False]
    nova = points.iloc[3]
    assert nova["modality"] == "NOV (added)" and nova["label"] == "NOV (added)"
    assert nova["source"] == "added, not in the review (added2024)"
    assert set(points.loc[~points["added"], "source"]) == {"de Maar et al. 2020, Table 1"}
    far = resolution_points(small, family="far")
    assert list(far["label"]) == ["PX (clinical)", "PX (preclinical)", "SNO"]


def test_resolution_depth_draws_the_added_value_hollow(small: Dataset):
    figure = resolution_depth(small)
    points = [
        node
        for node in dicts_in(figure.spec)
        if isinstance(node.get("mark"), dict) and node["mark"].get("type") == "point"
    ]
    hollow = [p for p in points if p["mark"].get("filled") is False]
    assert hollow and all(p["transform"] == [{"filter": "datum.added"}] for p in hollow)
    # drawn: the only hollow symbol is nova's (~20 μm at 5 mm)
    symbols = [
        item
        for node in dicts_in(scene(figure.spec))
        if node.get("marktype") == "symbol" and node.get("role") == "mark"
        for item in node["items"]
    ]
    assert len(symbols) == 7
    transparent = [s for s in symbols if s.get("fill") == "transparent"]
    assert len(transparent) == 1 and "Spatial resolution (as printed): ~20 μm" in transparent[0]["description"]
    assert transparent[0]["stroke"] == "#0072B2"  # near's colour, from families.csv
    assert sorted(s["shape"] for s in symbols) == sorted(
        ["diamond", "diamond", "triangle-down", "diamond", "circle", "triangle-down", "diamond"]
    )


def test_resolution_depth_and_speed_text(small: Dataset):
    depth = resolution_depth(small)
    assert depth.name == "resolution-depth"
    assert depth.alt == (
        "Scatter plot of 7 spatial-resolution values printed in Table 1 or added to this copy (1 added, drawn hollow) for 5 modalities, against imaging "
        "depth, both on logarithmic axes in metres. Each value counts with the finest number it prints, as in the "
        "chooser (a range counts with its lower end, an upper bound with its bound): the finest number printed is 1 µm (TB "
        "of SLX, printed 'Sub-μm', an upper bound); the coarsest is 4 mm (PX (clinical) of BSC, printed '~4 mm'). Depth printed as "
        "'Whole body': BSC. Depth printed as "
        "'Not applicable': SLX. MIC resolution is printed as 'Subcellular' (no number), at depth '~1 mm'."
    )
    speed = resolution_speed(small, family="near")
    assert speed.name == "resolution-speed-near"
    assert speed.alt.endswith("Slow: SLX; Medium: NOV (added); Fast: MIC.")


# --- matrices --------------------------------------------------------------------------------------


def test_scale_coverage_codes(small: Dataset):
    table = scale_coverage(small).set_index(["modality_id", "scale"])
    # scales.csv: micro tissue preclinical (group only); sono organ-tumour clinical (group) + preclinical
    expected = {
        ("micro", "tissue"): ("preclinical only", "its group only (*)", "P*"),
        ("micro", "cellular"): ("preclinical only", "this modality", "P"),
        ("micro", "patient"): ("not stated", "", ""),
        ("slice", "tissue"): ("clinical and preclinical", "this modality", "C+P"),
        ("nova", "cellular"): ("preclinical only", "this modality", "P"),
        ("body-scan", "patient"): ("clinical only", "this modality", "C"),
        ("body-scan", "organism"): ("preclinical only", "this modality", "P"),
        ("sono", "organ-tumour"): ("clinical and preclinical", "this modality, * its group only", "C*+P"),
        ("sono", "tissue"): ("preclinical only", "this modality", "P"),
    }
    for key, values in expected.items():
        assert tuple(table.loc[key, ["coverage", "stated_for", "code"]]) == values, key
    assert (table["code"] != "").sum() == 12  # the 15 statements of scales.csv fill 12 cells
    assert table.loc[("micro", "tissue"), "evidence"] == (
        "preclinical (stated for the group): \u201cNear-field methods show the tissue of animals at close range."
        "\u201d (3. Near-field imaging / 3.1 Micro imaging, line 34)"
    )
    assert table.loc[("nova", "tissue"), "evidence"] == (
        "preclinical (stated for this modality): \u201cNOV images living tissue\u201d "
        "(added, not in the review (added2024))"
    )
    assert table.loc[("micro", "patient"), "evidence"] == "No row of scales.csv codes a use at this scale."
    assert table.loc[("nova", "tissue"), "modality"] == "NOV (added)"


def test_scale_matrix_frame(small: Dataset):
    frame = scale_matrix_frame(small)
    assert list(frame.index) == ["micro", "slice", "nova", "body-scan", "sono"]
    assert frame.loc["sono"].tolist() == [
        "not stated",
        "not stated",
        "clinical and preclinical",
        "preclinical only",
        "not stated",
        "not stated",
    ]
    assert list(scale_matrix_frame(small, family="far").index) == ["body-scan", "sono"]


def test_scale_matrix_spec_makes_group_only_cells_lighter(small: Dataset):
    figure = scale_matrix(small)
    (opacity,) = [layer["encoding"]["opacity"] for layer in figure.spec["layer"] if "opacity" in layer["encoding"]]
    lookup = dict(zip(opacity["scale"]["domain"], opacity["scale"]["range"], strict=True))
    assert lookup["its group only (*)"] == GROUP_OPACITY < 1
    assert lookup["this modality"] == lookup["this modality, * its group only"] == lookup[""] == 1
    assert "MIC: tissue (P*), cellular (P), subcellular (P)." in figure.alt
    assert "SNO: organ / tumour (C*+P), tissue (P)." in figure.alt


def test_scale_matrix_draws_group_only_cells_lighter(small: Dataset):
    figure = scale_matrix(small)
    rects = [
        item
        for node in dicts_in(scene(figure.spec))
        if node.get("marktype") == "rect" and node.get("role") == "mark"
        for item in node["items"]
    ]
    micro_tissue = next(r for r in rects if "Scale: Tissue; modality: MIC;" in r.get("description", ""))
    slice_tissue = next(r for r in rects if "Scale: Tissue; modality: SLX;" in r.get("description", ""))
    assert slice_tissue["opacity"] == 1
    assert micro_tissue["opacity"] == GROUP_OPACITY


def test_aspect_matrix(small: Dataset):
    frame = aspect_matrix_frame(small)
    # approaches.csv: micro lists 2 nanoparticle items, body-scan 2 environment items, the rest 1
    assert frame.to_numpy().tolist() == [[1, 2, 1], [1, 1, 1], [1, 1, 1], [1, 1, 2], [1, 1, 1]]
    items = aspect_items(small).set_index(["modality_id", "aspect"])
    assert items.loc[("micro", "nanoparticle"), "approaches"] == "Dye-labelled NP \u2022 Quantum dots <10 nm & dyes"


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
        "Evidence map of the 7 papers described imaging with one of the modalities "
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
        "An added study measured the drug in rat tumour sections\\. |"
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


# --- layouts: every chart fits a desktop page, and a phone's through its narrow layout ------------

#: The widest a chart's wide layout may be (pixels, labels and legends included): the book's article column.
WIDE_WIDTH = 900
#: The smallest text a chart may set (pixels); the browser test checks it as drawn, at 1280 and 400 px.
SMALLEST_TEXT = 10


def chart_functions() -> list:
    """Every public function of the figures and choose layers that draws a :class:`Figure` (a chart) from a Dataset."""
    found = {}
    for package in map(importlib.import_module, ("nanoimaging.figures", "nanoimaging.choose")):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if not name.startswith("_") and function.__module__ == module.__name__:
                    signature = inspect.signature(function)
                    first = next(iter(signature.parameters.values()), None)
                    drawn_from_data = first is not None and first.annotation in (Dataset, "Dataset")
                    if drawn_from_data and signature.return_annotation in (Figure, "Figure"):
                        found[f"{function.__module__}.{name}"] = function
    return [found[key] for key in sorted(found)]


def test_chart_functions_are_found():
    names = {f.__name__ for f in chart_functions()}
    # the notebooks' charts, as a check that the search finds them (it is not the list the tests use)
    assert {"resolution_depth", "scale_matrix", "evidence_map", "chooser_chart"} <= names


#: Charts already drawn, by (function, id of the data): three tests read each, and drawing is most of their time.
_DRAWN: dict[tuple[object, int], tuple[Dataset, list[tuple[str, Figure]]]] = {}


def charts_of(function, data: Dataset) -> list[tuple[str, Figure]]:
    """The charts ``function`` draws from ``data``: of the whole package, and of each family if it takes one.

    Drawn once per function and data (kept with the data, so that its id names it while kept);
    the tests only read them.
    """
    key = (function, id(data))
    if key not in _DRAWN:
        charts = [("all", function(data))]
        if "family" in inspect.signature(function).parameters:
            charts += [(family, function(data, family=family)) for family in data.families["family"]]
        _DRAWN[key] = (data, charts)
    return _DRAWN[key][1]


def text_sizes(graph: dict) -> list[tuple[str, float | None]]:
    """(text, font size) of every text Vega draws in a scenegraph (marks, axes, legends, titles)."""
    return [
        (str(item.get("text")), item.get("fontSize"))
        for node in dicts_in(graph)
        if node.get("marktype") == "text"
        for item in node.get("items", [])
        if item.get("text") not in (None, "", [])
    ]


def texts_too_small(graph: dict) -> list[tuple[str, float | None]]:
    """The texts of a scenegraph set under SMALLEST_TEXT px, or with no size at all."""
    return [(t, size) for t, size in text_sizes(graph) if size is None or size < SMALLEST_TEXT]


def marks_drawn(graph: dict) -> Counter:
    """What the marks of a scenegraph draw, layout aside: (mark type, text with line breaks read as spaces).

    Lines that lead to a label set off from its point are layout, not data (resolution_marks.LEADERS).
    """
    return Counter(
        (node["marktype"], " ".join(str(item.get("text", "")).split()))
        for node in dicts_in(graph)
        if node.get("role") == "mark"
        and node.get("marktype") != "group"
        and not str(node.get("name", "")).startswith(LEADERS + "_")
        for item in node.get("items", [])
    )


@pytest.mark.parametrize("function", chart_functions(), ids=lambda f: f.__name__)
def test_wide_layout_fits_the_article_and_sets_no_text_under_10_px(small: Dataset, function):
    for family, chart in charts_of(function, small):
        graph = scene(chart.spec)
        assert graph["width"] <= WIDE_WIDTH, f"{chart.name} ({family}): {graph['width']} px wide"
        small_texts = texts_too_small(graph)
        assert not small_texts, f"{chart.name} ({family}): {small_texts}"


@pytest.mark.parametrize("function", chart_functions(), ids=lambda f: f.__name__)
def test_a_chart_too_wide_for_a_phone_has_a_narrow_layout_that_fits_at_the_same_text_sizes(small: Dataset, function):
    for family, chart in charts_of(function, small):
        wide = scene(chart.spec)
        if wide["width"] <= NARROW_WIDTH and chart.narrow is None:
            continue  # fits a phone as it is
        assert chart.narrow is not None, f"{chart.name} ({family}) is {wide['width']} px wide and has no narrow layout"
        narrow = scene(chart.narrow)
        assert narrow["width"] <= NARROW_WIDTH, f"{chart.name} ({family}): narrow layout {narrow['width']} px wide"
        small_texts = texts_too_small(narrow)
        assert not small_texts, f"{chart.name} ({family}): {small_texts}"


@pytest.mark.parametrize("function", chart_functions(), ids=lambda f: f.__name__)
def test_the_narrow_layout_draws_what_the_wide_one_draws(small: Dataset, function):
    for family, chart in charts_of(function, small):
        if chart.narrow is not None:
            assert marks_drawn(scene(chart.narrow)) == marks_drawn(scene(chart.spec)), f"{chart.name} ({family})"


def test_the_narrow_evidence_map_answers_its_menus_as_the_wide_one(small: Dataset):
    chart = evidence_map(small)
    for values in ({ASPECT_PARAM: "drug"}, {SETTING_PARAM: "clinical"}):
        assert marks_drawn(scene(chart.narrow, values)) == marks_drawn(scene(chart.spec, values)), values


def test_legend_symbols_are_drawn_in_ink_the_dark_mode_can_swap(small: Dataset):
    """A legend symbol in a colour outside theme.DARK_INK would keep its light-page colour in dark mode."""
    from nanoimaging.figures.display import to_vega
    from nanoimaging.figures.theme import DARK_INK

    for build in (resolution.resolution_depth, resolution.resolution_speed):
        vega = to_vega(build(small).spec)
        fills = [
            node["encode"]["symbols"]["update"]["fill"].get("value")
            for node in dicts_in(vega)
            if "title" in node
            and isinstance(node.get("encode", {}).get("symbols", {}).get("update", {}).get("fill"), dict)
        ]
        assert "black" not in fills, f"{build.__name__}: a legend draws black symbols"
        legends = [n for n in dicts_in(vega) if n.get("shape") == "shape" and "title" in n]
        assert legends and all(n.get("symbolFillColor") in DARK_INK for n in legends), legends
