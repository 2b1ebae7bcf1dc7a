"""One discover run: ask every source, merge, deduplicate, and write the candidates and the run record.

Nothing is written until every source has answered in full; then the new candidates are
appended to ``candidates.csv`` and the run's record to ``runs.json`` together (temporary files,
renamed at the end). A run whose raw responses are byte for byte those of the previous run
(same checksums) adds nothing and is not recorded again: every file stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from ..refs.bibtex import read_references
from . import europepmc, openalex, opencitations
from .dedupe import known_from_bib, known_from_candidates, match, merge
from .fetch import Fetcher, SourceFailed, SourceLog
from .files import CANDIDATE_FIELDS, LivingFiles, csv_text, json_text, read_json, read_rows, read_text, write_all
from .records import Merged, Work

#: The sources, in the order a run asks them.
SOURCES = ("opencitations", "europepmc-citations", "openalex", "europepmc-search")
#: The environment variable holding an OpenAlex API key; without one, OpenAlex is skipped and the run record says so.
OPENALEX_KEY_VARIABLE = "OPENALEX_API_KEY"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A moment as the run record writes it: UTC, to the second, ``Z``-suffixed."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Outcome:
    """What a run found and whether it wrote anything."""

    record: dict[str, Any]
    new_rows: list[dict[str, str]] = field(default_factory=list)
    written: bool = False


def _ask(name: str, fetcher: Fetcher, query: dict[str, Any], key: str) -> list[Work]:
    doi = query["review_doi"]
    if name == "opencitations":
        return opencitations.citations(fetcher, doi)
    if name == "europepmc-citations":
        return europepmc.citations(fetcher, doi)
    if name == "openalex":
        return openalex.citations(fetcher, doi, key)
    return europepmc.search(fetcher, query["europepmc_search"])


def _row(candidate_id: str, run_id: str, work: Merged) -> dict[str, str]:
    return {
        "candidate_id": candidate_id,
        "run_id": run_id,
        "doi": work.doi,
        "other_dois": ";".join(work.other_dois),
        "title": " ".join(work.title.split()),
        "year": work.year,
        "authors": work.authors,
        "journal": work.journal,
        "sources": ";".join(work.sources),
        "source_ids": ";".join(work.source_ids),
        "cites_review": "yes" if work.cites_review else "no",
        "preprint": "yes" if work.has_preprint else "no",
    }


def _fingerprint(record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(s["name"], [r["sha256"] for r in s["responses"]]) for s in record.get("sources", [])]


def discover(
    files: LivingFiles,
    bib: Path,
    session: requests.Session | None = None,
    clock: Clock = utc_now,
    environ: dict[str, str] | None = None,
) -> Outcome:
    """Run the pinned query once; raises :class:`SourceFailed` (and writes nothing) when a source fails."""
    environ = os.environ if environ is None else environ
    session = session or requests.Session()
    query_text = read_text(files.query)
    if not query_text.strip():
        raise FileNotFoundError(f"{files.query} is missing: the pinned query is needed to run")
    query = read_json(files.query, {})
    started = clock()
    key_name = OPENALEX_KEY_VARIABLE
    key = environ.get(OPENALEX_KEY_VARIABLE, "")
    logs: list[SourceLog] = []
    skipped: list[dict[str, str]] = []
    works: list[Work] = []
    for name in SOURCES:
        if name == "openalex" and not key:
            skipped.append({"name": name, "reason": f"no API key (set {key_name} to include OpenAlex)"})
            continue
        log = SourceLog(name, stamp(clock()))
        found = _ask(name, Fetcher(session, log), query, key)
        log.records = len(found)
        logs.append(log)
        works.extend(found)

    runs = read_json(files.runs, [])
    earlier = read_rows(files.candidates)
    run_id = f"run-{len(runs) + 1:03d}"
    known = known_from_bib({k: r.fields for k, r in read_references(bib).entries.items()})
    known += known_from_candidates(earlier)
    new_rows: list[dict[str, str]] = []
    duplicates: list[dict[str, str]] = []
    merged = merge(works)
    for work in merged:
        hit = match(work, known)
        if hit is not None:
            item, rule = hit
            duplicates.append({"matches": item.label, "by": rule, "doi": work.doi, "title": work.title})
            continue
        row = _row(f"C{len(earlier) + len(new_rows) + 1:04d}", run_id, work)
        new_rows.append(row)
        known += known_from_candidates([row])
    record = {
        "run_id": run_id,
        "started": stamp(started),
        "query": query,
        "sources": [log.as_record() for log in logs],
        "skipped": skipped,
        "counts": {
            "identified": len(works),
            "merged_within_run": len(works) - len(merged),
            "duplicates": len(duplicates),
            "new": len(new_rows),
        },
        "new_candidates": [row["candidate_id"] for row in new_rows],
        "duplicates": duplicates,
    }
    outcome = Outcome(record, new_rows)
    if not new_rows and runs and _fingerprint(runs[-1]) == _fingerprint(record):
        return outcome
    candidates_text = read_text(files.candidates) or csv_text(CANDIDATE_FIELDS, [])
    write_all(
        {
            files.candidates: candidates_text + csv_text(CANDIDATE_FIELDS, new_rows, header=False),
            files.runs: json_text([*runs, record]),
        }
    )
    outcome.written = True
    return outcome


__all__ = ["SOURCES", "Outcome", "SourceFailed", "discover", "stamp", "utc_now"]
