"""Behaviour of cover() on the small synthetic package (tests/fixtures/small-package/).

Answers worked out by hand from the package's CSV files (comments name the rows). Every modality
lists an approach for every aspect, so a modality covers (scale, aspect) where scales.csv states
the scale in the setting:

- micro: P tissue (group), cellular, subcellular     - slice: C tissue; P tissue, cellular
- nova (added): P tissue, cellular                     - body-scan: C+P patient, organ-tumour
- sono: C organ-tumour (group); P organ-tumour, tissue

Studies (method modality), by cell: body-scan ref1 C patient+organ (nanoparticle), ref2 P organ
(drug, nanoparticle); sono ref3 P tissue+cellular (environment), ref7 no scale; micro ref4 P
cellular+subcellular (drug), cellular (nanoparticle); slice ref5 C tissue (drug), added2024 P
tissue (drug). Table 1 order: micro, slice, nova, body-scan, sono.
"""

from __future__ import annotations

import pytest

from nanoimaging import Dataset
from nanoimaging.choose.cover import cell_label, cover
from nanoimaging.data.vocabulary import scales_in


def combos(result) -> list[tuple[str, ...]]:
    return [c.modality_ids for c in result.combinations]


def test_one_modality_covers_the_clinical_patient_and_organ_cells(small: Dataset):
    result = cover(small, scales=["patient", "organ-tumour"], aspects=["drug"], setting="clinical")
    assert result.size == 1
    assert combos(result) == [("body-scan",)]
    assert result.covered_by == {("patient", "drug"): ("body-scan",), ("organ-tumour", "drug"): ("body-scan", "sono")}
    # micro and nova state no clinical use
    assert {e.modality_id: e.check for e in result.excluded} == {"micro": "setting", "nova": "setting"}


def test_all_smallest_combinations_ranked_by_papers_then_table1_order(small: Dataset):
    result = cover(small, scales=["organ-tumour", "tissue", "cellular"], aspects=["drug"], setting="preclinical")
    assert result.covered_by == {
        ("organ-tumour", "drug"): ("body-scan", "sono"),
        ("tissue", "drug"): ("micro", "slice", "nova", "sono"),
        ("cellular", "drug"): ("micro", "slice", "nova"),
    }
    # no single modality covers organ and cellular; every pair of (body-scan or sono) and (micro, slice or
    # nova) does. Papers behind the members' cells (drug, preclinical): micro cellular ref4, slice tissue
    # added2024, body-scan organ ref2; nova and sono none
    assert result.size == 2
    assert combos(result) == [
        ("micro", "body-scan"),  # ref4, ref2
        ("slice", "body-scan"),  # added2024, ref2
        ("micro", "sono"),  # ref4
        ("slice", "sono"),  # added2024
        ("nova", "body-scan"),  # ref2
        ("nova", "sono"),  # none
    ]
    assert [c.n_studies for c in result.combinations] == [2, 2, 1, 1, 1, 0]
    assert result.combinations[4].names == ("NOV (added)", "BSC")
    first = result.combinations[0]
    assert {m.modality_id: m.cells for m in first.members} == {
        "micro": (("tissue", "drug"), ("cellular", "drug")),
        "body-scan": (("organ-tumour", "drug"),),
    }
    only = {m.modality_id: [cell_label(c) for c in m.only] for m in result.combinations[2].members}
    assert only == {"micro": ["cellular \u00d7 drug"], "sono": ["organ / tumour \u00d7 drug"]}  # tissue: both
    assert result.missing(["body-scan"]) == (("tissue", "drug"), ("cellular", "drug"))
    assert result.missing(["sono", "nova"]) == ()
    assert len(result.to_frame()) == 12


def test_require_study(small: Dataset):
    result = cover(
        small,
        scales=["organ-tumour", "tissue", "cellular"],
        aspects=["drug"],
        setting="preclinical",
        require_study=True,
    )
    # with a study needed: organ only body-scan (ref2), tissue only slice (added2024), cellular only micro (ref4)
    assert result.covered_by == {
        ("organ-tumour", "drug"): ("body-scan",),
        ("tissue", "drug"): ("slice",),
        ("cellular", "drug"): ("micro",),
    }
    assert combos(result) == [("micro", "slice", "body-scan")]
    assert result.combinations[0].n_studies == 3
    slice_ = next(m for m in result.combinations[0].members if m.modality_id == "slice")
    assert [s.study_id for cc in slice_.covers for s in cc.studies] == ["s-added2024-slice"]
    micro = next(m for m in result.combinations[0].members if m.modality_id == "micro")
    assert [s.study_id for cc in micro.covers for s in cc.studies] == ["s-4-micro"]  # ref4 once


