"""The shipped data as fidelity tests read it, straight from the files: the review's rows of a CSV, and the
allowed values datapackage.json gives a field. Expected answers are worked out from these, not from the
package's own loading code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from nanoimaging.paths import REPO_ROOT
from nanoimaging.refs.bibtex import REVIEW_KEY

#: The review's modalities in Table 1 order, written out by hand.
REVIEW_IDS = ["pet-spect", "mri", "ct", "us", "bli-fli", "fdot-fmt", "ivm", "optoacoustic", "msi"]


def csv_rows(name: str, data_dir: Path = REPO_ROOT / "data") -> list[dict[str, str]]:
    """The review's rows of a CSV of ``data_dir``: rows a fork adds (MPI's, say) are left out, as in ``review``."""
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r.get("source", REVIEW_KEY) == REVIEW_KEY]


def enum(resource: str, field: str) -> list[str]:
    """The allowed values of ``resource.field`` in the shipped datapackage.json."""
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]
