"""cover() and the studies' coverage and gaps on packages written here with known answers: a few scale
statements or three studies over the shipped data's other tables, as they are. A fork's own suite runs
this module on the fork's rows (tests/site/test_fork.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from csv_edit import keep_review_rows, named_in_evidence, read_rows, write_rows
from nanoimaging import load
from nanoimaging.choose.cover import cell_label, cover
from nanoimaging.data.studies import ALL, GAP, coverage, gaps, study_matrix
from nanoimaging.data.vocabulary import SCALES, scales_in


def combo_sets(result) -> list[set[str]]:
    return [set(c.modality_ids) for c in result.combinations]


# --- cover(): the review's modalities with a few scale statements -------------------------------------

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


# --- gaps, on a small data package made for the test -----------------------------------


@pytest.fixture
def three_studies_dir(data_dir: Path):
    """Three studies and four scale statements (other tables: the review's rows as shipped)."""
    keep_review_rows(data_dir)
    studies = read_rows(data_dir / "studies.csv")
    header = studies[0]
    column = {name: header.index(name) for name in header}
    plan = [  # modality, aspects, scales, setting
        ("pet-spect", "nanoparticle", "organ-tumour", "clinical"),
        ("pet-spect", "drug;nanoparticle", "patient;organ-tumour", "clinical"),
        ("ivm", "nanoparticle;environment", "tissue;cellular", "preclinical"),
    ]
    rows = []
    for number, (modality, aspects, scales, setting) in enumerate(plan, start=1):
        row = list(named_in_evidence(studies, setting, skip=rows))
        row[column["study_id"]] = f"s-{row[column['ref']]}-test{number}"
        row[column["modality_id"]], row[column["aspects"]] = modality, aspects
        row[column["scales"]], row[column["setting"]] = scales, setting
        row[column["method"]] = "modality"
        rows.append(row)
    write_rows(data_dir / "studies.csv", [header, *rows])
    scales = read_rows(data_dir / "scales.csv")
    header = scales[0]
    statements = [
        ("pet-spect", "patient", "clinical"),
        ("pet-spect", "tissue", "preclinical"),
        ("ivm", "tissue", "preclinical"),
        ("ivm", "subcellular", "preclinical"),
    ]
    new = []
    for modality, scale, setting in statements:
        row = list(named_in_evidence(scales, setting))
        row[header.index("modality_id")], row[header.index("scale")], row[header.index("setting")] = (
            modality,
            scale,
            setting,
        )
        new.append(row)
    write_rows(data_dir / "scales.csv", [header, *new])
    return load(data_dir)


def test_gaps_on_a_small_package(three_studies_dir):
    table = gaps(three_studies_dir)
    assert list(table.columns) == ["modality_id", "modality", "scale", "setting", "stated_possible", "status"]
    # 9 modalities x 6 scales x (clinical, preclinical, all), less the 8 cells with a study
    assert len(table) == 9 * len(SCALES) * 3 - 8
    possible = {(r.modality_id, r.scale, r.setting) for r in table.itertuples() if r.stated_possible}
    assert possible == {
        ("pet-spect", "tissue", "preclinical"),
        ("pet-spect", "tissue", ALL),
        ("ivm", "subcellular", "preclinical"),
        ("ivm", "subcellular", ALL),
    }
    assert set(table.loc[table["stated_possible"], "status"]) == {GAP}
    assert set(table.loc[~table["stated_possible"], "status"]) == {"not stated possible"}
    cited = {(r.modality_id, r.scale, r.setting) for r in coverage(three_studies_dir).itertuples() if r.n_studies}
    assert cited == {
        ("pet-spect", "patient", "clinical"),
        ("pet-spect", "patient", ALL),
        ("pet-spect", "organ-tumour", "clinical"),
        ("pet-spect", "organ-tumour", ALL),
        ("ivm", "tissue", "preclinical"),
        ("ivm", "tissue", ALL),
        ("ivm", "cellular", "preclinical"),
        ("ivm", "cellular", ALL),
    }
    assert not any((m, s, st) in cited for m, s, st in zip(table.modality_id, table.scale, table.setting, strict=True))


def test_coverage_statuses_on_a_small_package(three_studies_dir):
    table = coverage(three_studies_dir).set_index(["modality_id", "scale", "setting"])["status"]
    assert table[("pet-spect", "patient", "clinical")] == "stated and cited"
    assert table[("pet-spect", "organ-tumour", "clinical")] == "cited, not stated"
    assert table[("pet-spect", "patient", "preclinical")] == "not stated possible"
    assert table[("ivm", "subcellular", ALL)] == GAP
    assert table[("pet-spect", "organ-tumour", ALL)] == "cited, not stated"


def test_study_matrix_on_a_small_package(three_studies_dir):
    matrix = study_matrix(three_studies_dir)
    assert matrix.loc["pet-spect", "organ-tumour"] == 2 and matrix.loc["pet-spect", "patient"] == 1
    assert matrix.loc["ivm", "tissue"] == matrix.loc["ivm", "cellular"] == 1 and matrix.to_numpy().sum() == 5
    assert study_matrix(three_studies_dir, aspect="drug").to_numpy().sum() == 2
