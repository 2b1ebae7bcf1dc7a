"""What a student's fork adds, through the CSV files only: a study, a modality, a family.

:func:`add_to_fork` applies it to a copy of the project, as the guide tells a student to:

- a new study of an existing modality (IVM), from a new reference;
- a new modality, magnetic particle imaging (MPI), in the non-invasive clinical family,
  with its Table 1 rows, a scale statement and a study;
- a new family with one modality, whose chapter `nanoimaging new-family` writes.

The references are made up for the test (their titles say so); every added row names its
source. The site tests run on a copy of the project with these additions
(sitekit.build.build_site_copy), and tests/test_fork.py checks that all of it shows, marked
as added, and that the suite stays green in the fork.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NEW_REFERENCES = """
@misc{student2026mpi,
  title = {A made-up source standing for a student's reference on magnetic particle imaging},
  year = {2026},
  note = {Not a real work: the test suite adds it to a scratch copy to check that a fork stays green},
  complete = {no},
  missing = {author, journal}
}

@misc{student2026ivm,
  title = {A made-up source standing for a student's new intravital microscopy study},
  year = {2026},
  note = {Not a real work: the test suite adds it to a scratch copy to check that a fork stays green},
  complete = {no},
  missing = {author, journal}
}
"""
#: MPI's id is one no guide-following fork uses: the guide's example adds `mpi`, so a fork that followed it
#: already has one, and the suite must stay green there too.
MPI, HYBRID_FAMILY, HYBRID = "fork-test-mpi", "hybrid", "hyb"
#: A student's fork is a clone of their GitHub repository: a made-up one (never contacted).
FORK_ORIGIN = "https://github.com/made-up-student/nanoimaging-fork.git"
FORK_REPOSITORY = "https://github.com/made-up-student/nanoimaging-fork"
MPI_KEY, IVM_KEY = "student2026mpi", "student2026ivm"


@dataclass(frozen=True)
class Additions:
    """The ids of what :func:`add_to_fork` added."""

    modalities: tuple[str, ...] = (MPI, HYBRID)
    family: str = HYBRID_FAMILY
    studies: tuple[str, ...] = ("s-student2026mpi-mpi", "s-student2026ivm-ivm")
    sources: tuple[str, ...] = (MPI_KEY, IVM_KEY)


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[row.get(name, "") for name in header] for row in rows])
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())


def _table1_rows(modality: str, source: str, texts: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    approaches = [
        {"modality_id": modality, "aspect": a, "position": "1", "text": texts[a], "source": source}
        for a in ("drug", "nanoparticle", "environment")
    ]
    assessments = [
        {"modality_id": modality, "kind": k, "position": "1", "text": texts[k], "source": source}
        for k in ("strength", "limitation")
    ]
    return {"approaches": approaches, "assessments": assessments}


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


def _next_position(path: Path) -> int:
    """The position after the last one of ``path``: a fork may have added rows already."""
    return max((int(p) for p in _column(path, "position") if p), default=0) + 1


def add_to_fork(root: Path) -> Additions:
    """Add a study, the MPI modality and a family with one modality to the project copy at ``root``.

    Positions continue the copy's own, and MPI's name is "MPI" unless a modality already has
    it (a fork that followed the guide's example), so this works on such a fork too.
    """
    data = root / "data"
    family_position = _next_position(data / "families.csv")
    position = _next_position(data / "modalities.csv")
    mpi_name = "MPI" if "MPI" not in _column(data / "modalities.csv", "name") else "MPI (fork test)"
    with (root / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write(NEW_REFERENCES)
    _append(
        data / "families.csv",
        [
            {
                "family": HYBRID_FAMILY,
                "label": "Hybrid methods (added in a fork)",
                "position": str(family_position),
                "colour": "#CC79A7",
                "source": MPI_KEY,
            }
        ],
    )
    _append(
        data / "modalities.csv",
        [
            {
                "modality_id": MPI,
                "position": str(position),
                "name": mpi_name,
                "full_name": "magnetic particle imaging",
                "family": "non-invasive-clinical",
                "temporal_resolution": "fast",
                "depth_label": "Whole body",
                "depth_qualifier": "whole-body",
                "source": MPI_KEY,
            },
            {
                "modality_id": HYBRID,
                "position": str(position + 1),
                "name": "HYB",
                "full_name": "a made-up hybrid modality",
                "family": HYBRID_FAMILY,
                "temporal_resolution": "medium",
                "depth_label": "~5 mm",
                "depth_qualifier": "approximate",
                "depth_min_m": "0.005",
                "depth_max_m": "0.005",
                "source": MPI_KEY,
            },
        ],
    )
    _append(
        data / "resolution.csv",
        [
            {
                "modality_id": MPI,
                "position": "1",
                "label": "~1 mm",
                "qualifier": "approximate",
                "min_m": "0.001",
                "max_m": "0.001",
                "source": MPI_KEY,
            },
            {
                "modality_id": HYBRID,
                "position": "1",
                "label": "50 μm",
                "qualifier": "exact",
                "min_m": "0.00005",
                "max_m": "0.00005",
                "source": MPI_KEY,
            },
        ],
    )
    for modality in (MPI, HYBRID):
        texts = {
            "drug": "Drug carried by a tracer (made up)",
            "nanoparticle": "Magnetic nanoparticles (made up)",
            "environment": "Perfusion (made up)",
            "strength": "Fast (made up)",
            "limitation": "Needs a tracer (made up)",
        }
        for resource, rows in _table1_rows(modality, MPI_KEY, texts).items():
            _append(data / f"{resource}.csv", rows)
    _append(
        data / "scales.csv",
        [
            {
                "modality_id": MPI,
                "scale": "organ-tumour",
                "setting": "preclinical",
                "basis": "modality",
                "source": MPI_KEY,
                "evidence": "A made-up statement that MPI images organs in mice",
            },
        ],
    )
    _append(
        data / "studies.csv",
        [
            {
                "study_id": "s-student2026mpi-mpi",
                "source": MPI_KEY,
                "cite_key": MPI_KEY,
                "modality_id": MPI,
                "method": "modality",
                "aspects": "nanoparticle",
                "scales": "organ-tumour",
                "setting": "preclinical",
                "subject": "mice",
                "nanoparticle": "iron oxide nanoparticles (made up)",
                "finding": "A made-up finding: MPI followed the particles to the tumour.",
                "checked": "not-checked",
            },
            {
                "study_id": "s-student2026ivm-ivm",
                "source": IVM_KEY,
                "cite_key": IVM_KEY,
                "modality_id": "ivm",
                "method": "modality",
                "aspects": "environment",
                "scales": "tissue",
                "setting": "preclinical",
                "subject": "mice",
                "finding": "A made-up finding: IVM watched vessels in a window chamber.",
                "checked": "not-checked",
            },
        ],
    )
    run_in(root, "new-family", HYBRID_FAMILY)  # the one step besides the CSVs: the family's chapter
    for command in (["init", "-q", "-b", "main"], ["remote", "add", "origin", FORK_ORIGIN]):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    return Additions()


def fork_env(root: Path) -> dict[str, str]:
    """The environment that runs the copy's own package (its src/ before the installed one)."""
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "NANOIMAGING_DATA": str(root / "data")}
    for name in ("NANOIMAGING_REPOSITORY_URL", "NANOIMAGING_REPOSITORY_BRANCH"):
        env.pop(name, None)  # the fork's own origin decides its Binder buttons
    return env


def run_in(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``nanoimaging ARGS`` in the copy at ``root``; raises with its output when it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "nanoimaging", *args],
        cwd=root,
        env=fork_env(root),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(
            f"nanoimaging {' '.join(args)} failed ({result.returncode}) in {root}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result
