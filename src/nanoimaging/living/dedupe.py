"""Deduplication: reports of one work merged within a run, then matched against what is already known.

Order, as screening tools do it: the DOI (case-insensitive) first, then the normalised title
with the year. A preprint and its published version (same normalised title, years at most one
apart) are one work: the candidate takes the published DOI and keeps the preprint's DOI in
``other_dois``. A work matching an earlier candidate or a ``references.bib`` entry is a
duplicate: it is counted, and the run record links it to what it matched; no earlier row changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .records import Merged, Work, normal_doi, normal_title, same_by_title


def _same(a: Work, b: Work) -> bool:
    if a.doi and a.doi == b.doi:
        return True
    return same_by_title(a.title_key, a.year, a.preprint, b.title_key, b.year, b.preprint)


def merge(works: list[Work]) -> list[Merged]:
    """Group one run's reports into works (union of every pair that matches), in order of first report."""
    parent = list(range(len(works)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(works)):
        for j in range(i + 1, len(works)):
            if _same(works[i], works[j]):
                parent[root(j)] = root(i)
    groups: dict[int, Merged] = {}
    for i, work in enumerate(works):
        groups.setdefault(root(i), Merged()).works.append(work)
    return list(groups.values())


@dataclass(frozen=True)
class Known:
    """Something already seen: an earlier candidate or a references.bib entry."""

    label: str  # candidate id, or "references.bib:KEY"
    dois: frozenset[str]
    title: str
    year: str
    preprint: bool


def known_from_candidates(rows: Iterable[dict[str, str]]) -> list[Known]:
    return [
        Known(
            row["candidate_id"],
            frozenset(d for d in [normal_doi(row["doi"]), *map(normal_doi, row["other_dois"].split(";"))] if d),
            normal_title(row["title"]),
            row["year"],
            row["preprint"] == "yes",
        )
        for row in rows
    ]


def known_from_bib(entries: dict[str, dict[str, str]]) -> list[Known]:
    return [
        Known(
            f"references.bib:{key}",
            frozenset([normal_doi(fields["doi"])]) if fields.get("doi", "").strip() else frozenset(),
            normal_title(fields.get("title", "").replace("{", "").replace("}", "")),
            fields.get("year", "").strip(),
            False,
        )
        for key, fields in entries.items()
    ]


def match(work: Merged, known: list[Known]) -> tuple[Known, str] | None:
    """What ``work`` duplicates, and by which rule ('doi' or 'title+year'); None when it is new."""
    dois = {d for d in [work.doi, *work.other_dois] if d}
    for item in known:
        if dois & item.dois:
            return item, "doi"
    title = normal_title(work.title)
    for item in known:
        if same_by_title(title, work.year, work.has_preprint, item.title, item.year, item.preprint):
            return item, "title+year"
    return None
