"""choose(): every option and every error, the semantics of printed values, the trace to data rows,
the properties resource (label-free / non-invasive) and its validation, the CLI, and the chart.

Expected answers are written out by hand from the CSV files (comments say which rows), not
computed with the code under test. The chart is drawn by Vega (vl-convert) with its menus set
to a grid of values, and every line it shows is compared with choose(): that checks the
Vega-Lite expressions, not only the spec's shape.
"""

from __future__ import annotations

import copy
import csv
import json
import math
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import vl_convert

from csv_edit import find_row, read_rows, set_cell, write_rows
from json_tree import dicts_in
from nanoimaging import load, validate
from nanoimaging.choose import ChooserError, choose
from nanoimaging.choose.facts import PROPERTIES, PROPERTY_VALUES
from nanoimaging.choose.requirements import parse_length, requirements
from nanoimaging.choose.results import CHECKS
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
from nanoimaging.paths import REPO_ROOT, display_path
from nanoimaging.refs.bibtex import REVIEW_KEY

ALL_IDS = ["pet-spect", "mri", "ct", "us", "bli-fli", "fdot-fmt", "ivm", "optoacoustic", "msi"]


def fit_ids(choice) -> list[str]:
    return [f.modality_id for f in choice.fits]


def failures(choice) -> dict[str, str]:
    return {e.modality_id: e.check for e in choice.excluded}


def csv_rows(name: str) -> list[dict[str, str]]:
    """The review's rows of a CSV of the shipped data: rows a fork adds (MPI's properties, say) are left out."""
    with (REPO_ROOT / "data" / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r.get("source", REVIEW_KEY) == REVIEW_KEY]


# --- requirements: every error names what was expected --------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"aspect": "drugs"},
            ["aspect must be one of drug, nanoparticle, environment", "'drugs'", "did you mean 'drug'"],
        ),
        ({"scale": "organ"}, ["scale must be one of patient, organism, organ-tumour", "did you mean 'organ-tumour'"]),
        ({"setting": "clinic"}, ["setting must be one of clinical, preclinical", "did you mean 'clinical'"]),
        ({"temporal_resolution": "quick"}, ["temporal_resolution must be one of slow, medium, fast", "'quick'"]),
        ({"scale": 3}, ["scale must be one of", "got 3"]),
        ({"min_depth": "5 kg"}, ["min_depth must be a length", "'5 kg' is not a length", "kilogram"]),
        ({"min_depth": "5"}, ["min_depth must be a length", "has no length unit"]),
        ({"max_resolution": "fine"}, ["max_resolution must be a length"]),
        ({"max_resolution": "10 parsecs of nothing"}, ["max_resolution must be a length"]),
        ({"min_depth": "-5 mm"}, ["min_depth must be a length greater than zero", "'-5 mm'"]),
        ({"max_resolution": "0 um"}, ["max_resolution must be a length greater than zero"]),
        ({"min_depth": -0.005}, ["greater than zero"]),
        ({"min_depth": float("nan")}, ["greater than zero"]),
        ({"max_resolution": float("inf")}, ["greater than zero"]),
        ({"min_depth": True}, ["min_depth must be a length such as '5 mm' or a number of metres", "True"]),
        ({"min_depth": [5]}, ["min_depth must be a length"]),
        ({"label_free": "yes"}, ["label_free must be True, False or None", "'yes'"]),
        ({"non_invasive": 1}, ["non_invasive must be True, False or None"]),
    ],
)
def test_bad_requirement_is_refused_with_what_was_expected(review, kwargs, words):
    with pytest.raises(ChooserError) as caught:
        choose(review, **kwargs)
    for word in words:
        assert word in str(caught.value)


