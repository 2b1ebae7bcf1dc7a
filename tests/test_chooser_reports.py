"""choose()'s answers on the review's rows as they are reported: every reason traced to data rows that say
it, the answer as JSON, a frame and text, and the interactive chart, drawn by Vega (vl-convert) with its
menus set to a grid of values, showing on every line what choose() answers. That checks the Vega-Lite
expressions, not only the spec's shape.
"""

from __future__ import annotations

import json

import pytest

from chooser_answers import OPTIONS, draw, expected_lines, menu_settings
from nanoimaging.choose import choose
from nanoimaging.choose.results import CHECKS
from nanoimaging.choose.vega_twin import PARAMS, chooser_chart, modality_facts
from review_rows import REVIEW_IDS, csv_rows

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


# --- the interactive chart gives choose()'s answers ------------------------------------------------


def grid() -> list[dict]:
    """Every value of every input alone, then combinations drawn with a fixed seed, then hand-picked ones."""
    return menu_settings(seed=7, draws=30) + [
        {PARAMS["min_depth"]: 0.001, PARAMS["max_resolution"]: 1e-5},  # margins 1 and 0
        {PARAMS["min_depth"]: 0.001},  # whole body: no depth limit
        {PARAMS["setting"]: "clinical", PARAMS["scale"]: "organ-tumour"},
        {PARAMS["aspect"]: "drug", PARAMS["scale"]: "tissue", PARAMS["label_free"]: True},
        {PARAMS["max_resolution"]: 0.001, PARAMS["non_invasive"]: True},  # PET/SPECT preclinical only
        {PARAMS["scale"]: "tissue", PARAMS["max_resolution"]: 1e-5},  # resolution failures in either setting
    ]


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
    assert len(facts) == 2 * len(REVIEW_IDS)
    assert list(facts["modality_id"].unique()) == REVIEW_IDS
    msi = facts[(facts["modality_id"] == "msi") & (facts["setting"] == "preclinical")].iloc[0]
    assert msi["depth_kind"] == "not-applicable" and msi["label_free"] == "yes" and msi["non_invasive"] == "no"
    assert msi["studies"]["drug|tissue|any"] == 5  # papers: refs 307-309, 313, 323 (the others name no tissue scale)


def test_chart_alt_text_and_name(review):
    figure = chooser_chart(review)
    assert figure.name == "modality-chooser"
    assert "As the page opens nothing is asked and all fit" in figure.alt and "1. MSI (21 studies)" in figure.alt
    assert len(json.dumps(figure.spec)) < 200_000
