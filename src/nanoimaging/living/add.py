"""An included candidate's references.bib entry: from its DOI's Crossref record, or from candidates.csv alone.

Only a candidate whose decision in ``screening.csv`` is ``include`` gets an entry. The entry
names the candidate in its :data:`PROVENANCE_FIELD` field; which run found it and who
screened it are read from the living files when they are needed, never copied into the entry.
Built from Crossref, the entry goes through the same mapping and merge as ``refs enrich``;
built from candidates.csv alone (Crossref unreachable), it holds only what the sources gave
(title, journal, year, DOI; the authors as the sources list them, in a note) and lists the
rest as ``missing`` with ``complete = {no}``, as the review's unfilled entries do.

>>> candidate = {"candidate_id": "C0007", "doi": "10.5555/x", "title": "A & B", "year": "2021",
...              "authors": "Doe J", "journal": "J"}
>>> candidate_entry(candidate)
('misc', {'title': 'A \\\\& {B}', 'journal': 'J', 'year': '2021', 'doi': '10.5555/x', 'note': 'Authors as the sources list them: Doe J', 'living_candidate': 'C0007', 'complete': 'no', 'missing': 'author, volume, pages'})
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from ..data.origins import PROVENANCE_FIELD
from ..refs.bibtex import Reference, References, buildable_type, format_entry, merged_entry
from ..refs.crossref import bibtex_fields, latex_text, title_text
from .files import LivingFiles, read_rows
from .screening import read_screening

#: A bracketed list of identifiers after a name, as OpenCitations Meta writes them ("[orcid:...]").
_IDENTIFIERS = re.compile(r"\s*\[[^\]]*\]")


class NotAddable(Exception):
    """The candidate cannot be added (unknown, not included, already added); the message says why."""


def included_candidate(files: LivingFiles, candidate_id: str) -> dict[str, str]:
    """The row of candidates.csv for ``candidate_id``, provided a person decided to include it.

    :raises NotAddable: an unknown candidate, one with no decision, or one not included.
    :raises ScreeningError: the screening file has problems.
    """
    candidates = read_rows(files.candidates)
    row = next((c for c in candidates if c["candidate_id"] == candidate_id), None)
    if row is None:
        known = ", ".join(c["candidate_id"] for c in candidates[:3]) or "none yet"
        more = ", ..." if len(candidates) > 3 else ""
        raise NotAddable(f"{candidate_id} is not a candidate in candidates.csv (candidates: {known}{more})")
    decisions = read_screening(files.screening, {c["candidate_id"] for c in candidates})
    decision = next((d for d in decisions if d.candidate_id == candidate_id), None)
    if decision is None:
        raise NotAddable(
            f"{candidate_id} has no decision in screening.csv: a person screens it first, and only an included "
            "candidate is added"
        )
    if decision.decision != "include":
        raise NotAddable(
            f"{candidate_id} was screened {decision.decision!r} ({decision.reason}, by {decision.who} on "
            f"{decision.when}): only a candidate screened 'include' is added"
        )
    return row


def check_not_added(references: References, candidate: Mapping[str, str]) -> None:
    """:raises NotAddable: when references.bib already has the candidate, by its id or by its DOI."""
    doi = candidate.get("doi", "").strip().lower()
    for ref in references.entries.values():
        if ref.fields.get(PROVENANCE_FIELD, "").strip() == candidate["candidate_id"]:
            raise NotAddable(f"{candidate['candidate_id']} is already entry {ref.key} (line {ref.line})")
        if doi and ref.fields.get("doi", "").strip().lower() == doi:
            raise NotAddable(f"DOI {doi} is already the doi of entry {ref.key} (line {ref.line})")


def entry_key(family: str, year: str, taken: set[str], candidate_id: str) -> str:
    """``doe2021`` (first author's family name in ASCII lower case, and year), with a letter when taken.

    Without a family name or a year the key is the candidate's id in lower case (``c0007``).

    >>> entry_key("Ørsted-Ñúñez", "2021", {"rstednunez2021"}, "C0007")
    'rstednunez2021a'
    """
    ascii_name = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z]", "", ascii_name) + year if family and year else candidate_id.lower()
    if base not in taken:
        return base
    return next(base + letter for letter in "abcdefghijklmnopqrstuvwxyz" if base + letter not in taken)


def crossref_entry(candidate: Mapping[str, str], message: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The entry's type and fields from the DOI's Crossref record (as ``refs enrich`` maps and merges it)."""
    start = Reference("", "misc", {PROVENANCE_FIELD: candidate["candidate_id"], "complete": "no"}, 0)
    return merged_entry(start, *bibtex_fields(message))


def candidate_entry(candidate: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The entry's type and fields from candidates.csv alone: what the sources gave, the rest listed missing."""
    given = {
        "title": title_text(candidate.get("title", "")),
        "journal": latex_text(candidate.get("journal", "")),
        "year": candidate.get("year", "").strip(),
        "doi": candidate.get("doi", "").strip(),
    }
    fields = {name: value for name, value in given.items() if value}
    if candidate.get("authors", "").strip():
        fields["note"] = "Authors as the sources list them: " + latex_text(author_names(candidate["authors"]))
    fields[PROVENANCE_FIELD] = candidate["candidate_id"]
    fields["complete"] = "no"
    wanted = ("author", "title", "year", "volume", "pages", "doi")  # journal: the type says whether one is due
    fields["missing"] = ", ".join(name for name in wanted if name not in fields)
    return buildable_type("article" if "journal" in fields else "misc", fields), fields


def author_names(authors: str) -> str:
    """The authors as the sources list them, without the identifiers OpenCitations Meta adds in brackets.

    >>> author_names("Example, Ann [omid:ra/061 orcid:0000-0000-0000-0000]; Sample, Bo")
    'Example, Ann; Sample, Bo'
    """
    return " ".join(_IDENTIFIERS.sub("", authors).split())


def first_family(entry_type: str, fields: Mapping[str, str]) -> str:
    """The first author's family name in an entry's ``author`` field ('' when it has none)."""
    first = fields.get("author", "").split(" and ")[0].strip().strip("{}")
    return first.split(",")[0].strip() if "," in first else first.split(" ")[-1] if first else ""


def appended(text: str, key: str, entry_type: str, fields: Mapping[str, str]) -> str:
    """``text`` (a whole .bib file) with the new entry at its end, after one empty line."""
    body = text.rstrip("\n")
    return (body + "\n\n" if body else "") + format_entry(key, entry_type, fields) + "\n"