def test_chooser_error_is_a_value_error():
    assert issubclass(ChooserError, ValueError)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5mm", 0.005),
        ("5 mm", 0.005),
        ("0.5 cm", 0.005),
        ("10um", 1e-5),
        ("10 µm", 1e-5),
        ("10 μm", 1e-5),
        ("1 micrometer", 1e-6),
        ("0.3 m", 0.3),
        (0.005, 0.005),
        (1, 1.0),
    ],
)
def test_lengths_are_read_by_pint_in_any_unit(text, metres):
    assert parse_length("min_depth", text) == metres  # exactly: "10 um" must equal the data's 0.00001


def test_no_requirement_and_false_flags_ask_nothing(review):
    everything = choose(review)
    assert fit_ids(everything) and not everything.excluded
    assert sorted(fit_ids(everything)) == sorted(ALL_IDS)
    assert fit_ids(choose(review, label_free=False, non_invasive=False)) == fit_ids(everything)
    assert requirements().describe() == "no requirement"


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
        assert sorted(fit_ids(choose(review, aspect=aspect))) == sorted(ALL_IDS)


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
        ("slow", ALL_IDS),
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


# --- every reason is traced to data rows -------------------------------------------------------

KEYS = {
    "approaches": ("modality_id", "aspect", "position"),
    "scales": ("modality_id", "scale", "setting"),
    "resolution": ("modality_id", "position"),
    "modalities": ("modality_id",),
    "properties": ("modality_id", "property", "setting"),
}


def _row(resource: str, key: dict) -> dict[str, str]:
    matches = [r for r in csv_rows(f"{resource}.csv") if all(r[k] == str(v) for k, v in key.items())]
    assert len(matches) == 1, (resource, key)
    return matches[0]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"aspect": "drug", "scale": "tissue", "label_free": True},
        {"setting": "clinical", "scale": "organ-tumour", "max_resolution": "5 mm", "non_invasive": True},
        {"min_depth": "1 mm", "max_resolution": "10 um", "temporal_resolution": "fast"},
        {"scale": "tissue", "aspect": "environment", "non_invasive": True, "temporal_resolution": "medium"},
    ],
)
def test_every_reason_points_to_rows_that_exist_and_say_it(review, kwargs):
    choice = choose(review, **kwargs)
    reasons = [r for f in choice.fits for r in f.reasons] + [e.reason for e in choice.excluded]
    assert reasons
    for reason in reasons:
        assert reason.check in CHECKS
        for evidence in reason.evidence:
            row = _row(evidence.resource, dict(evidence.key))
            said = {"approaches": "text", "scales": "evidence", "properties": "evidence"}.get(evidence.resource)
            if said == "evidence" and evidence.text.startswith("setting: "):
                assert evidence.text == f"setting: {row['setting_words']}" and row["setting_line"] in evidence.where
            elif said:
                assert evidence.text == row[said]
            elif evidence.resource == "resolution":
                assert evidence.text.startswith(row["label"])
    for fit in choice.fits:
        order = [CHECKS.index(r.check) for r in fit.reasons]
        assert order == sorted(order)  # reasons in check order


def test_studies_behind_a_fit_are_those_of_its_modality_aspect_scale_and_setting(review):
    fit = choose(review, aspect="environment", scale="tissue", setting="clinical").fits
    msi = next(f for f in fit if f.modality_id == "msi")
    expected = sorted(
        r["study_id"]
        for r in csv_rows("studies.csv")
        if r["modality_id"] == "msi"
        and r["method"] == "modality"  # s-326 identified proteins by LC-MS: no MSI evidence
        and "environment" in r["aspects"].split(";")
        and "tissue" in r["scales"].split(";")
        and r["setting"] == "clinical"
    )
    assert sorted(s.study_id for s in msi.studies) == expected == ["s-292-msi", "s-327-msi"]
    assert {s.cite_key for s in msi.studies} == {"ref292", "ref327"}


def test_choice_to_dict_is_json_and_to_frame_has_one_row_per_modality(review):
    choice = choose(review, min_depth="1 mm")
    payload = json.loads(json.dumps(choice.to_dict()))
    assert payload["checks"] == list(CHECKS)
    assert {f["margin_decades"] for f in payload["fits"] if f["modality_id"] == "mri"} == {"unlimited"}
    frame = choice.to_frame()
    assert len(frame) == 9 and frame["fits"].sum() == len(choice.fits)


