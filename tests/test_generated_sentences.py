"""Sentences the code writes say what the data says, whose it is, and no more (issue 23).

- every "no ... coded" reason of the chooser is backed by the absence it claims, and claims
  nothing of the review (a missing row is no statement of the review);
- a modality added to the data gets no "the review" or "Table 1" wording for its own rows;
- the resolution captions and the chooser read a printed resolution by one rule
  (:func:`nanoimaging.data.units.finest_value`), and the captions say which;
- counts of the review count the review's rows only.

Behaviour on the small fixture package (NOV is its added modality); fidelity on the review's rows.
"""

from __future__ import annotations

import itertools

import pytest

from csv_edit import find_row, set_cell
from nanoimaging import Dataset, load
from nanoimaging.choose import choose
from nanoimaging.data.units import FINEST_RULE, finest_value
from nanoimaging.data.vocabulary import NOT_NAMED, SCALE_LABELS, SCALES, SETTINGS
from nanoimaging.figures.evidence_map import TITLE, evidence_title, stated_legend
from nanoimaging.figures.resolution import resolution_depth
from nanoimaging.site.sphinx_review import substitutions


def absence_reasons(data: Dataset) -> list[tuple[str, str, str | None, str]]:
    """(modality_id, scale, setting, message) of every setting or scale exclusion, over every scale and setting."""
    found = []
    for scale, setting in itertools.product(SCALES, (None, *SETTINGS)):
        for ex in choose(data, scale=scale, setting=setting).excluded:
            if ex.check in ("setting", "scale"):
                found.append((ex.modality_id, scale, setting, ex.reason.message))
    return found


def backing_problems(data: Dataset, reasons: list[tuple[str, str, str | None, str]]) -> list[str]:
    """Reasons that claim a missing scales row where the row exists, say more than that, or speak for the review."""
    rows = {(str(r.modality_id), str(r.scale), str(r.setting)) for r in data.scales.itertuples()}
    names = dict(zip(data.modalities["modality_id"].astype(str), data.modalities["name"].astype(str), strict=True))
    problems = []
    for modality, scale, setting, message in reasons:
        settings = (setting,) if setting else SETTINGS
        if f"states {SCALE_LABELS[scale].lower()} scale for {names[modality]}" in message:
            # a statement with no setting named: backed by its not-stated row, and no row of the setting
            endings = tuple(f"without naming a setting, so the data codes no {s} use at that scale" for s in settings)
            if (modality, scale, NOT_NAMED) not in rows or not message.endswith(endings):
                problems.append(f"{modality} {scale}: no statement without a setting backs {message!r}")
            if any((modality, scale, s) in rows for s in settings):
                problems.append(f"{modality} {scale} {setting}: a row exists, yet {message!r}")
            continue
        if not message.startswith("the data codes no ") or "(no row of scales.csv)" not in message:
            problems.append(f"{modality}: says more than the missing row: {message!r}")
        if f"{SCALE_LABELS[scale].lower()} scale" in message and any((modality, scale, s) in rows for s in settings):
            problems.append(f"{modality} {scale} {setting}: a row exists, yet {message!r}")
        if f"for {names[modality]} " not in message:
            problems.append(f"{modality}: the reason names another modality: {message!r}")
        if "the review" in message.replace("not in the review", ""):
            problems.append(f"{modality}: speaks for the review: {message!r}")
    return problems


def test_every_no_scale_reason_is_backed_by_the_absence_it_claims(small: Dataset):
    reasons = absence_reasons(small)
    assert len(reasons) > 10
    assert backing_problems(small, reasons) == []


def test_the_backing_check_catches_a_claim_the_rows_do_not_back(small: Dataset):
    """Fault test: the old wording speaks for the review; a claimed absence where BSC has the row is caught."""
    old = ("micro", "tissue", "clinical", "the review states no clinical use of MIC, at any scale")
    wrong = (
        "body-scan",
        "patient",
        "clinical",
        "the data codes no patient scale in clinical use for BSC (no row of scales.csv)",
    )
    unbacked = (
        "sono",
        "cellular",
        "clinical",
        "the review states cellular scale for SNO without naming a setting, so the data codes no clinical use at"
        " that scale",
    )
    problems = backing_problems(small, [old, wrong, unbacked])
    assert any("speaks for the review" in p for p in problems) and any("says more" in p for p in problems)
    assert any(p.startswith("sono cellular: no statement without a setting backs") for p in problems)
    assert any(p.startswith("body-scan patient clinical: a row exists") for p in problems)


def test_every_no_scale_reason_of_the_review_is_backed_by_the_absence_it_claims(review: Dataset):
    """Fidelity: BLI/FLI in the clinic is not 'no clinical use' (Table 1: invasive when used clinically)."""
    reasons = absence_reasons(review)
    assert reasons
    assert backing_problems(review, reasons) == []
    bli = choose(review, setting="clinical").excluded
    message = next(e.reason.message for e in bli if e.modality_id == "bli-fli")
    assert message == "the data codes no clinical scale for BLI/FLI (no row of scales.csv)"


