"""Behaviour of the figures on the small synthetic package (tests/fixtures/small-package/).

Expected values are written out by hand from the package's CSV files (comments name the rows);
none is computed with the code under test. Charts are also drawn by Vega (vl-convert) where what
the reader sees matters more than the spec's shape.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest

from json_tree import dicts_in
from nanoimaging import Dataset
from nanoimaging.figures.matrices import (
    GROUP_OPACITY,
    aspect_items,
    aspect_matrix_frame,
    scale_coverage,
    scale_matrix,
    scale_matrix_frame,
)
from nanoimaging.figures.resolution import resolution_depth, resolution_points, resolution_speed
from nanoimaging.figures.study_list import REVIEW_ONLY_TOGGLE
from nanoimaging.figures.table1 import table1_html
from vega_scene import scene

ADDED_NOTE = '<span class="t1-added-note">added, not in the review: added2024</span>'


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
