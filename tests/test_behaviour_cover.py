"""Behaviour of cover() on packages with known answers: the small synthetic package
(tests/fixtures/small-package/), and at the end packages written here from the review's modalities with a
few scale statements (few_scales_dir).

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

from dataclasses import replace
from pathlib import Path

import pytest

from csv_edit import keep_review_rows, named_in_evidence, read_rows, write_rows
from nanoimaging import Dataset, load
from nanoimaging.choose.cover import cell_label, cover
from nanoimaging.data.vocabulary import scales_in


def combos(result) -> list[tuple[str, ...]]:
    return [c.modality_ids for c in result.combinations]


def combo_sets(result) -> list[set[str]]:
    return [set(c.modality_ids) for c in result.combinations]


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


# --- packages written here from the review's modalities, with known answers ---------------------------

#: Scale statements of the small package: modality -> scales (preclinical unless said otherwise).
SMALL_SCALES = {
    "mri": ["organism", "organ-tumour"],
    "ct": ["organ-tumour"],
    "us": ["tissue", "cellular"],
    "ivm": ["cellular", "subcellular"],
    "msi": ["tissue"],
}


def write_scales(
    data_dir: Path, statements: dict[str, list[str]], clinical: dict[str, list[str]] | None = None
) -> None:
    path = data_dir / "scales.csv"
    header = read_rows(path)[0]
    rows = [header]
    for setting, table in (("clinical", clinical or {}), ("preclinical", statements)):
        for modality, scales in table.items():
            for scale in scales:
                # made-up statements: attributed to another work than the review (ref59), so not checked against its text
                row = {
                    "modality_id": modality,
                    "scale": scale,
                    "setting": setting,
                    "basis": "modality",
                    "source": "ref59",
                    "section": "",
                    "line": "",
                    "evidence": f"{modality} at {scale} scale",
                }
                rows.append([row.get(name, "") for name in header])
    write_rows(path, rows)


def write_studies(data_dir: Path, studies: list[tuple[str, str, str, str]]) -> None:
    """(modality_id, aspects, scales, setting) each, on rows of the review whose words name the setting."""
    path = data_dir / "studies.csv"
    rows = read_rows(path)
    header = rows[0]
    column = {name: i for i, name in enumerate(header)}
    new: list[list[str]] = []
    for modality, aspects, scales, setting in studies:
        row = list(named_in_evidence(rows, setting, skip=new))  # its own words name the setting
        row[column["study_id"]] = f"s-{row[column['ref']]}-{modality}"
        for name, value in (
            ("modality_id", modality),
            ("method", "modality"),
            ("aspects", aspects),
            ("scales", scales),
            ("setting", setting),
            ("technique", ""),
            ("subject", ""),
        ):
            row[column[name]] = value
        new.append(row)
    write_rows(path, [header, *new])


@pytest.fixture
def few_scales_dir(data_dir):
    keep_review_rows(data_dir)  # the review's rows, whatever a fork added
    write_scales(data_dir, SMALL_SCALES)
    return data_dir


def test_small_smallest_covers_are_the_two_known_triples(few_scales_dir):
    """Organism: only MRI; subcellular: only IVM; tissue: US or MSI. So MRI + IVM + (US or MSI)."""
    result = cover(load(few_scales_dir), aspects=["drug"], setting="preclinical")
    assert result.size == 3
    assert sorted(map(sorted, combo_sets(result))) == [["ivm", "mri", "msi"], ["ivm", "mri", "us"]]
    assert result.uncoverable == ()
    triple = next(c for c in result.combinations if set(c.modality_ids) == {"mri", "us", "ivm"})
    only = {m.modality_id: [cell_label(c) for c in m.only] for m in triple.members}
    assert only == {
        "mri": ["organism \u00d7 drug", "organ / tumour \u00d7 drug"],
        "us": ["tissue \u00d7 drug"],
        "ivm": ["subcellular \u00d7 drug"],
    }  # cellular is shared by US and IVM


def test_small_every_member_of_a_smallest_cover_is_needed(few_scales_dir):
    result = cover(load(few_scales_dir), setting="preclinical")
    for combo in result.combinations:
        assert all(member.only for member in combo.members)
        for member in combo.members:
            rest = [m for m in combo.modality_ids if m != member.modality_id]
            assert result.missing(rest), (combo.modality_ids, member.modality_id)


def test_small_a_setting_with_no_statement_leaves_every_cell_uncovered(few_scales_dir):
    result = cover(load(few_scales_dir), aspects=["drug"], setting="clinical")
    assert result.combinations == () and result.size is None
    assert result.uncoverable == tuple((s, "drug") for s in scales_in("clinical"))
    assert "No combination covers everything" in str(result)


def test_small_either_setting_combines_cell_by_cell(data_dir):
    keep_review_rows(data_dir)
    write_scales(data_dir, SMALL_SCALES, clinical={"ct": ["patient"]})
    data = load(data_dir)
    preclinical = cover(data, aspects=["drug"], setting="preclinical")
    either = cover(data, aspects=["drug"])
    assert sorted(map(sorted, combo_sets(preclinical))) == [["ivm", "mri", "msi"], ["ivm", "mri", "us"]]
    # either setting asks for patient (only CT, clinically) and organism (only MRI, preclinically) too
    assert sorted(map(sorted, combo_sets(either))) == [["ct", "ivm", "mri", "msi"], ["ct", "ivm", "mri", "us"]]
    ct = next(m for c in either.combinations for m in c.members if m.modality_id == "ct")
    assert {cc.cell: cc.settings for cc in ct.covers} == {
        ("patient", "drug"): ("clinical",),
        ("organ-tumour", "drug"): ("preclinical",),
    }
    clinical = scales_in("clinical")
    assert cover(data, aspects=["drug"], setting="clinical").uncoverable == tuple((s, "drug") for s in clinical[1:])


def test_small_require_study_and_ranking_by_studies(few_scales_dir):
    write_studies(
        few_scales_dir,
        [
            ("mri", "drug", "organism;organ-tumour", "preclinical"),
            ("ivm", "drug", "cellular;subcellular", "preclinical"),
            ("msi", "drug", "tissue", "preclinical"),
        ],
    )
    data = load(few_scales_dir)
    stated = cover(data, aspects=["drug"], setting="preclinical")
    assert [set(c.modality_ids) for c in stated.combinations] == [{"mri", "ivm", "msi"}, {"mri", "us", "ivm"}]
    assert [c.n_studies for c in stated.combinations] == [3, 2]
    studied = cover(data, aspects=["drug"], setting="preclinical", require_study=True)
    assert combo_sets(studied) == [{"mri", "ivm", "msi"}]  # US has no study: it covers nothing
    assert studied.covered_by[("tissue", "drug")] == ("msi",)
    msi = next(m for m in studied.combinations[0].members if m.modality_id == "msi")
    assert [s.study_id for cc in msi.covers for s in cc.studies] == [read_rows(few_scales_dir / "studies.csv")[3][0]]


def test_small_an_aspect_without_an_approach_is_not_covered(few_scales_dir):
    data = load(few_scales_dir)
    approaches = data.approaches
    no_drug = replace(
        data, approaches=approaches[~((approaches["modality_id"] == "msi") & (approaches["aspect"] == "drug"))]
    )
    assert combo_sets(cover(no_drug, aspects=["drug"], setting="preclinical")) == [{"mri", "us", "ivm"}]
    both = cover(no_drug, aspects=["drug", "environment"], setting="preclinical")
    assert combo_sets(both) == [{"mri", "us", "ivm"}]
    assert both.covered_by[("tissue", "environment")] == ("us", "msi")
    assert both.covered_by[("tissue", "drug")] == ("us",)


def test_small_other_requirements_rule_members_out(few_scales_dir):
    # depth >= 5 mm rules out IVM (1-2 mm) and MSI (Not applicable): nothing covers subcellular;
    # the modalities with no scale statement in this package are out at the setting check
    result = cover(load(few_scales_dir), aspects=["drug"], setting="preclinical", min_depth="5 mm")
    assert {e.modality_id: e.check for e in result.excluded} == {
        "pet-spect": "setting",
        "bli-fli": "setting",
        "fdot-fmt": "setting",
        "optoacoustic": "setting",
        "ivm": "depth",
        "msi": "depth",
    }
    assert result.uncoverable == (("subcellular", "drug"),)