def test_require_study_on_the_review_only(small: Dataset):
    # without the added study, nothing the review describes images the drug at tissue scale preclinically
    result = cover(
        small.review_only(),
        scales=["organ-tumour", "tissue", "cellular"],
        aspects=["drug"],
        setting="preclinical",
        require_study=True,
    )
    assert result.uncoverable == (("tissue", "drug"),)
    assert result.combinations == () and result.size is None
    assert "No combination covers everything: no modality covers tissue \u00d7 drug." in str(result)


def test_a_study_with_no_scale_covers_nothing(small: Dataset):
    # s-7-sono (nanoparticle) states no scale: sono has no nanoparticle study at organ scale
    result = cover(small, scales=["organ-tumour"], aspects=["nanoparticle"], setting="preclinical", require_study=True)
    assert result.covered_by == {("organ-tumour", "nanoparticle"): ("body-scan",)}  # ref2


def test_setting_is_chosen_cell_by_cell(small: Dataset):
    # either setting: sono states organ-tumour clinically (group) and preclinically, tissue preclinically
    result = cover(small, scales=["organ-tumour", "tissue"], aspects=["environment"])
    assert combos(result) == [("sono",)]
    sono = result.combinations[0].members[0]
    assert {cc.cell: cc.settings for cc in sono.covers} == {
        ("organ-tumour", "environment"): ("clinical", "preclinical"),
        ("tissue", "environment"): ("preclinical",),
    }
    assert result.combinations[0].n_studies == 1  # ref3, tissue x environment, preclinical
    organ = next(cc for cc in sono.covers if cc.cell == ("organ-tumour", "environment"))
    assert [(e.resource, e.text) for e in organ.evidence] == [
        ("scales", "All far-field methods can show organs and tumours in patients."),
        ("scales", "In mice, sonic observation resolves tumours and the tissue around them."),
        ("approaches", "Blood flow"),
    ]
    # clinically, tissue is stated only for slice: slice plus one of the organ modalities
    clinical = cover(small, scales=["organ-tumour", "tissue"], aspects=["environment"], setting="clinical")
    assert combos(clinical) == [("slice", "body-scan"), ("slice", "sono")]
    assert [c.n_studies for c in clinical.combinations] == [0, 0]  # ref6 (histology) does not count


@pytest.mark.parametrize(
    ("setting", "n_studies"),
    [
        # micro (subcellular) and body-scan (patient) are each the only one at their scale
        ("preclinical", 2),  # ref4, ref2
        (None, 3),  # ref4, ref2 and ref1 (clinical)
    ],
)
def test_every_cell(small: Dataset, setting, n_studies):
    result = cover(small, setting=setting)
    # every scale of the setting (patient is clinical, organism preclinical; either setting: both) x 3 aspects
    assert len(result.cells) == len(scales_in(setting)) * 3 == (15 if setting else 18)
    assert combos(result) == [("micro", "body-scan")]
    assert result.combinations[0].n_studies == n_studies


def test_other_requirements_rule_members_out(small: Dataset):
    # label-free: micro sometimes, body-scan no, sono not stated; slice and nova are yes
    result = cover(small, scales=["tissue", "cellular"], aspects=["drug"], label_free=True)
    assert {e.modality_id: e.check for e in result.excluded} == {
        "micro": "label-free",
        "body-scan": "label-free",
        "sono": "label-free",
    }
    assert combos(result) == [("slice",), ("nova",)]  # slice: ref5 and added2024 at tissue; nova: none
    assert [c.n_studies for c in result.combinations] == [2, 0]
    slice_ = result.combinations[0].members[0]
    assert {cc.cell: cc.settings for cc in slice_.covers} == {
        ("tissue", "drug"): ("clinical", "preclinical"),
        ("cellular", "drug"): ("preclinical",),
    }
    # depth >= 5 mm rules out micro (~1 mm): nothing covers subcellular
    deep = cover(small, scales=["subcellular"], aspects=["drug"], min_depth="5 mm")
    assert deep.uncoverable == (("subcellular", "drug"),)
    assert {e.modality_id: e.check for e in deep.excluded} == {"micro": "depth", "slice": "depth"}


def test_report_names_the_added_modality(small: Dataset):
    result = cover(small, scales=["organ-tumour", "tissue", "cellular"], aspects=["drug"], setting="preclinical")
    text = str(result)
    assert (
        "Smallest combinations: 2 modalities, 6 combinations (ranked by studies described in the settings covered; a study whose setting is not stated counts in none):"
        in text
    )
    assert " 1. MIC + BSC (2 studies)" in text
    assert " 6. NOV (added) + SNO (0 studies)" in text
    table = result.table()
    assert list(table.columns) == ["MIC", "SLX", "NOV (added)", "BSC", "SNO"]
    assert table.loc["cellular \u00d7 drug"].tolist() == [True, True, True, False, False]