def test_text_report_lists_fits_reasons_and_exclusions(review):
    text = str(choose(review, scale="tissue", aspect="drug", label_free=True))
    assert "Fits (1):" in text and " 1. MSI: fits (clinical, preclinical); 5 studies" in text
    assert "approaches[msi, drug, 1]" in text and "properties[msi, label-free, clinical]" in text
    assert "- IVM: label-free [preclinical]: only sometimes label-free" in text


# --- modified data: the checks follow the data, not a list in the code -------------------------


def test_a_new_resolution_value_changes_the_answer(data_dir):
    row = find_row(data_dir / "resolution.csv", modality_id="ivm")
    for field, value in (
        ("label", "~1 μm"),
        ("qualifier", "approximate"),
        ("min_m", "0.000001"),
        ("max_m", "0.000001"),
    ):
        set_cell(data_dir / "resolution.csv", row, field, value)
    data = load(data_dir)
    assert "ivm" in fit_ids(choose(data, max_resolution="10 um"))


def test_a_new_properties_row_changes_the_answer(data_dir):
    path = data_dir / "properties.csv"
    rows = read_rows(path)
    rows.append(
        [
            "mri",
            "label-free",
            "preclinical",
            "yes",
            "modality",
            "",
            "",
            "deMaar2020",
            "Magnetic resonance imaging / Imaging the tumour environment",
            "896",
            "Oxygenation Level Dependent (BOLD-) and Tissue",
        ]
    )
    write_rows(path, rows)
    data = load(data_dir)
    choice = choose(data, label_free=True)
    assert fit_ids(choice) == ["msi", "mri"]  # 21 and 9 papers
    mri = next(f for f in choice.fits if f.modality_id == "mri")
    assert mri.settings == ("preclinical",)


def test_a_property_not_stated_is_a_failure_not_a_guess(data_dir):
    path = data_dir / "properties.csv"
    rows = read_rows(path)
    write_rows(path, [r for r in rows if not (r[0] == "us" and r[1] == "non-invasive")])
    choice = choose(load(data_dir), non_invasive=True)
    us = next(e for e in choice.excluded if e.modality_id == "us")
    assert us.summary == "non-invasive: not coded in the data" and "no row in properties" in us.reason.message


# --- the properties resource: contents and validation ----------------------------------------------


def enum(resource: str, field: str) -> list[str]:
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]


def test_code_vocabularies_equal_the_properties_enums():
    assert tuple(enum("properties", "property")) == PROPERTIES
    assert tuple(enum("properties", "value")) == PROPERTY_VALUES
    assert tuple(enum("properties", "setting")) == SETTINGS


def only_problem(data_dir: Path) -> str:
    problems = validate(data_dir).problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    return str(problems[0])


def where(data_dir: Path, row: int, field: str) -> str:
    return f"{display_path(data_dir / 'properties.csv')}:{row}: {field}:"


