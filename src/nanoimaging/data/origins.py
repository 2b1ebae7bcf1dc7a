"""Where an added row's work came from: the living search that found it, and the texts its quotes are checked against.

A references.bib entry made by ``nanoimaging living add`` names its candidate in
:data:`PROVENANCE_FIELD`; the living folder (``living`` in ``datapackage.json``) says which run
found it and who screened it. The source texts are listed in a manifest (``sourceTexts``; here
``data/sources/manifest.csv``) with columns ``key``, ``file``, ``licence`` and ``attribution``.

>>> origin = Origin("C0001", "run-001", "2026-12-01", "include", "A. Person", "2026-12-02")
>>> origin.describe()
'found by living search run-001 of 2026-12-01, screened by A. Person on 2026-12-02'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..refs.bibtex import References
from .review_text import ReviewText

#: The references.bib field naming the living candidate an entry was made from.
PROVENANCE_FIELD = "living_candidate"
#: The columns of the source texts' manifest.
MANIFEST_FIELDS = ["key", "file", "licence", "attribution"]


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _rows(path: Path) -> list[dict[str, str]]:
    text = _text(path)
    return list(csv.DictReader(io.StringIO(text))) if text else []


@dataclass(frozen=True)
class Origin:
    """One candidate of the living search: the run that found it, and its screening decision."""

    candidate_id: str
    run_id: str
    run_day: str  # YYYY-MM-DD, from the run's start; '' when runs.json does not have the run
    decision: str  # '' when no one has decided
    who: str
    when: str

    def describe(self) -> str:
        """The sentence a page shows beside an added study."""
        run = f"{self.run_id} of {self.run_day}" if self.run_day else self.run_id
        return f"found by living search {run}, screened by {self.who} on {self.when}"


@dataclass(frozen=True)
class LivingRecord:
    """The living folder as the data reads it: each candidate's run and first decision."""

    folder: Path
    origins: dict[str, Origin] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> LivingRecord:
        """Read ``candidates.csv``, ``screening.csv`` and ``runs.json`` of ``folder`` (missing files: nothing)."""
        runs_text = _text(folder / "runs.json")
        try:
            runs = json.loads(runs_text) if runs_text.strip() else []
        except ValueError:
            runs = []  # `living status` reports a broken runs.json; a run's day is then unknown
        days = {str(r.get("run_id")): str(r.get("started", ""))[:10] for r in runs if isinstance(r, dict)}
        decisions: dict[str, dict[str, str]] = {}
        for row in _rows(folder / "screening.csv"):
            decisions.setdefault((row.get("candidate_id") or "").strip(), row)
        origins = {}
        for row in _rows(folder / "candidates.csv"):
            ident = row.get("candidate_id", "")
            decided = decisions.get(ident, {})
            origins[ident] = Origin(
                ident,
                row.get("run_id", ""),
                days.get(row.get("run_id", ""), ""),
                (decided.get("decision") or "").strip(),
                (decided.get("who") or "").strip(),
                (decided.get("when") or "").strip(),
            )
        return cls(folder, origins)

    @property
    def files(self) -> tuple[Path, ...]:
        """The files read: what a page showing an origin depends on."""
        return tuple(self.folder / name for name in ("candidates.csv", "screening.csv", "runs.json"))


def candidate_keys(references: References) -> dict[str, str]:
    """references.bib key -> the living candidate its entry was made from, for the entries that name one."""
    return {
        key: ref.fields[PROVENANCE_FIELD].strip()
        for key, ref in references.entries.items()
        if ref.fields.get(PROVENANCE_FIELD, "").strip()
    }


@dataclass(frozen=True)
class SourceTexts:
    """The stored open-access texts that added rows may quote, by references.bib key."""

    manifest: Path
    texts: dict[str, ReviewText] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls, manifest: Path) -> SourceTexts:
        """Read the manifest and each text it lists that exists (a missing manifest lists none)."""
        rows = _rows(manifest)
        texts = {}
        for row in rows:
            path = manifest.parent / (row.get("file") or "")
            if (row.get("file") or "").strip() and path.is_file():
                texts[(row.get("key") or "").strip()] = ReviewText.from_file(path)
        return cls(manifest, texts, rows)

    def files(self) -> Iterable[Path]:
        """The manifest and the texts it lists."""
        return [self.manifest, *(self.manifest.parent / (r.get("file") or "") for r in self.rows)]