def test_an_added_modality_gets_no_review_wording_for_its_own_rows(small: Dataset):
    said = []
    for aspect, scale in itertools.product(("drug", "environment"), (None, "tissue", "patient")):
        choice = choose(small, aspect=aspect, scale=scale)
        said += [r.message for f in choice.fits if f.modality_id == "nova" for r in f.reasons]
        said += [e.reason.message for e in choice.excluded if e.modality_id == "nova"]
    assert said
    for message in said:
        assert "Table 1" not in message and "the review" not in message.replace("not in the review", ""), message
    assert any("NOV is added, not in the review" in m for m in said)


def test_the_review_s_own_rows_keep_their_attribution(small: Dataset):
    micro = next(f for f in choose(small, aspect="drug", scale="cellular").fits if f.modality_id == "micro")
    messages = {r.check: r.message for r in micro.reasons}
    assert messages["aspect"].startswith("Table 1 lists ")
    assert messages["scale"] == "the review states preclinical use at cellular scale"


@pytest.mark.parametrize(
    ("label", "qualifier", "low", "high", "value"),
    [
        ("50-500 μm", "range", 5e-5, 5e-4, 5e-5),
        ("< 1 mm", "upper-bound", None, 1e-3, 1e-3),
        ("~4 mm", "approximate", 4e-3, 4e-3, 4e-3),
        ("Subcellular", "qualitative", None, None, None),
    ],
)
def test_finest_value_is_the_one_rule(label, qualifier, low, high, value):
    assert finest_value(qualifier, low, high) == value, label


def test_captions_and_chooser_rank_resolutions_by_the_same_rule(small_dir):
    """SNO printed '1 μm - 5 mm': finest of its family by the rule, coarsest had the upper end counted."""
    row = find_row(small_dir / "resolution.csv", modality_id="sono")
    for column, value in (("label", "1 μm - 5 mm"), ("min_m", "0.000001"), ("max_m", "0.005")):
        set_cell(small_dir / "resolution.csv", row, column, value)
    data = load(small_dir)
    caption = resolution_depth(data, family="far").alt
    assert FINEST_RULE in caption
    assert "the finest number printed is 1 µm (SNO, printed '1 μm - 5 mm')" in caption
    assert "the coarsest is 4 mm (PX (clinical) of BSC, printed '~4 mm')" in caption
    assert [f.modality_id for f in choose(data, max_resolution="1 um").fits] == ["slice", "sono"]


def test_the_review_s_captions_follow_the_rule(review: Dataset):
    """Fidelity: CT and US (50-500 μm) are the finest non-invasive values, not MRI's ~0.1 mm; fDOT/FMT the coarsest optical."""
    clinical = resolution_depth(review, family="non-invasive-clinical").alt
    assert "the finest number printed is 50 µm (CT, printed '50-500 μm'; US, printed '50-500 μm')" in clinical
    optical = resolution_depth(review, family="optical").alt
    assert "the finest number printed is 1 µm (Opto-acoustic, printed '1 μm - 1 mm')" in optical
    assert "the coarsest is 1 mm (fDOT/FMT, printed '< 1 mm', an upper bound)" in optical


def test_counts_of_the_review_exclude_added_rows(small: Dataset):
    said = substitutions(small)
    assert said["modalities_count"] == "four" and said["families_count"] == "two"  # NOV is added
    assert said["added_note"].startswith("This copy adds one modality (NOV) and ")
    review = substitutions(small.review_only())
    assert review["added_note"] == "Every row of the data package has the review as its source: this copy adds nothing."


def test_the_prose_names_the_studies_it_counts_as_the_review_s_only_when_they_are(small: Dataset):
    fork = substitutions(small)  # the small package has one study added, not in the review
    assert fork["studies_described"] == "studies described (1 added, not in the review)"
    assert fork["review_studies"] == "the studies described (1 added, not in the review)"
    review = substitutions(small.review_only())
    assert review["studies_described"] == "studies the review describes"
    assert review["review_studies"] == "the review's studies"


def test_the_evidence_map_says_whose_statements_it_shows(small: Dataset):
    assert evidence_title(small) != TITLE and "added" in evidence_title(small)
    assert stated_legend(small) == "the review, or an added row, states this scale"
    review = small.review_only()
    assert evidence_title(review) == TITLE
    assert stated_legend(review) == "the review says the modality images at this scale"


def test_a_family_s_charts_credit_its_added_modality_to_the_copy_not_to_table1(small: Dataset):
    from nanoimaging.figures.matrices import scale_matrix
    from nanoimaging.figures.resolution import resolution_speed

    added = small.modalities[small.is_added(small.modalities)]
    assert len(added), "the fixture has no added modality"
    family = str(added["family"].iloc[0])
    speed = resolution_speed(small, family=family).alt
    assert "or added to this copy" in speed, speed
    grid = scale_matrix(small, family=family).spec
    assert "(or a row added to this copy)" in str(grid.get("title")), grid.get("title")
    review_only = small.modalities[~small.is_added(small.modalities)]
    other = next(f for f in review_only["family"].astype(str) if f not in set(added["family"].astype(str)))
    assert "added" not in resolution_speed(small, family=other).alt
