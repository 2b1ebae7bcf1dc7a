"""Fill references.bib from the review's own reference list, as Crossref holds it.

:func:`fill` takes the DOI of each numbered reference from the ``reference`` list of the review's
Crossref record, fetches that DOI's record and merges it into the entry with that ``refnum``.
It never guesses a DOI: a reference without one, or whose DOI has no record, is left as it is.

>>> listed = numbered_references({"reference": [{"key": "ref1", "DOI": "10.5555/a"}, {"key": "ref2"}]})
>>> listed[1]["DOI"], "DOI" in listed[2]
('10.5555/a', False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .bibtex import References, format_entry, merged_entry, normalise_doi, replace_entry
from .crossref import CrossrefUnavailable, DoiNotFound, bibtex_fields

#: What happened to one entry; "filled" is the only outcome that changes the file.
OUTCOMES = ("filled", "unchanged", "no DOI in the list", "DOI has no record", "not in the list", "DOI differs")


class NoReferenceList(LookupError):
    """Crossref's record of the review has no ``reference`` list."""


@dataclass(frozen=True)
class Outcome:
    key: str
    number: int
    outcome: str
    doi: str = ""
    detail: str = ""


def numbered_references(message: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    """Reference number -> its item of the ``reference`` list.

    The number is the one ending the item's ``key`` (``ref12``, ``B12``) when it has one,
    else the item's place in the list (Crossref keeps the publisher's order).

    :raises NoReferenceList: when the record has no ``reference`` list.
    """
    items = message.get("reference")
    if not isinstance(items, list) or not items:
        raise NoReferenceList("Crossref's record has no reference list")
    found: dict[int, dict[str, Any]] = {}
    for place, item in enumerate(items, start=1):
        match = re.search(r"(\d+)$", str(item.get("key", "")))
        found[int(match.group(1)) if match else place] = dict(item)
    return found


def fill(
    text: str, refs: References, listed: Mapping[int, Mapping[str, Any]], fetch: Callable[[str], Mapping[str, Any]]
) -> tuple[str, list[Outcome]]:
    """The file ``text`` with each numbered entry merged with its DOI's record; and what happened to each.

    ``fetch(doi)`` returns a work's Crossref record, raises
    :class:`~nanoimaging.refs.crossref.DoiNotFound` for an unknown DOI, or
    :class:`~nanoimaging.refs.crossref.CrossrefUnavailable` (which is not caught: a
    partial answer writes nothing).
    """
    outcomes: list[Outcome] = []
    for ref in sorted(refs.entries.values(), key=lambda r: (r.refnum or 0, r.key)):
        if ref.refnum is None:
            continue
        item = listed.get(ref.refnum)
        if item is None:
            outcomes.append(Outcome(ref.key, ref.refnum, "not in the list"))
            continue
        if not item.get("DOI"):
            outcomes.append(
                Outcome(ref.key, ref.refnum, "no DOI in the list", detail=str(item.get("unstructured", ""))[:80])
            )
            continue
        doi = normalise_doi(str(item["DOI"]))
        own = ref.fields.get("doi", "").strip()
        if own and own.lower() != doi.lower():
            outcomes.append(Outcome(ref.key, ref.refnum, "DOI differs", doi, f"the entry has {own}"))
            continue
        try:
            record = fetch(doi)
        except DoiNotFound:
            outcomes.append(Outcome(ref.key, ref.refnum, "DOI has no record", doi))
            continue
        entry_type, found = bibtex_fields(record)
        new_type, fields = merged_entry(ref, entry_type, found)
        if new_type == ref.entry_type and fields == ref.fields:
            outcomes.append(Outcome(ref.key, ref.refnum, "unchanged", doi))
            continue
        text = replace_entry(text, ref.key, format_entry(ref.key, new_type, fields))
        outcomes.append(Outcome(ref.key, ref.refnum, "filled", doi))
    return text, outcomes


__all__ = ["OUTCOMES", "CrossrefUnavailable", "NoReferenceList", "Outcome", "fill", "numbered_references"]
