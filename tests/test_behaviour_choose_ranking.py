"""Behaviour of choose() on the small synthetic package (tests/fixtures/small-package/): the temporal,
label-free and non-invasive checks, which failure is reported, the ranking, and rows added to the copy.

The answers are worked out by hand from the package's CSV files; test_behaviour_choose.py's docstring sums
up what the package says.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from chooser_answers import exclusion, failures, fit, fit_ids, summaries
from csv_edit import find_row, set_cell
from nanoimaging import Dataset, load
from nanoimaging.choose import choose
from nanoimaging.choose.results import CHECKS
from nanoimaging.choose.vega_twin import chooser_chart

# --- temporal, label-free, non-invasive ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("speed", "fits"),
    [
        ("fast", ["micro"]),
        ("medium", ["sono", "micro", "nova"]),  # medium or faster; sono has 2 papers, micro 1, nova 0
        ("slow", ["slice", "body-scan", "sono", "micro", "nova"]),
    ],
)
def test_temporal_resolution(small: Dataset, speed, fits):
    choice = choose(small, temporal_resolution=speed)
    assert fit_ids(choice) == fits
    assert set(failures(choice).values()) <= {"temporal"}


def test_temporal_summaries(small: Dataset):
    assert summaries(choose(small, temporal_resolution="fast")) == {
        "slice": "temporal: Slow (too slow)",
        "nova": "temporal: Medium (too slow)",
        "body-scan": "temporal: Slow (too slow)",
        "sono": "temporal: Medium (too slow)",
    }


def test_label_free(small: Dataset):
    choice = choose(small, label_free=True)
    assert fit_ids(choice) == ["slice", "nova"]
    assert fit(choice, "slice").settings == ("clinical", "preclinical")
    assert fit(choice, "nova").settings == ("preclinical",)
    assert summaries(choice) == {
        "micro": "label-free: sometimes (Table 1: Labelling often required)",
        "body-scan": "label-free: no (Table 1: Labelling required)",
        "sono": "label-free: not coded in the data",
    }
    assert "a requirement needs a plain yes" in exclusion(choice, "micro").reason.message
    assert "no row in properties" in exclusion(choice, "sono").reason.message
    assert exclusion(choice, "body-scan").reason.setting == "clinical"  # fails in both: clinical first
    # the added statement (nova) is quoted from the added work
    nova = next(r for r in fit(choice, "nova").reasons if r.check == "label-free")
    assert [e.text for e in nova.evidence] == ["NOV needs no label"]


def test_non_invasive_depends_on_the_setting(small: Dataset):
    either = choose(small, non_invasive=True)
    assert fit_ids(either) == ["body-scan", "sono", "micro", "nova"]
    assert summaries(either) == {"slice": "non-invasive: no (3. Near-field imaging / 3.2 Slice spectrometry, line 48)"}
    clinical = choose(small, non_invasive=True, setting="clinical")
    assert fit_ids(clinical) == ["body-scan", "sono"]
    assert failures(clinical) == {"micro": "setting", "slice": "non-invasive", "nova": "setting"}
    reason = next(r for r in fit(either, "body-scan").reasons if r.check == "non-invasive")
    assert reason.message == "non-invasive in clinical use: yes (Table 1: Non-invasive)"


def test_a_group_property_says_it_is_about_the_whole_group(small: Dataset):
    # properties.csv: micro non-invasive preclinical yes, basis group ("Near-field methods image animals ...")
    micro = fit(choose(small, non_invasive=True), "micro")
    reason = next(r for r in micro.reasons if r.check == "non-invasive")
    assert "as a statement about its whole group" in reason.message


# --- the first check failed is reported, from the setting that got furthest --------------------------------


def test_first_failure_follows_the_fixed_order(small: Dataset):
    assert CHECKS == ("aspect", "setting", "scale", "depth", "resolution", "temporal", "label-free", "non-invasive")
    # slice fails depth (Not applicable), temporal (slow) and non-invasive: depth is reported
    choice = choose(small, min_depth="1 mm", temporal_resolution="fast", non_invasive=True)
    assert failures(choice)["slice"] == "depth"
    # micro fails resolution (a word) and label-free (sometimes): resolution is reported
    assert failures(choose(small, max_resolution="1 mm", label_free=True))["micro"] == "resolution"
    # body-scan fails temporal (slow) and label-free (no): temporal
    assert failures(choose(small, temporal_resolution="medium", label_free=True))["body-scan"] == "temporal"


def test_failure_comes_from_the_setting_that_got_furthest(small: Dataset):
    # sono, tissue, label-free: clinical fails at scale (organ only), preclinical at label-free
    sono = exclusion(choose(small, scale="tissue", label_free=True), "sono")
    assert (sono.check, sono.reason.setting) == ("label-free", "preclinical")
    # micro: clinical fails at setting, preclinical at label-free (sometimes)
    micro = exclusion(choose(small, scale="tissue", label_free=True), "micro")
    assert (micro.check, micro.reason.setting) == ("label-free", "preclinical")


def test_every_requirement_at_once(small: Dataset):
    choice = choose(
        small,
        aspect="drug",
        scale="tissue",
        setting="clinical",
        min_depth="5mm",
        max_resolution="10um",
        label_free=True,
        non_invasive=True,
        temporal_resolution="fast",
    )
    assert choice.fits == ()
    assert failures(choice) == {
        "micro": "setting",
        "slice": "depth",  # tissue clinical is stated (line 42); Not applicable comes before the rest
        "nova": "setting",
        "body-scan": "scale",
        "sono": "scale",
    }


# --- ranking -------------------------------------------------------------------------------------------


def test_ranking_by_decades_then_papers_then_table1_order(small: Dataset):
    # depth >= 1 mm and resolution <= 1 mm: the tighter margin counts
    # sono: depth 1, resolution 1 -> 1; body-scan: depth unlimited, resolution 0 (preclinical) -> 0;
    # nova: depth 0, resolution 1 -> 0; micro: a word; slice: Not applicable
    choice = choose(small, min_depth="1 mm", max_resolution="1 mm")
    assert [(f.modality_id, f.margin) for f in choice.fits] == [("sono", 1), ("body-scan", 0), ("nova", 0)]
    assert failures(choice) == {"micro": "resolution", "slice": "depth"}
    # same margin (0): body-scan (2 papers) before nova (0 papers), although nova comes first in Table 1
    assert [f.rank for f in choice.fits] == [1, 2, 3]


def test_ranking_ties_fall_back_to_table1_order(small: Dataset):
    # tissue, preclinical: slice and sono have 1 paper each, micro and nova none
    assert fit_ids(choose(small, scale="tissue", setting="preclinical")) == ["slice", "sono", "micro", "nova"]


def test_the_added_modality_is_named_added(small: Dataset):
    choice = choose(small, setting="clinical")
    assert exclusion(choice, "nova").name == "NOV (added)"
    assert fit(choose(small), "nova").name == "NOV (added)"
    assert "NOV (added)" in str(choose(small, label_free=True))
    assert [f.name for f in choose(small).fits] == ["SLX", "BSC", "SNO", "MIC", "NOV (added)"]


def test_review_only_has_no_added_modality(small: Dataset):
    choice = choose(small.review_only())
    # without the added study slice has 1 paper: body-scan, sono (2), then micro, slice (1) in Table 1 order
    assert fit_ids(choice) == ["body-scan", "sono", "micro", "slice"]


def test_no_resolution_printed_for_the_setting_is_not_called_a_word(small: Dataset):
    # sono's only value (50-500 μm) made preclinical: nothing is printed for clinical use
    resolution = small.resolution.copy()
    resolution.loc[resolution["modality_id"] == "sono", "setting"] = "preclinical"
    choice = choose(replace(small, resolution=resolution), max_resolution="1 mm", setting="clinical")
    sono = exclusion(choice, "sono")
    assert sono.check == "resolution"
    assert "word" not in sono.summary and "word" not in sono.reason.message


# --- rows added to this copy, in the chooser's reasons ------------------------------------------------------


def test_an_added_property_with_no_section(small_dir):
    # the schema allows an empty section for an added row ("where in the cited work, or empty")
    row = find_row(small_dir / "properties.csv", modality_id="nova", property="label-free")
    set_cell(small_dir / "properties.csv", row, "section", "")
    data = load(small_dir)  # valid
    assert fit_ids(choose(data, label_free=True)) == ["slice", "nova"]
    chooser_chart(data)


def test_added_statements_name_their_source_not_a_missing_line(small: Dataset):
    # properties.csv: nova label-free preclinical yes, added2024, section Results, no line
    nova = fit(choose(small, label_free=True), "nova")
    message = next(r.message for r in nova.reasons if r.check == "label-free")
    assert "<NA>" not in message and "added2024" in message
    # scales.csv: nova tissue preclinical, added2024, no section, no line
    nova = fit(choose(small, scale="tissue", setting="preclinical"), "nova")
    wheres = [e.where for r in nova.reasons for e in r.evidence if e.resource == "scales"]
    assert wheres and not any("<NA>" in w for w in wheres)
