"""cover() on the review's rows: its options and errors, the real data against a brute force written here
from the CSV files, and the combinations the review itself discusses. Its behaviour on packages with known
answers is in test_behaviour_cover.py.

Line numbers cited are those of the review's plain-text extraction (as in data/scales.csv).
"""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import combinations

import pytest

from nanoimaging.choose import ChooserError
from nanoimaging.choose.cover import cover
from nanoimaging.cli import main
from nanoimaging.cli.exits import EXIT_USAGE
from nanoimaging.data.vocabulary import ASPECTS, SCALES, SETTINGS
from nanoimaging.refs.bibtex import REVIEW_KEY
from review_rows import csv_rows


def combos(result) -> list[set[str]]:
    return [set(c.modality_ids) for c in result.combinations]


# --- options and errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"scales": ["organ"]},
            ["scales must be one of patient, organism, organ-tumour", "did you mean 'organ-tumour'"],
        ),
        ({"aspects": ["drugs"]}, ["aspects must be one of drug, nanoparticle, environment"]),
        ({"scales": []}, ["scales must list at least one of"]),
        ({"setting": "mice"}, ["setting must be one of clinical, preclinical"]),
        ({"require_study": "yes"}, ["require_study must be True or False"]),
        ({"min_depth": "5 kg"}, ["min_depth must be a length"]),
    ],
)
def test_bad_option_is_refused(review, kwargs, words):
    with pytest.raises(ChooserError) as caught:
        cover(review, **kwargs)
    for word in words:
        assert word in str(caught.value)


def test_cells_default_to_all_are_deduplicated_and_in_the_review_order(review):
    assert cover(review).cells == tuple((s, a) for s in SCALES for a in ASPECTS)
    result = cover(review, scales=["tissue", "patient", "tissue"], aspects="drug")
    assert result.cells == (("patient", "drug"), ("tissue", "drug"))


def test_missing_refuses_an_unknown_modality(review):
    with pytest.raises(ChooserError, match="modality_ids has unknown ids"):
        cover(review, scales=["patient"]).missing(["pet"])


def test_outputs(review):
    result = cover(review, scales=["organ-tumour", "tissue"], aspects=["environment"], setting="clinical")
    assert json.loads(json.dumps(result.to_dict()))["size"] == 2
    frame = result.to_frame()
    assert list(frame.columns) == ["combination", "modalities", "n_studies", "member", "covers", "only_it_covers"]
    assert len(frame) == 2 * len(result.combinations)
    table = result.table()
    assert table.shape == (2, 9) and table.loc["tissue \u00d7 environment"].sum() == 1


def test_cli_cover():
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nanoimaging",
            "cover",
            "--scales",
            "organ-tumour,tissue",
            "--aspects",
            "environment",
            "--setting",
            "clinical",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert payload["size"] == 2 and all("msi" in c["modalities"] for c in payload["combinations"])


