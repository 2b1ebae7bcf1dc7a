"""The guide's path for a fork stays green: a modality added with its own source and no study.

book/guide.md walks a student through adding MPI (`mpi`, its own references.bib key, its
Table 1 cells; scales, properties and studies optional). Such a fork must keep `make book`
and the tests working: its source key counts as cited (every table's ``source``, not only
studies.csv's ``cite_key``), the home page counts the review's Table 1 and names what was
added, and tests/fork.py still adds its own MPI, study and family on top of it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from fork import MPI, add_to_fork
from nanoimaging import load
from nanoimaging.data.citations import check_cited_references, cited_keys
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.sphinx_review import substitutions

GUIDE_KEY = "yourkey2024"
GUIDE_ENTRY = """
@misc{yourkey2024,
  title = {A made-up source standing for the work the guide's MPI example takes its values from},
  year = {2024},
  note = {Not a real work: a test adds it to a scratch copy, as book/guide.md tells a student to},
  complete = {no},
  missing = {author, journal}
}
"""


def append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([[row.get(n, "") for n in header] for row in rows])


def follow_the_guide(root: Path, *, properties: bool = False) -> None:
    """What book/guide.md's steps 1 and 2 add: a references.bib entry, MPI's row and its Table 1 cells."""
    with (root / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write(GUIDE_ENTRY)
    data = root / "data"
    modality = {"modality_id": "mpi", "source": GUIDE_KEY}
    append(
        data / "modalities.csv",
        [
            {
                **modality,
                "position": "10",
                "name": "MPI",
                "full_name": "magnetic particle imaging",
                "family": "non-invasive-clinical",
                "temporal_resolution": "fast",
                "depth_label": "Whole body",
                "depth_qualifier": "whole-body",
            }
        ],
    )
    append(
        data / "resolution.csv",
        [
            {
                **modality,
                "position": "1",
                "label": "~1 mm",
                "qualifier": "approximate",
                "min_m": "0.001",
                "max_m": "0.001",
            }
        ],
    )
    append(
        data / "approaches.csv",
        [{**modality, "aspect": a, "position": "1", "text": "Tracer"} for a in ("drug", "nanoparticle", "environment")],
    )
    append(
        data / "assessments.csv",
        [{**modality, "kind": k, "position": "1", "text": "Made up"} for k in ("strength", "limitation")],
    )
    if properties:  # a row of the kind that broke the properties fidelity tests: no section, no line
        append(
            data / "properties.csv",
            [
                {
                    **modality,
                    "property": "label-free",
                    "setting": "preclinical",
                    "value": "no",
                    "basis": "modality",
                    "evidence": "Needs a tracer (made up)",
                }
            ],
        )


@pytest.fixture
def fork_project(tmp_path: Path) -> Path:
    """A scratch copy of what the data, the references and the chapters need (the package too: ``new-family``
    writes the chapter of the copy its package is in)."""
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    shutil.copytree(REPO_ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(REPO_ROOT / "notebooks", tmp_path / "notebooks")
    for name in ("references.bib", "_toc.yml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    return tmp_path


def test_a_source_key_with_no_study_counts_as_cited(fork_project):
    follow_the_guide(fork_project)
    keys = cited_keys(fork_project)
    assert any(place.endswith("modalities.csv:11") for place in keys[GUIDE_KEY]), keys[GUIDE_KEY]
    assert check_cited_references(fork_project).errors == []


def test_an_entry_nothing_cites_is_still_an_error(fork_project):
    """Fault test: the entry alone, with no row naming it, is reported (the source column is what cites it)."""
    with (fork_project / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write(GUIDE_ENTRY)
    errors = [p.message for p in check_cited_references(fork_project).errors]
    assert errors == ["nothing in the book or the data cites this entry: cite it or remove it"]


def test_the_home_page_counts_the_review_s_table1_and_names_what_a_fork_adds(fork_project):
    assert substitutions(load(fork_project / "data"))["added_note"].startswith(
        "Every row of the data package has the review"
    )
    follow_the_guide(fork_project, properties=True)
    said = substitutions(load(fork_project / "data"))
    assert said["modalities_count"] == "nine" and said["families_count"] == "three"  # Table 1 has nine, not ten
    assert said["added_note"].startswith("This copy adds one modality (MPI) and ")
    assert said["added_note"].endswith("each marked as added, not in the review, wherever it shows.")


def test_the_fork_test_adds_its_own_mpi_to_a_fork_that_followed_the_guide(fork_project):
    follow_the_guide(fork_project, properties=True)
    add_to_fork(fork_project)
    data = load(fork_project / "data")
    ids = list(data.modalities["modality_id"].astype(str))
    assert "mpi" in ids and MPI in ids and ids.count(MPI) == 1
    names = dict(zip(data.modalities["modality_id"].astype(str), data.modalities["name"].astype(str), strict=True))
    assert names["mpi"] == "MPI" and names[MPI] != "MPI"  # two modalities, two names
    assert check_cited_references(fork_project).errors == []
