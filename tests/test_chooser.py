"""choose() on the review's rows: each option and the ranking, with the answers written out by hand from the
CSV files (comments say which rows), not computed with the code under test.

Its inputs and errors are in test_choose_inputs.py, its reports (trace to rows, JSON, text, chart) in
test_chooser_reports.py, edited data in test_chooser_data.py; its behaviour on the small synthetic package
in test_behaviour_choose*.py.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from chooser_answers import failures, fit_ids
from nanoimaging.choose import choose
from nanoimaging.choose.results import CHECKS
from nanoimaging.data.vocabulary import ASPECTS
from review_rows import REVIEW_IDS

# --- each option on the real data (expected from the CSV rows, by hand) ------------------------


def test_setting_clinical(review):
    # scales.csv: no clinical row for bli-fli, fdot-fmt, ivm, optoacoustic; msi has tissue, clinical
    choice = choose(review, setting="clinical")
    assert sorted(fit_ids(choice)) == ["ct", "mri", "msi", "pet-spect", "us"]
    assert failures(choice) == dict.fromkeys(["bli-fli", "fdot-fmt", "ivm", "optoacoustic"], "setting")
    assert all(f.settings == ("clinical",) for f in choice.fits)


def test_scale_subcellular(review):
    # scales.csv: subcellular for ivm and msi, preclinical; for optoacoustic with no setting named
    choice = choose(review, scale="subcellular")
    assert sorted(fit_ids(choice)) == ["ivm", "msi"]
    assert failures(choice)["optoacoustic"] == "scale"
    opto = next(e for e in choice.excluded if e.modality_id == "optoacoustic")
    assert "without naming a setting" in opto.reason.message
    assert set(failures(choice).values()) == {"scale"}
    assert all(f.settings == ("preclinical",) for f in choice.fits)
    assert choice.excluded[0].summary == "scale: no subcellular scale coded (either setting)"


def test_setting_and_scale_together(review):
    choice = choose(review, setting="clinical", scale="organ-tumour")
    # studies.csv: clinical organ/tumour-scale studies only for PET/SPECT (refs 69, 70, 86; ref 64 used
    # scintigraphy, a technique of its own); the review states no scale for the clinical CT, MRI and US
    # studies, which the group statement covers (ties: Table 1 order)
    assert fit_ids(choice) == ["pet-spect", "mri", "ct", "us"]
    assert failures(choice)["msi"] == "scale"  # msi is clinical at tissue scale only
    assert [len(f.studies) for f in choice.fits] == [3, 0, 0, 0]
    assert all("whole group" in r.message for f in choice.fits[1:] for r in f.reasons if r.check == "scale")


def test_aspect_alone_excludes_nothing_in_valid_data(review):
    # the rules make every modality list an approach for each aspect
    for aspect in ASPECTS:
        assert sorted(fit_ids(choose(review, aspect=aspect))) == sorted(REVIEW_IDS)


def test_aspect_check_when_table1_lists_no_approach(review):
    approaches = review.approaches
    thinner = replace(
        review, approaches=approaches[~((approaches["modality_id"] == "mri") & (approaches["aspect"] == "drug"))]
    )
    choice = choose(thinner, aspect="drug", setting="clinical")
    assert failures(choice)["mri"] == "aspect"
    assert next(e for e in choice.excluded if e.modality_id == "mri").summary == "aspect: no drug approach in Table 1"


@pytest.mark.parametrize(
    ("depth", "fits"),
    [
        # whole body: pet-spect, mri, ct; us ~30 cm; bli-fli ~1 cm; fdot-fmt and ivm 1-2 mm;
        # optoacoustic 1-20 mm; msi Not applicable
        ("5 mm", ["pet-spect", "mri", "ct", "us", "bli-fli", "optoacoustic"]),
        (
            "2 mm",
            ["pet-spect", "mri", "ct", "us", "bli-fli", "fdot-fmt", "ivm", "optoacoustic"],
        ),  # a range reaches its deeper value
        ("2.1 mm", ["pet-spect", "mri", "ct", "us", "bli-fli", "optoacoustic"]),
        ("30 cm", ["pet-spect", "mri", "ct", "us"]),
        ("3 m", ["pet-spect", "mri", "ct"]),  # whole body meets any depth one may ask (up to 3 m)
    ],
)
def test_min_depth(review, depth, fits):
    choice = choose(review, min_depth=depth)
    assert sorted(fit_ids(choice)) == sorted(fits)
    assert failures(choice)["msi"] == "depth"


def test_not_applicable_depth_fails_and_says_why(review):
    msi = next(e for e in choose(review, min_depth="1 um").excluded if e.modality_id == "msi")
    assert msi.summary == "depth: Not applicable (ex vivo sections)"
    assert "ex vivo" in msi.reason.message and "no depth" in msi.reason.message
    assert [(e.resource, e.text) for e in msi.reason.evidence] == [("modalities", "Not applicable")]


@pytest.mark.parametrize(
    ("resolution", "fits"),
    [
        # pet-spect: PET ~4 mm and SPECT ~10mm clinical, < 1 mm preclinical; mri ~1 mm clinical, ~0.1 mm preclinical;
        # ct, us 50-500 µm; bli-fli ~5 µm; fdot-fmt < 1 mm; ivm Subcellular; optoacoustic 1 µm - 1 mm;
        # msi 1 µm (IMC), 10-20 µm (MALDI), 50-200 µm (DESI), Sub-µm (SIMS)
        ("1 mm", ["pet-spect", "mri", "ct", "us", "bli-fli", "fdot-fmt", "optoacoustic", "msi"]),
        ("0.9 mm", ["mri", "ct", "us", "bli-fli", "optoacoustic", "msi"]),  # < 1 mm is compared by its 1 mm
        ("50 um", ["ct", "us", "bli-fli", "optoacoustic", "msi"]),  # a range by its finest value
        ("49 um", ["bli-fli", "optoacoustic", "msi"]),
        ("1 um", ["optoacoustic", "msi"]),
        ("0.5 um", []),
    ],
)
def test_max_resolution(review, resolution, fits):
    choice = choose(review, max_resolution=resolution)
    assert sorted(fit_ids(choice)) == sorted(fits)
    assert failures(choice).get("ivm") == "resolution"


def test_resolution_printed_for_a_setting_counts_in_that_setting_only(review):
    # PET/SPECT: ~4 mm (PET) clinical, < 1 mm preclinical
    assert "pet-spect" in failures(choose(review, max_resolution="1 mm", setting="clinical"))
    assert "pet-spect" in fit_ids(choose(review, max_resolution="1 mm", setting="preclinical"))
    pet = next(f for f in choose(review, max_resolution="1 mm").fits if f.modality_id == "pet-spect")
    assert pet.settings == ("preclinical",)
    assert [e.text for r in pet.reasons for e in r.evidence] == ["< 1 mm (PET/SPECT, preclinical)"]
    clinical = choose(review, max_resolution="5 mm", setting="clinical")
    pet = next(f for f in clinical.fits if f.modality_id == "pet-spect")
    assert [e.text for r in pet.reasons if r.check == "resolution" for e in r.evidence] == ["~4 mm (PET, clinical)"]


def test_resolution_printed_as_a_word_is_not_compared(review):
    ivm = next(e for e in choose(review, max_resolution="1 cm").excluded if e.modality_id == "ivm")
    assert ivm.summary == "resolution: Subcellular (a word, no number)"
    assert "no number is invented" in ivm.reason.message
    assert [e.text for e in ivm.reason.evidence] == ["Subcellular"]


@pytest.mark.parametrize(
    ("speed", "fits"),
    [
        ("fast", ["ct", "us", "ivm", "optoacoustic"]),
        ("medium", ["ct", "us", "bli-fli", "fdot-fmt", "ivm", "optoacoustic"]),  # medium or faster
        ("slow", REVIEW_IDS),
    ],
)
def test_temporal_resolution_is_at_least_as_fast(review, speed, fits):
    choice = choose(review, temporal_resolution=speed)
    assert sorted(fit_ids(choice)) == sorted(fits)
    assert set(failures(choice).values()) <= {"temporal"}


def test_label_free(review):
    # properties.csv: msi yes; pet-spect no; bli-fli, fdot-fmt, ivm, optoacoustic sometimes; mri, ct, us no row
    choice = choose(review, label_free=True)
    assert fit_ids(choice) == ["msi"]
    summaries = {e.modality_id: e.summary for e in choice.excluded}
    assert summaries["pet-spect"] == "label-free: no (Table 1: Labelling required)"
    assert summaries["ivm"] == "label-free: sometimes (Table 1: Labelling often required)"
    assert summaries["mri"] == "label-free: not coded in the data"


def test_non_invasive_depends_on_the_setting(review):
    # properties.csv: pet-spect, mri, ct, us yes in both; ivm (Table 1) and optoacoustic (text) yes preclinically;
    # bli-fli and fdot-fmt only sometimes preclinically (the text hedges: "can be"); msi no in both
    either = choose(review, non_invasive=True)
    assert sorted(fit_ids(either)) == ["ct", "ivm", "mri", "optoacoustic", "pet-spect", "us"]
    assert failures(either) == dict.fromkeys(["bli-fli", "fdot-fmt", "msi"], "non-invasive")
    assert next(f for f in either.fits if f.modality_id == "ivm").settings == ("preclinical",)
    clinical = choose(review, non_invasive=True, setting="clinical")
    assert sorted(fit_ids(clinical)) == ["ct", "mri", "pet-spect", "us"]
    assert failures(clinical)["msi"] == "non-invasive"


def test_the_example_of_issue_7_excludes_all_with_the_first_failure(review):
    choice = choose(
        review,
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
        "pet-spect": "scale",
        "mri": "scale",
        "ct": "scale",
        "us": "scale",
        "bli-fli": "setting",
        "fdot-fmt": "setting",
        "ivm": "setting",
        "optoacoustic": "setting",
        "msi": "depth",  # before label-free (passes) and non-invasive (fails): depth comes first
    }


def test_first_failure_follows_the_fixed_order(review):
    assert CHECKS == ("aspect", "setting", "scale", "depth", "resolution", "temporal", "label-free", "non-invasive")
    # msi fails depth, temporal and non-invasive: depth is reported
    assert failures(choose(review, min_depth="1 mm", temporal_resolution="fast", non_invasive=True))["msi"] == "depth"
    # ivm fails resolution (a word) and label-free: resolution is reported
    assert failures(choose(review, max_resolution="1 mm", label_free=True))["ivm"] == "resolution"


def test_failure_comes_from_the_setting_that_got_furthest(review):
    # bli-fli: clinical fails at setting (no clinical use), preclinical at scale (no tissue row)
    exclusion = next(e for e in choose(review, scale="tissue").excluded if e.modality_id == "bli-fli")
    assert exclusion.check == "scale"
    # pet-spect, label-free, tissue: clinical fails at scale, preclinical at label-free
    exclusion = next(
        e for e in choose(review, scale="tissue", label_free=True).excluded if e.modality_id == "pet-spect"
    )
    assert (exclusion.check, exclusion.reason.setting) == ("label-free", "preclinical")


# --- ranking -------------------------------------------------------------------------------


def test_ranking_by_decades_to_spare_then_studies(review):
    # depth >= 1 mm and resolution <= 10 µm: optoacoustic 20 mm / 1 µm (1 decade each), bli-fli 1 cm / 5 µm (0 decades)
    choice = choose(review, min_depth="1 mm", max_resolution="10 um")
    assert [(f.modality_id, f.margin) for f in choice.fits] == [("optoacoustic", 1), ("bli-fli", 0)]
    assert [f.rank for f in choice.fits] == [1, 2]
    # no numeric requirement: margin None, ranked by studies, then Table 1 order (us and optoacoustic have 7)
    plain = choose(review)
    assert all(f.margin is None for f in plain.fits)
    counts = [len(f.studies) for f in plain.fits]
    assert counts == sorted(counts, reverse=True)
    sevens = [f.modality_id for f in plain.fits if len(f.studies) == 7]
    assert sevens == ["us", "optoacoustic"]


def test_whole_body_has_no_depth_limit(review):
    choice = choose(review, min_depth="1 mm")
    whole = [f for f in choice.fits if f.modality_id in ("pet-spect", "mri", "ct")]
    assert all(math.isinf(f.margin) for f in whole) and all(f.summary.count("no depth limit") == 1 for f in whole)
    # 8, 8 and 5 studies: MRI's [208, 217] count once together, PET/SPECT's [64] is scintigraphy
    assert [f.modality_id for f in choice.fits[:3]] == ["mri", "ct", "pet-spect"]


def test_summary_lines(review):
    fit = choose(review, min_depth="1 mm", max_resolution="10 um").fits[0]
    assert fit.summary == "fits (preclinical); 1 decade to spare; 7 studies"
    assert (
        choose(review, scale="tissue", aspect="drug", label_free=True).fits[0].summary
        == "fits (clinical, preclinical); 5 studies"  # papers: refs 307-309, 313, 323 (the others name no tissue scale)
    )