@pytest.mark.parametrize(
    ("key", "field", "bad", "words"),
    [
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "value",
            "Yes",
            ["not one of the allowed values: yes, sometimes, no"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "property",
            "noninvasive",
            ["not one of the allowed values: label-free, non-invasive"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "setting",
            "clinic",
            ["not one of the allowed values: clinical, preclinical"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "modality_id",
            "CT",
            ["not a modality_id of modalities"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "assessment_position",
            "7",
            ["assessments.csv has no strength 7 for ct"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "evidence",
            "Noninvasive",
            ["must repeat the Table 1 item it points to, 'Non-invasive'"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "section",
            "Computed tomography",
            ["a row pointing to a Table 1 item has section 'Table 1'"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "assessment_kind",
            "",
            ["give assessment_kind and assessment_position together"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "line",
            "two",
            ["expected a whole number"],
        ),
        (
            {"modality_id": "ct", "property": "non-invasive", "setting": "clinical"},
            "evidence",
            "",
            ["required value is missing"],
        ),
        (
            {"modality_id": "bli-fli", "property": "non-invasive", "setting": "preclinical"},
            "section",
            "Table 1",
            ["a Table 1 item needs assessment_kind and assessment_position"],
        ),
    ],
)
def test_bad_properties_row_is_one_problem_at_its_cell(data_dir, key, field, bad, words):
    row = find_row(data_dir / "properties.csv", **key)
    set_cell(data_dir / "properties.csv", row, field, bad)
    message = only_problem(data_dir)
    reported = "assessment_kind" if field == "assessment_kind" else field
    assert message.startswith(where(data_dir, row, reported)), message
    for word in words:
        assert word in message


def test_missing_position_is_named(data_dir):
    row = find_row(data_dir / "properties.csv", modality_id="ct", property="non-invasive", setting="clinical")
    set_cell(data_dir / "properties.csv", row, "assessment_position", "")
    assert only_problem(data_dir).startswith(where(data_dir, row, "assessment_position"))


def test_duplicate_properties_key(data_dir):
    path = data_dir / "properties.csv"
    rows = read_rows(path)
    rows.insert(2, list(rows[1]))
    write_rows(path, rows)
    message = only_problem(data_dir)
    assert message.startswith(f"{display_path(path)}:3: modality_id, property, setting:") and "duplicate key" in message


def test_an_assessment_edit_is_caught_in_properties(data_dir):
    """Fixing a typo in Table 1's transcription flags the statement that quotes it."""
    row = find_row(data_dir / "assessments.csv", modality_id="msi", kind="strength", position="1")
    set_cell(data_dir / "assessments.csv", row, "text", "Label free")
    problems = [str(p) for p in validate(data_dir).problems]
    assert len(problems) == 2 and all("properties.csv" in p and "evidence" in p for p in problems), problems


# --- the command line ----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nanoimaging", *args], capture_output=True, text=True, check=False)


def test_cli_choose_json_example_of_issue_7():
    run = run_cli(
        "choose",
        "--aspect",
        "drug",
        "--scale",
        "tissue",
        "--setting",
        "clinical",
        "--min-depth",
        "5mm",
        "--max-resolution",
        "10um",
        "--label-free",
        "--non-invasive",
        "--temporal",
        "fast",
        "--json",
    )
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert payload["requirements"]["min_depth_m"] == 0.005 and payload["requirements"]["max_resolution_m"] == 1e-5
    assert payload["fits"] == [] and len(payload["excluded"]) == len(load().modalities)
    msi = next(e for e in payload["excluded"] if e["modality_id"] == "msi")
    assert msi["reason"]["evidence"][0] == {
        "resource": "modalities",
        "key": {"modality_id": "msi"},
        "text": "Not applicable",
        "where": "",
    }


def test_cli_choose_text():
    """The command prints choose()'s report for the project's data, whatever rows it holds."""
    run = run_cli("choose", "--scale", "tissue", "--aspect", "drug", "--label-free")
    expected = str(choose(load(), scale="tissue", aspect="drug", label_free=True))
    assert run.returncode == 0 and run.stdout.strip() == expected.strip()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--scale", "organ"],
            ["--scale must be one of patient", "(or leave it out for any)", "did you mean 'organ-tumour'"],
        ),
        (["--aspect", "tumour"], ["--aspect must be one of drug, nanoparticle, environment"]),
        (["--setting", "mice"], ["--setting must be one of clinical, preclinical"]),
        (["--temporal", "quick"], ["--temporal must be one of slow, medium, fast"]),
        (["--min-depth", "5 kg"], ["--min-depth must be a length", "kilogram"]),
        (["--min-depth", "5"], ["--min-depth must be a length", "no length unit"]),
        (["--min-depth=-5mm"], ["--min-depth must be a length greater than zero"]),
        (["--max-resolution", "0um"], ["--max-resolution must be a length greater than zero"]),
    ],
)
def test_cli_choose_bad_option_exits_2_with_the_allowed_values(args, words):
    run = run_cli("choose", *args)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("nanoimaging choose: error: ")
    for word in words:
        assert word in run.stderr


def test_cli_unknown_flag_exits_2():
    run = run_cli("choose", "--depth", "5mm")
    assert run.returncode == 2 and "unrecognized arguments" in run.stderr


def test_cli_invalid_data_exits_1(data_dir):
    set_cell(data_dir / "properties.csv", 2, "value", "maybe")
    run = run_cli("choose", "--data", str(data_dir))
    assert run.returncode == 1 and "properties.csv:2: value" in run.stderr and "invalid" in run.stderr


# --- the interactive chart gives choose()'s answers ------------------------------------------------


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
    kwargs = {}
    for param, value in values.items():
        name = names[param]
        if value in (ANY, 0, 0.0, False):
            continue
        kwargs[name] = value
    return kwargs


def expected_lines(review, values: dict) -> list[tuple[str, str]]:
    choice = choose(review, **as_arguments(values))
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
    """Every value of every input alone, then combinations drawn with a fixed seed, then hand-picked ones."""
    cases = [{name: value} for name, values in OPTIONS.items() for value in values[1:]]
    draw_ = random.Random(7)
    cases += [{name: draw_.choice(values) for name, values in OPTIONS.items()} for _ in range(30)]
    cases += [
        {PARAMS["min_depth"]: 0.001, PARAMS["max_resolution"]: 1e-5},  # margins 1 and 0
        {PARAMS["min_depth"]: 0.001},  # whole body: no depth limit
        {PARAMS["setting"]: "clinical", PARAMS["scale"]: "organ-tumour"},
        {PARAMS["aspect"]: "drug", PARAMS["scale"]: "tissue", PARAMS["label_free"]: True},
        {PARAMS["max_resolution"]: 0.001, PARAMS["non_invasive"]: True},  # PET/SPECT preclinical only
        {PARAMS["scale"]: "tissue", PARAMS["max_resolution"]: 1e-5},  # resolution failures in either setting
    ]
    return cases


@pytest.fixture(scope="module")
def review_chart_spec(review):
    return chooser_chart(review).spec


def test_chart_has_the_inputs_bound(review_chart_spec):
    params = {p["name"]: p for p in review_chart_spec["params"]}
    assert set(params) == set(PARAMS.values())
    for name, values in OPTIONS.items():
        bind = params[name]["bind"]
        assert params[name]["value"] == values[0]
        if bind["input"] == "select":
            assert bind["options"] == values and len(bind["labels"]) == len(values)
        else:
            assert bind["input"] == "checkbox"


@pytest.mark.parametrize("values", grid(), ids=lambda v: ",".join(f"{k}={x}" for k, x in v.items()))
def test_chart_draws_what_choose_answers(review, review_chart_spec, values):
    assert draw(review_chart_spec, values) == expected_lines(review, values)


def test_chart_facts_are_precomputed_per_modality_and_setting(review):
    facts = modality_facts(review)
    assert len(facts) == 2 * len(ALL_IDS)
    assert list(facts["modality_id"].unique()) == ALL_IDS
    msi = facts[(facts["modality_id"] == "msi") & (facts["setting"] == "preclinical")].iloc[0]
    assert msi["depth_kind"] == "not-applicable" and msi["label_free"] == "yes" and msi["non_invasive"] == "no"
    assert msi["studies"]["drug|tissue|any"] == 5  # papers: refs 307-309, 313, 323 (the others name no tissue scale)


def test_chart_alt_text_and_name(review):
    figure = chooser_chart(review)
    assert figure.name == "modality-chooser"
    assert "As the page opens nothing is asked and all fit" in figure.alt and "1. MSI (21 studies)" in figure.alt
    assert len(json.dumps(figure.spec)) < 200_000
