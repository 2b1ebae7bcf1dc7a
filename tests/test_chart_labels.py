"""Where chart labels go, and what legends and tooltips list (figures.label_layout, figures.resolution_marks).

The browser test (tests/site/test_chart_text.py) checks the drawn charts; these check the rules
behind them on made-up points and on the small synthetic package.
"""

from __future__ import annotations

import math

from json_tree import dicts_in
from nanoimaging import Dataset
from nanoimaging.figures.evidence_map import BOLD_WIDTH, smallest_area
from nanoimaging.figures.label_layout import MARKER_HALF, place_labels, text_width
from nanoimaging.figures.resolution import depth_words, resolution_depth, resolution_points
from nanoimaging.figures.resolution_marks import tooltips
from nanoimaging.figures.theme import CELL_TEXT_SIZE


def _apart(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_labels_of_crowded_points_stay_apart_off_the_points_and_inside_the_panel():
    points = [(100.0 + 9 * i, 100.0 + (i % 3) * 4) for i in range(8)]  # a tight row, as in a crowded column
    texts = [f"Modality {i} (preclinical)" for i in range(8)]
    offsets = place_labels(points, texts, 400, 250)
    boxes = [o.box for o in offsets]
    assert all(_apart(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    markers = [(x - MARKER_HALF, y - MARKER_HALF, x + MARKER_HALF, y + MARKER_HALF) for x, y in points]
    assert all(_apart(box, marker) for box in boxes for marker in markers)
    assert all(box[0] >= 0 and box[1] >= 0 and box[2] <= 400 and box[3] <= 250 for box in boxes)
    assert place_labels(points, texts, 400, 250) == offsets  # the same every time


def test_a_label_set_off_from_its_point_has_a_line_to_it_and_one_beside_it_none():
    points = [(100.0 + 9 * i, 100.0) for i in range(6)]
    offsets = place_labels(points, [f"Label number {i}" for i in range(6)], 400, 250)
    beside = [o for o in offsets if abs(o.dy) <= 8]
    further = [o for o in offsets if abs(o.dy) > 8]
    assert beside and further, [(o.dx, o.dy) for o in offsets]
    assert all(o.leader == (0.0, 0.0, 0.0, 0.0) for o in beside)
    assert all(o.leader[3] == o.dy and abs(o.leader[1]) == MARKER_HALF for o in further)


def test_text_width_grows_with_the_text_and_its_size():
    assert text_width("MRI (preclinical)", 10) > text_width("MRI", 10) > 0
    assert text_width("MRI", 20) == 2 * text_width("MRI", 10)


def test_tooltips_leave_out_empty_rows(small: Dataset):
    tips = tooltips(resolution_points(small)).set_index("label")["tip"]
    assert "Technique" not in tips["SNO"]  # sono: no technique printed
    assert tips["PX (clinical)"]["Technique"] == "PX"
    assert all(str(value).strip() for tip in tips for value in tip.values())


def _scale_domain(spec: dict, field: str) -> list:
    domains = [n["scale"]["domain"] for n in dicts_in(spec) if n.get("field") == field and "scale" in n]
    assert domains, f"no scale for {field}"
    assert all(d == domains[0] for d in domains)
    return domains[0]


def test_legends_list_only_the_families_and_markers_the_chart_shows(small: Dataset):
    far = resolution_depth(small, family="far").spec
    assert _scale_domain(far, "family_label") == ["Far-field imaging"]
    # body-scan: ~4 mm clinical, < 1 mm preclinical (upper bound); sono: 50-500 μm, no setting
    assert _scale_domain(far, "marker") == ["clinical", "setting not printed", "upper bound (< x, no lower value)"]
    assert _scale_domain(resolution_depth(small).spec, "family_label") == ["Near-field imaging", "Far-field imaging"]


def test_a_column_of_depths_printed_as_words_only_for_words_the_rows_have(small: Dataset):
    assert depth_words(resolution_points(small)) == ["Whole body", "Not applicable"]
    assert depth_words(resolution_points(small, family="near")) == ["Not applicable"]  # slice
    near = resolution_depth(small, family="near").spec
    titles = [n.get("title") for n in dicts_in(near) if isinstance(n.get("axis"), dict) or "labelExpr" in n]
    assert "Depth printed as a word" in str(near) and "Whole body" not in str(titles)
    no_words = resolution_points(small, family="near")
    assert depth_words(no_words[no_words["depth_column"].isna()]) == []


def test_the_smallest_evidence_circle_holds_the_widest_count():
    for largest in (1, 9, 16, 120):
        across = 2 * math.sqrt(smallest_area(largest) / math.pi)
        assert across >= text_width(str(largest), CELL_TEXT_SIZE) * BOLD_WIDTH + 4, largest
