"""Reading choose()'s answers in tests: the ids that fit, the check each excluded modality failed, and the
lines the interactive chart draws when Vega runs it with its menus set (vl-convert's scenegraph)."""

from __future__ import annotations

import random

from json_tree import dicts_in
from nanoimaging.choose import choose
from nanoimaging.choose.vega_twin import ANY, DEPTH_OPTIONS_M, PARAMS, RESOLUTION_OPTIONS_M
from nanoimaging.data.vocabulary import ASPECTS, SCALES, SETTINGS, TEMPORAL_RESOLUTIONS
from vega_scene import scene


def fit_ids(choice) -> list[str]:
    return [f.modality_id for f in choice.fits]


def failures(choice) -> dict[str, str]:
    return {e.modality_id: e.check for e in choice.excluded}


def summaries(choice) -> dict[str, str]:
    return {e.modality_id: e.summary for e in choice.excluded}


def fit(choice, modality_id):
    return next(f for f in choice.fits if f.modality_id == modality_id)


def exclusion(choice, modality_id):
    return next(e for e in choice.excluded if e.modality_id == modality_id)


# --- the interactive chart ---------------------------------------------------------------------


def draw(spec: dict, values: dict) -> list[tuple[str, str]]:
    """(modality, line) from top to bottom, as Vega draws the chart with its inputs set to ``values``."""
    lines, labels = [], []
    for node in dicts_in(scene(spec, values)):
        if node.get("marktype") == "text" and node.get("role") in ("mark", "axis-label"):
            (lines if node["role"] == "mark" else labels).extend((i["y"], i["text"]) for i in node["items"])
    names = {round(y): text for y, text in labels}
    return [(names[round(y)], text) for y, text in sorted(lines)]


def as_arguments(values: dict) -> dict:
    """The menus' values as choose()'s arguments ('any' and 0 ask nothing)."""
    names = {v: k for k, v in PARAMS.items()}
    return {names[p]: v for p, v in values.items() if v not in (ANY, 0, 0.0, False)}


def expected_lines(data, values: dict) -> list[tuple[str, str]]:
    """The chart's lines as choose() answers them for ``data``: the fits, then the excluded."""
    choice = choose(data, **as_arguments(values))
    return [(f.name, f.summary) for f in choice.fits] + [(e.name, e.summary) for e in choice.excluded]


#: Each input of the chart and its values, the first being the one the page opens with.
OPTIONS = {
    PARAMS["aspect"]: [ANY, *ASPECTS],
    PARAMS["scale"]: [ANY, *SCALES],
    PARAMS["setting"]: [ANY, *SETTINGS],
    PARAMS["min_depth"]: list(DEPTH_OPTIONS_M),
    PARAMS["max_resolution"]: list(RESOLUTION_OPTIONS_M),
    PARAMS["temporal_resolution"]: [ANY, *TEMPORAL_RESOLUTIONS],
    PARAMS["label_free"]: [False, True],
    PARAMS["non_invasive"]: [False, True],
}


def menu_settings(seed: int, draws: int) -> list[dict]:
    """Every value of every input alone, then ``draws`` combinations drawn with a fixed ``seed``."""
    cases = [{name: value} for name, values in OPTIONS.items() for value in values[1:]]
    draw_ = random.Random(seed)
    return cases + [{name: draw_.choice(values) for name, values in OPTIONS.items()} for _ in range(draws)]
