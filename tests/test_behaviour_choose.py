"""Behaviour of choose() on the small synthetic package (tests/fixtures/small-package/).

The answers are worked out by hand from the package's CSV files (comments name the rows); none
is computed with the code under test. What the package says, in short (README.md has it all):

==========  ======  ==============  ============================  ========  =========================
modality    family  depth           resolution                    temporal  scales (C clinical, P pre)
==========  ======  ==============  ============================  ========  =========================
micro MIC   near    ~1 mm           Subcellular (a word)          fast      P: tissue*, cellular, subcell.
slice SLX   near    Not applicable  5 μm (TA), Sub-μm (TB)        slow      C: tissue; P: tissue, cellular
nova NOV    near    5 mm (added)    ~20 μm (added)                medium    P: tissue, cellular (added)
body-scan   far     Whole body      ~4 mm (PX, C), < 1 mm (PX, P)  slow     C+P: patient, organ-tumour
sono SNO    far     1-2 cm          50-500 μm                     medium    C: organ*; P: organ, tissue
==========  ======  ==============  ============================  ========  =========================

(* stated for the group only.) properties.csv: label-free: slice yes (C, P), nova yes (P, added),
micro sometimes (P), body-scan no (C, P), sono not stated; non-invasive: body-scan and sono yes
(C, P), micro yes (P, group), nova yes (P, added), slice no (C, P).
Papers per modality (method modality, distinct cite_key): micro 1 (ref4, two rows), slice 2 (ref5,
added2024), nova 0, body-scan 2 (ref1, ref2), sono 2 (ref3, ref7). Table 1 order: micro, slice,
nova, body-scan, sono.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import replace

import pytest
import vl_convert

from csv_edit import find_row, set_cell
from json_tree import dicts_in
from nanoimaging import Dataset, load
from nanoimaging.choose import choose
from nanoimaging.choose.results import CHECKS, Study
from nanoimaging.choose.vega_twin import (
    ANY,
    DEPTH_OPTIONS_M,
    PARAMS,
    RESOLUTION_OPTIONS_M,
    chooser_chart,
    modality_facts,
)
from nanoimaging.data.vocabulary import ASPECTS, SCALES, SETTINGS, TEMPORAL_RESOLUTIONS
from nanoimaging.figures.display import _vl_version

ALL_IDS = ["micro", "slice", "nova", "body-scan", "sono"]


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


# --- no requirement: everything fits, ranked by papers then Table 1 order ---------------------------


def test_no_requirement(small: Dataset):
    choice = choose(small)
    # slice, body-scan and sono have 2 papers each (Table 1 order breaks the tie), micro 1, nova 0
    assert fit_ids(choice) == ["slice", "body-scan", "sono", "micro", "nova"]
    assert choice.excluded == ()
    assert [f.rank for f in choice.fits] == [1, 2, 3, 4, 5]
    assert all(f.margin is None for f in choice.fits)
    # micro and nova have no clinical scale statement: they fit preclinically only
    assert {f.modality_id: f.settings for f in choice.fits} == {
        "slice": ("clinical", "preclinical"),
        "body-scan": ("clinical", "preclinical"),
        "sono": ("clinical", "preclinical"),
        "micro": ("preclinical",),
        "nova": ("preclinical",),
    }
    assert [f.summary for f in choice.fits] == [
        "fits (clinical, preclinical); 2 studies",
        "fits (clinical, preclinical); 2 studies",
        "fits (clinical, preclinical); 2 studies",
        "fits (preclinical); 1 study",
        "fits (preclinical); 0 studies",
    ]


def test_studies_are_counted_by_paper(small: Dataset):
    choice = choose(small)
    # micro: s-4-micro and s-4-micro-2 are one paper (ref4): the first by study_id is kept
    assert fit(choice, "micro").studies == (Study("s-4-micro", 4, "ref4", "preclinical", "[4] MIC, mice"),)
    # slice: ref5 (clinical), then the added study (no ref: after the numbered ones); ref6 is histology
    assert fit(choice, "slice").studies == (
        Study("s-5-slice", 5, "ref5", "clinical", "[5] TA, patients"),
        Study(
            "s-added2024-slice",
            None,
            "added2024",
            "preclinical",
            "[added: added2024] TB, rats (not in the review; not checked against a stored text)",
        ),
    )
    # sono: ref7 states neither scale nor setting, and still counts when none is asked
    assert fit(choice, "sono").studies == (
        Study("s-3-sono", 3, "ref3", "preclinical", "[3] SNO, mice"),
        Study("s-7-sono", 7, "ref7", "", "[7] SNO, setting not stated"),
    )


def test_study_counts_follow_the_scale_and_setting_asked(small: Dataset):
    # cellular, preclinical: micro has two rows there (ref4, drug and nanoparticle): one study;
    # sono has s-3 at cellular scale but no scale statement there: excluded at the scale check
    choice = choose(small, scale="cellular", setting="preclinical")
    assert fit_ids(choice) == ["micro", "slice", "nova"]  # 1, 0, 0 studies; then Table 1 order
    assert [len(f.studies) for f in choice.fits] == [1, 0, 0]
    assert failures(choice) == {"body-scan": "scale", "sono": "scale"}
    # a study with no stated scale (s-7) does not count once a scale is asked
    assert len(fit(choose(small, scale="organ-tumour"), "sono").studies) == 0


# --- setting and scale ------------------------------------------------------------------------------


def test_setting_clinical(small: Dataset):
    # scales.csv: no clinical row for micro or nova
    choice = choose(small, setting="clinical")
    # clinical papers: slice ref5, body-scan ref1, sono none (ref3 preclinical, ref7 not stated)
    assert fit_ids(choice) == ["slice", "body-scan", "sono"]
    assert failures(choice) == {"micro": "setting", "nova": "setting"}
    assert summaries(choice) == {
        "micro": "setting: no clinical scale coded",
        "nova": "setting: no clinical scale coded",
    }
    # what the missing row says, and no more: the data codes no scale; NOV is not the review's at all
    assert (
        exclusion(choice, "micro").reason.message == "the data codes no clinical scale for MIC (no row of scales.csv)"
    )
    assert exclusion(choice, "nova").reason.message == (
        "the data codes no clinical scale for NOV (no row of scales.csv); NOV is added, not in the review"
    )
    assert [f.settings for f in choice.fits] == [("clinical",)] * 3


def test_setting_preclinical_reason_lists_the_scales(small: Dataset):
    micro = fit(choose(small, setting="preclinical"), "micro")
    setting = next(r for r in micro.reasons if r.check == "setting")
    # MIC's tissue scale is stated only for near-field methods as a group (line 34): the reason says so
    assert setting.message == (
        "the review states preclinical use (at tissue (for its whole group), cellular, subcellular scale)"
    )
    assert [e.text for e in setting.evidence] == [
        "Near-field methods show the tissue of animals at close range.",
        "Micro imaging follows single cells and the structures inside them in living mice",
        "Micro imaging follows single cells and the structures inside them in living mice",
    ]
    assert setting.evidence[0].where == "3. Near-field imaging / 3.1 Micro imaging, line 34"


def test_scale_subcellular(small: Dataset):
    # only micro states subcellular (preclinical, line 35)
    choice = choose(small, scale="subcellular")
    assert fit_ids(choice) == ["micro"]
    assert set(failures(choice).values()) == {"scale"}
    assert summaries(choice)["slice"] == "scale: no subcellular scale coded (either setting)"
    assert fit(choice, "micro").settings == ("preclinical",)


def test_scale_and_setting_with_group_statements(small: Dataset):
    # tissue, preclinical: micro (group, line 34), slice (line 42), nova (added), sono (line 26); not body-scan
    choice = choose(small, scale="tissue", setting="preclinical")
    # papers at tissue, preclinical: slice added2024, sono ref3; micro and nova none
    assert fit_ids(choice) == ["slice", "sono", "micro", "nova"]
    assert summaries(choice) == {"body-scan": "scale: no tissue scale coded (preclinical)"}
    micro_scale = next(r for r in fit(choice, "micro").reasons if r.check == "scale")
    assert micro_scale.message == (
        "the review states preclinical use at tissue scale, as a statement about its whole group"
    )
    slice_scale = next(r for r in fit(choice, "slice").reasons if r.check == "scale")
    assert slice_scale.message == "the review states preclinical use at tissue scale"
    assert [(e.resource, e.text, e.where) for e in slice_scale.evidence] == [
        (
            "scales",
            "Slice spectrometry maps tissue sections of patients and of animals.",
            "3. Near-field imaging / 3.2 Slice spectrometry, line 42",
        )
    ]


def test_group_statement_in_the_clinical_setting(small: Dataset):
    # organ-tumour, clinical: body-scan (modality, line 16) and sono (group, line 25)
    choice = choose(small, scale="organ-tumour", setting="clinical")
    assert fit_ids(choice) == ["body-scan", "sono"]  # body-scan has ref1 there, sono nothing
    messages = {f.modality_id: next(r.message for r in f.reasons if r.check == "scale") for f in choice.fits}
    assert messages == {
        "body-scan": "the review states clinical use at organ / tumour scale",
        "sono": "the review states clinical use at organ / tumour scale, as a statement about its whole group",
    }
    assert failures(choice) == {"micro": "setting", "slice": "scale", "nova": "setting"}


# --- aspect -----------------------------------------------------------------------------------------


def test_aspect_alone_excludes_nothing_in_valid_data(small: Dataset):
    for aspect in ASPECTS:
        assert sorted(fit_ids(choose(small, aspect=aspect))) == sorted(ALL_IDS)
    # approaches.csv: body-scan lists two environment items, the others one
    choice = choose(small, aspect="environment")
    reasons = {f.modality_id: next(r.message for r in f.reasons if r.check == "aspect") for f in choice.fits}
    assert reasons["body-scan"] == "Table 1 lists 2 approaches for imaging the environment"
    assert reasons["sono"] == "Table 1 lists 1 approach for imaging the environment"


def test_aspect_check_when_table1_lists_no_approach(small: Dataset):
    approaches = small.approaches
    thinner = replace(
        small, approaches=approaches[~((approaches["modality_id"] == "sono") & (approaches["aspect"] == "drug"))]
    )
    choice = choose(thinner, aspect="drug")
    assert failures(choice) == {"sono": "aspect"}
    assert summaries(choice)["sono"] == "aspect: no drug approach in Table 1"
    assert exclusion(choice, "sono").reason.message == "Table 1 lists no approach for imaging the drug with SNO"


# --- depth ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("depth", "fits"),
    [
        # body-scan Whole body; sono 1-2 cm (reaches 2 cm); nova 5 mm; micro ~1 mm; slice Not applicable
        ("1 mm", ["body-scan", "sono", "micro", "nova"]),
        ("5 mm", ["body-scan", "sono", "nova"]),
        ("5.1 mm", ["body-scan", "sono"]),
        ("2 cm", ["body-scan", "sono"]),  # a range reaches its deeper value
        ("2.1 cm", ["body-scan"]),
        ("3 m", ["body-scan"]),  # whole body meets any depth one may ask (up to 3 m)
    ],
)
def test_min_depth(small: Dataset, depth, fits):
    choice = choose(small, min_depth=depth)
    assert fit_ids(choice) == fits
    assert set(failures(choice).values()) == {"depth"}
    assert summaries(choice)["slice"] == "depth: Not applicable (ex vivo sections)"


def test_depth_margins_and_messages(small: Dataset):
    choice = choose(small, min_depth="1 mm")
    # body-scan no limit; sono 20 mm / 1 mm = 1 decade; micro 1/1 and nova 5/1: 0 decades (micro has 1 paper)
    assert [(f.modality_id, f.margin) for f in choice.fits] == [
        ("body-scan", math.inf),
        ("sono", 1),
        ("micro", 0),
        ("nova", 0),
    ]
    assert [f.summary for f in choice.fits] == [
        "fits (clinical, preclinical); no depth limit; 2 studies",
        "fits (clinical, preclinical); 1 decade to spare; 2 studies",
        "fits (preclinical); 0 decades to spare; 1 study",
        "fits (preclinical); 0 decades to spare; 0 studies",
    ]
    shallow = exclusion(choose(small, min_depth="1 cm"), "micro")
    assert shallow.summary == "depth: ~1 mm (too shallow)"
    assert shallow.reason.message == "imaging depth printed '~1 mm' reaches at most 1 mm, less than 1 cm"
    slice_ = exclusion(choice, "slice")
    assert "no depth to compare with 1 mm" in slice_.reason.message
    assert [(e.resource, e.text) for e in slice_.reason.evidence] == [("modalities", "Not applicable")]
    whole = next(r for r in fit(choice, "body-scan").reasons if r.check == "depth")
    assert whole.message == "imaging depth printed 'Whole body': meets any depth"


# --- spatial resolution -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resolution", "fits"),
    [
        # slice Sub-μm (1 μm, its finest); nova ~20 μm; sono 50-500 μm (50 μm, its finest);
        # body-scan ~4 mm clinical, < 1 mm preclinical (1 mm); micro Subcellular: never
        ("1 mm", ["slice", "sono", "nova", "body-scan"]),  # 3, 1, 1, 0 decades; sono has more papers than nova
        ("0.9 mm", ["slice", "sono", "nova"]),  # < 1 mm is compared by its 1 mm
        ("50 um", ["slice", "sono", "nova"]),  # a range by its finest value: 50 μm; slice 1, sono 0 (2 papers), nova 0
        ("49 um", ["slice", "nova"]),
        ("4 um", ["slice"]),  # Sub-μm (TB), not 5 μm (TA)
        ("1 um", ["slice"]),
        ("0.5 um", []),
    ],
)
def test_max_resolution(small: Dataset, resolution, fits):
    choice = choose(small, max_resolution=resolution)
    assert fit_ids(choice) == fits
    assert failures(choice)["micro"] == "resolution"
    assert set(failures(choice).values()) == {"resolution"}


def test_resolution_margins(small: Dataset):
    choice = choose(small, max_resolution="1 mm")
    assert [(f.modality_id, f.margin) for f in choice.fits] == [
        ("slice", 3),
        ("sono", 1),
        ("nova", 1),
        ("body-scan", 0),
    ]
    assert fit(choice, "body-scan").summary == "fits (preclinical); 0 decades to spare; 2 studies"
    assert fit(choice, "slice").summary == "fits (clinical, preclinical); 3 decades to spare; 2 studies"
    reason = next(r for r in fit(choice, "slice").reasons if r.check == "resolution")
    assert reason.message == (
        "spatial resolution printed 'Sub-μm (TB)' (an upper bound, compared by its upper value): "
        "1 µm, at least as fine as 1 mm"
    )
    assert reason.setting is None  # printed for no setting: holds in any
    sono = next(r for r in fit(choice, "sono").reasons if r.check == "resolution")
    assert "(a range, compared by its finest value): 50 µm" in sono.message


def test_resolution_word_only_is_never_compared(small: Dataset):
    micro = exclusion(choose(small, max_resolution="1 cm"), "micro")
    assert micro.summary == "resolution: Subcellular (a word, no number)"
    assert "no number is invented" in micro.reason.message
    assert [e.text for e in micro.reason.evidence] == ["Subcellular"]


def test_resolution_printed_for_a_setting_counts_in_that_setting_only(small: Dataset):
    # body-scan: ~4 mm (PX, clinical), < 1 mm (PX, preclinical)
    assert failures(choose(small, max_resolution="1 mm", setting="clinical"))["body-scan"] == "resolution"
    assert "body-scan" in fit_ids(choose(small, max_resolution="1 mm", setting="preclinical"))
    body = fit(choose(small, max_resolution="1 mm"), "body-scan")
    assert body.settings == ("preclinical",)
    assert [e.text for r in body.reasons if r.check == "resolution" for e in r.evidence] == ["< 1 mm (PX, preclinical)"]
    clinical = fit(choose(small, max_resolution="5 mm", setting="clinical"), "body-scan")
    assert [e.text for r in clinical.reasons if r.check == "resolution" for e in r.evidence] == ["~4 mm (PX, clinical)"]
    assert clinical.margin == 0  # 5 mm / 4 mm


def test_resolution_failing_in_both_settings_reports_clinical(small: Dataset):
    # 0.9 mm: ~4 mm fails clinically, < 1 mm preclinically; both at the resolution check: clinical first
    body = exclusion(choose(small, max_resolution="0.9 mm"), "body-scan")
    assert body.summary == "resolution: ~4 mm (PX, clinical) (too coarse)"
    assert body.reason.setting == "clinical"
    assert "coarser than 900 µm" in body.reason.message


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


# --- the interactive chart draws choose()'s answers --------------------------------------------------------


def draw(spec: dict, values: dict) -> list[tuple[str, str]]:
    """(modality, line) from top to bottom, as Vega draws the chart with its inputs set to ``values``."""
    spec = copy.deepcopy(spec)
    for param in spec["params"]:
        if param["name"] in values:
            param["value"] = values[param["name"]]
    scene = vl_convert.vegalite_to_scenegraph(spec, vl_version=_vl_version(spec))
    lines, labels = [], []
    for node in dicts_in(scene):
        if node.get("marktype") == "text" and node.get("role") in ("mark", "axis-label"):
            (lines if node["role"] == "mark" else labels).extend((i["y"], i["text"]) for i in node["items"])
    names = {round(y): text for y, text in labels}
    return [(names[round(y)], text) for y, text in sorted(lines)]


def as_arguments(values: dict) -> dict:
    """The menus' values as choose()'s arguments ('any' and 0 ask nothing)."""
    names = {v: k for k, v in PARAMS.items()}
    return {names[p]: v for p, v in values.items() if v not in (ANY, 0, 0.0, False)}


def expected_lines(data, values: dict) -> list[tuple[str, str]]:
    choice = choose(data, **as_arguments(values))
    return [(f.name, f.summary) for f in choice.fits] + [(e.name, e.summary) for e in choice.excluded]


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


def grid() -> list[dict]:
    """Every value of every input alone, combinations drawn with a fixed seed, and hand-picked ones."""
    cases = [{}] + [{name: value} for name, values in OPTIONS.items() for value in values[1:]]
    draw_ = random.Random(11)
    cases += [{name: draw_.choice(values) for name, values in OPTIONS.items()} for _ in range(24)]
    cases += [
        {PARAMS["min_depth"]: 0.001, PARAMS["max_resolution"]: 0.001},  # margins 1, 0, 0
        {PARAMS["scale"]: "tissue", PARAMS["setting"]: "preclinical"},  # group statement, ties
        {PARAMS["scale"]: "cellular", PARAMS["setting"]: "preclinical"},  # papers, not rows
        {PARAMS["max_resolution"]: 0.001, PARAMS["setting"]: "clinical"},  # a value for a setting
        {PARAMS["scale"]: "tissue", PARAMS["label_free"]: True},  # the setting that got furthest
        {PARAMS["max_resolution"]: 1e-6},  # Sub-μm compared by its upper value
    ]
    return cases


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


def test_chart_facts(small):
    facts = modality_facts(small)
    assert len(facts) == 2 * len(ALL_IDS)
    assert list(facts["modality_id"].unique()) == ALL_IDS
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