def test_cli_cover_bad_option_is_a_usage_error(capsys):
    """In this process: a bad option's exit status through python -m is checked for choose (test_choose_inputs.py),
    which shares cover's handling of errors."""
    assert main(["cover", "--scales", "tissue", "cell"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "--scales must be one of" in err and "did you mean 'cellular'" in err


# --- the real data, against a brute force written from the CSV files ---------------------------------


def brute_force(scales, aspects, setting, require_study) -> list[frozenset[str]]:
    settings = [setting] if setting else list(SETTINGS)
    stated = {(r["modality_id"], r["scale"], r["setting"]) for r in csv_rows("scales.csv")}
    listed = {(r["modality_id"], r["aspect"]) for r in csv_rows("approaches.csv")}
    studied = {
        (r["modality_id"], s, a, r["setting"])
        for r in csv_rows("studies.csv")
        if r["method"] == "modality" and r["source"] == REVIEW_KEY  # other methods are no evidence
        for s in r["scales"].split(";")
        for a in r["aspects"].split(";")
    }
    modalities = [r["modality_id"] for r in csv_rows("modalities.csv")]
    cells = [(s, a) for s in scales for a in aspects]

    def covers(m, cell):
        return any(
            (m, cell[0], st) in stated
            and (m, cell[1]) in listed
            and (not require_study or (m, cell[0], cell[1], st) in studied)
            for st in settings
        )

    for size in range(1, len(modalities) + 1):
        found = [
            frozenset(c)
            for c in combinations(modalities, size)
            if all(any(covers(m, cell) for m in c) for cell in cells)
        ]
        if found:
            return found
    return []


QUERIES = [
    (SCALES, ASPECTS, None, False),
    (SCALES, ASPECTS, "clinical", False),
    (SCALES, ASPECTS, "preclinical", True),
    (["patient", "organ-tumour"], ASPECTS, "clinical", False),
    (["patient", "organ-tumour"], ["nanoparticle"], "clinical", True),
    (["organ-tumour", "tissue", "cellular"], ["nanoparticle", "environment"], "preclinical", False),
    (["organ-tumour", "tissue", "cellular"], ["nanoparticle", "environment"], "preclinical", True),
    (["tissue", "cellular"], ASPECTS, "preclinical", True),
    (["organ-tumour", "tissue"], ["environment"], "clinical", True),
    (["tissue"], ["drug"], None, True),
    (["subcellular"], ASPECTS, None, False),
]


@pytest.mark.parametrize(("scales", "aspects", "setting", "require_study"), QUERIES)
def test_real_data_equals_a_brute_force(review, scales, aspects, setting, require_study):
    result = cover(review, scales=scales, aspects=aspects, setting=setting, require_study=require_study)
    assert sorted(map(sorted, combos(result))) == sorted(
        map(sorted, brute_force(scales, aspects, setting, require_study))
    )


# --- the combinations the review discusses ----------------------------------------------------------


def test_pet_ct_and_spect_ct_are_covers_but_the_data_cannot_say_why(review):
    """Lines 249-251: nuclear imaging is "often combined with CT (SPECT/CT or PET/CT) to add anatomical
    information and perform attenuation correction".

    Shows: clinically, at patient and organ scale, PET/SPECT alone already covers every aspect (so does CT):
    the pair is a cover, never a smallest one, because anatomy is not a (scale, aspect) cell. The reason
    for the pair is in the data all the same: Table 1's PET/SPECT limitation 4 (line 358).
    """
    result = cover(review, scales=["patient", "organ-tumour"], setting="clinical")
    assert result.size == 1
    assert {"pet-spect"} in combos(result) and {"ct"} in combos(result)
    assert result.missing(["pet-spect", "ct"]) == ()
    limitation = [
        r["text"]
        for r in csv_rows("assessments.csv")
        if r["modality_id"] == "pet-spect" and r["kind"] == "limitation" and r["position"] == "4"
    ]
    assert limitation == ["Lacks anatomical information: combination with other modality (CT, MRI) often needed"]


def test_fluorescence_with_ivm_is_the_best_backed_multiscale_pair(review):
    """Lines 1370-1374: multimodal nanoparticles seen "on tumour/organ scale (MRI, FLI, BLI), tissue scale
    (IHC and IVM), and cellular scale (IVM) [208, 217]"; lines 2106-2111 pair fluorescent and MRI probes.

    Shows: with studies as evidence, nanoparticle and environment from organ to cellular scale in mice need
    two modalities, IVM (the only one with a cellular-scale nanoparticle study) and one for the organ scale.
    BLI/FLI + IVM is backed by the most studies, the joint credit [208, 217] counted once. MRI is in no
    smallest pair: the review names no setting for its studies [208, 212, 217] (they sit in the IVM section,
    but the sentence does not say the MRI was done in animals), so they do not count as preclinical.
    """
    result = cover(
        review,
        scales=["organ-tumour", "tissue", "cellular"],
        aspects=["nanoparticle", "environment"],
        setting="preclinical",
        require_study=True,
    )
    assert result.size == 2 and all("ivm" in c for c in combos(result))
    assert result.combinations[0].modality_ids == ("bli-fli", "ivm")
    assert result.covered_by[("cellular", "nanoparticle")] == ("ivm",)
    assert not any("mri" in c for c in combos(result))
    unnamed = {r["study_id"] for r in csv_rows("studies.csv") if r["modality_id"] == "mri" and not r["setting"]}
    assert {"s-208-mri", "s-212-mri", "s-217-mri"} <= unnamed
    labels = [s.label for m in result.combinations[0].members for cc in m.covers for s in cc.studies]
    assert any(label.startswith("[208, 217] jointly") for label in labels)


def test_without_study_evidence_the_statements_let_one_modality_span_those_scales(review):
    """Lines 1143-1150, 2013-2017 and 2022-2027: by the scale statements alone, IVM, MSI and fDOT/FMT each
    span organ to cellular scale preclinically, IVM's organ scale and fDOT/FMT's cellular scale only through
    the Discussion's sentence on all optical modalities (a group statement, marked * in the report).
    Opto-acoustic imaging is in none: its tissue and cellular statements (lines 1526, 1539) name no setting.
    Requiring non-invasive use leaves IVM (Table 1: "Preclinically non-invasive")."""
    cells = {
        "scales": ["organ-tumour", "tissue", "cellular"],
        "aspects": ["nanoparticle", "environment"],
        "setting": "preclinical",
    }
    result = cover(review, **cells)
    assert combos(result) == [{"ivm"}, {"msi"}, {"fdot-fmt"}]
    ivm = result.combinations[0].members[0]
    assert {cc.cell[0] for cc in ivm.covers if cc.group_only} == {"organ-tumour"}
    assert "* coded from a statement about the modality's whole group" in str(result)
    assert combos(cover(review, **cells, non_invasive=True)) == [{"ivm"}]


def test_optical_with_msi_when_the_drug_must_be_label_free(review):
    """Lines 2084-2091: "On tissue and cellular scale, successful examples have shown complementarity
    between optical imaging and MSI techniques [337]. Fluorescence and MSI have been combined to ...
    map unlabelled therapeutic drug distribution [311]. MSI enabled monitoring of the drug and related
    metabolites, which were impossible to differentiate with solely fluorescence."

    Shows: with studies as evidence, IVM covers the nanoparticle and the environment at tissue and cellular
    scale, but the review describes no IVM study of the drug there (its drug examples used other methods);
    only MSI has one, label-free: the smallest cover is the pair optical + MSI, with MSI for the drug.
    """
    tissue_cell = {"scales": ["tissue", "cellular"], "setting": "preclinical", "require_study": True}
    assert combos(cover(review, **tissue_cell)) == [{"ivm", "msi"}]
    assert combos(cover(review, aspects=["drug"], **tissue_cell)) == [{"msi"}]
    drug = cover(review, aspects=["drug"], label_free=True, **tissue_cell)
    particle = cover(review, aspects=["nanoparticle"], **tissue_cell)
    assert combos(drug) == [{"msi"}] and combos(particle) == [{"ivm"}]
    assert cover(review, aspects=["nanoparticle"], label_free=True, **tissue_cell).uncoverable == (
        ("cellular", "nanoparticle"),
    )


def test_msi_with_mri_bridges_organ_and_tissue_scale_clinically(review):
    """Lines 2121-2124: "A first step towards combining two-dimensional MSI with three-dimensional MRI is
    the ability to monitor MRI contrast agents with MSI ... Tata et al. [342]"; lines 2106-2108: MSI
    "paired with clinical imaging" for multiscale information.

    Shows: clinically, the tumour environment at organ and tissue scale needs two modalities; MSI is the only
    one stated at tissue scale in the clinic, so every smallest cover is MSI plus a clinical whole-body
    modality, MRI + MSI among them. (Study 342 itself is preclinical DESI of gadoteridol.)
    """
    result = cover(review, scales=["organ-tumour", "tissue"], aspects=["environment"], setting="clinical")
    assert result.size == 2 and all("msi" in c for c in combos(result))
    assert {"mri", "msi"} in combos(result)
    assert result.covered_by[("tissue", "environment")] == ("msi",)
    assert "s-342-msi" in {r["study_id"] for r in csv_rows("studies.csv") if r["ref"] == "342"}
