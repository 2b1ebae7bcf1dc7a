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

import math
from dataclasses import replace

import pytest

from chooser_answers import exclusion, failures, fit, fit_ids, summaries
from nanoimaging import Dataset
from nanoimaging.choose import choose
from nanoimaging.choose.results import Study
from nanoimaging.data.vocabulary import ASPECTS
from small_package import SMALL_ORDER

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
        "fits (clinical, preclinical); 2 studies (1 added, not in the review)",  # SLX: s-added2024-slice
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
        assert sorted(fit_ids(choose(small, aspect=aspect))) == sorted(SMALL_ORDER)
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
    assert fit(choice, "slice").summary == (
        "fits (clinical, preclinical); 3 decades to spare; 2 studies (1 added, not in the review)"
    )
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
