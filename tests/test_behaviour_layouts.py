"""Layouts of every chart, on the small synthetic package: each fits a desktop page with no text under
10 px, and one too wide for a phone carries a narrow layout that fits, draws the same marks and answers its
menus as the wide one does; legend symbols are drawn in ink the dark mode can swap.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import Counter

import pytest

from json_tree import dicts_in
from nanoimaging import Dataset
from nanoimaging.figures import resolution
from nanoimaging.figures.display import Figure
from nanoimaging.figures.evidence_map import ASPECT_PARAM, SETTING_PARAM, evidence_map
from nanoimaging.figures.resolution_marks import LEADERS
from nanoimaging.figures.theme import NARROW_WIDTH
from vega_scene import scene

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
    charts = charts_of(function, small)
    assert charts, f"{function.__name__} drew no chart"
    for family, chart in charts:
        graph = scene(chart.spec)
        assert graph["width"] <= WIDE_WIDTH, f"{chart.name} ({family}): {graph['width']} px wide"
        small_texts = texts_too_small(graph)
        assert not small_texts, f"{chart.name} ({family}): {small_texts}"


@pytest.mark.parametrize("function", chart_functions(), ids=lambda f: f.__name__)
def test_a_chart_too_wide_for_a_phone_has_a_narrow_layout_that_fits_at_the_same_text_sizes(small: Dataset, function):
    charts = charts_of(function, small)
    assert charts, f"{function.__name__} drew no chart"
    for family, chart in charts:
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
    charts = charts_of(function, small)
    assert charts, f"{function.__name__} drew no chart"
    for family, chart in charts:
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
