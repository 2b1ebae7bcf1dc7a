"""The interactive chooser chart on the small synthetic package: drawn by Vega (vl-convert) with its menus
set to a grid of values, it shows choose()'s answer on every line; and the facts it is drawn from."""

from __future__ import annotations

import pytest

from chooser_answers import draw, expected_lines, menu_settings
from nanoimaging.choose.vega_twin import PARAMS, chooser_chart, modality_facts
from small_package import SMALL_ORDER


def grid() -> list[dict]:
    """Nothing asked, every value of every input alone, combinations drawn with a fixed seed, and hand-picked ones."""
    return (
        [{}]
        + menu_settings(seed=11, draws=24)
        + [
            {PARAMS["min_depth"]: 0.001, PARAMS["max_resolution"]: 0.001},  # margins 1, 0, 0
            {PARAMS["scale"]: "tissue", PARAMS["setting"]: "preclinical"},  # group statement, ties
            {PARAMS["scale"]: "cellular", PARAMS["setting"]: "preclinical"},  # papers, not rows
            {PARAMS["max_resolution"]: 0.001, PARAMS["setting"]: "clinical"},  # a value for a setting
            {PARAMS["scale"]: "tissue", PARAMS["label_free"]: True},  # the setting that got furthest
            {PARAMS["max_resolution"]: 1e-6},  # Sub-μm compared by its upper value
        ]
    )


@pytest.fixture(scope="module")
def small_chart_spec(small):
    return chooser_chart(small).spec


@pytest.mark.parametrize("values", grid(), ids=lambda v: ",".join(f"{k}={x}" for k, x in v.items()) or "nothing")
def test_chart_draws_what_choose_answers(small, small_chart_spec, values):
    assert draw(small_chart_spec, values) == expected_lines(small, values)


def test_chart_draws_hand_worked_lines(small_chart_spec):
    # the answer of test_ranking_by_decades_then_papers_then_table1_order, as the chart shows it
    values = {PARAMS["min_depth"]: 0.001, PARAMS["max_resolution"]: 0.001}
    assert draw(small_chart_spec, values) == [
        ("SNO", "fits (clinical, preclinical); 1 decade to spare; 2 studies"),
        ("BSC", "fits (preclinical); 0 decades to spare; 2 studies"),
        ("NOV (added)", "fits (preclinical); 0 decades to spare; 0 studies"),
        ("MIC", "resolution: Subcellular (a word, no number)"),
        ("SLX", "depth: Not applicable (ex vivo sections)"),
    ]


def test_chart_names_the_added_studies_it_counts(small, small_chart_spec):
    # SLX's two studies of the small package: one of the review's and s-added2024-slice, added
    expected = "fits (clinical, preclinical); 2 studies (1 added, not in the review)"
    assert ("SLX", expected) in draw(small_chart_spec, {})
    assert ("SLX", expected) in expected_lines(small, {})
    assert "1. SLX (2 studies (1 added, not in the review))" in chooser_chart(small).alt


def test_chart_facts(small):
    facts = modality_facts(small)
    assert len(facts) == 2 * len(SMALL_ORDER)
    assert list(facts["modality_id"].unique()) == SMALL_ORDER
    row = facts.set_index(["modality_id", "setting"])
    assert row.loc[("body-scan", "clinical"), "res_m"] == 0.004
    assert row.loc[("body-scan", "preclinical"), "res_m"] == 0.001
    assert row.loc[("body-scan", "clinical"), "depth_kind"] == "whole-body"
    assert row.loc[("slice", "clinical"), "depth_kind"] == "not-applicable"
    assert row.loc[("sono", "clinical"), "depth_m"] == 0.02
    assert row.loc[("micro", "preclinical"), "res_text"] == "Subcellular"
    assert not row.loc[("micro", "clinical"), "used"]
    assert row.loc[("micro", "preclinical"), "label_free"] == "sometimes"
    assert row.loc[("sono", "clinical"), "label_free"] == "not coded in the data"
    assert row.loc[("nova", "preclinical"), "modality"] == "NOV (added)"
    assert row.loc[("micro", "preclinical"), "studies"]["any|cellular|preclinical"] == 1  # ref4, two rows
    assert row.loc[("slice", "clinical"), "studies"]["any|any|any"] == 2
