"""references.bib: read it with bibtexparser 2 and check it.

Entries for the works the review cites hold only what the review's text says
(its reference number, the first author or year where the text names them);
``complete = {no}`` marks them, and ``missing`` lists what is still unknown.

>>> refs = read_references(REPO_ROOT / "references.bib")   # doctest: +SKIP
>>> refs.entries["deMaar2020"].fields["doi"]                  # doctest: +SKIP
'10.7150/thno.38625'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser

from .paths import REPO_ROOT
from .problems import Problem

#: Fields an entry of each type needs before it can be called complete.
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "misc": ("author", "title", "year"),
}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
COMPLETENESS_VALUES = ("yes", "no")

#: MyST citation roles: {cite}`a`, {cite:p}`a,b`, {cite:t}`a` ...
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


@dataclass(frozen=True)
class Reference:
    key: str
    entry_type: str
    fields: dict[str, str]
    line: int  # 1-based line of the entry in the file

    @property
    def complete(self) -> bool:
        return self.fields.get("complete", "").strip().lower() == "yes"

    @property
    def refnum(self) -> int | None:
        value = self.fields.get("refnum", "").strip()
        return int(value) if value.isdigit() else None

    def missing_fields(self) -> list[str]:
        """Required fields of this entry type that the entry does not have."""
        wanted = REQUIRED_FIELDS.get(self.entry_type, ("title", "year"))
        return [name for name in wanted if not self.fields.get(name, "").strip()]


@dataclass
class References:
    path: Path
    entries: dict[str, Reference] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # what could not be parsed at all


def read_references(path: str | Path) -> References:
    """Parse a BibTeX file; parse failures and duplicate keys come back as problems."""
    path = Path(path)
    shown = _shown(path)
    result = References(path)
    try:
        library = bibtexparser.parse_file(str(path))
    except FileNotFoundError:
        result.problems.append(Problem(shown, None, None, "file is missing"))
        return result
    for block in library.failed_blocks:
        line = block.start_line + 1
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            result.problems.append(Problem(shown, line, "key", "duplicate entry key", block.key))
        else:
            reason = str(getattr(block, "error", "cannot be parsed")).splitlines()[0]
            result.problems.append(Problem(shown, line, None, f"entry cannot be parsed: {reason}"))
    for entry in library.entries:
        fields = {name.lower(): str(f.value) for name, f in entry.fields_dict.items()}
        result.entries[entry.key] = Reference(entry.key, entry.entry_type.lower(), fields, entry.start_line + 1)
    return result


def _shown(path: Path) -> str:
    from .schema_check import display_path

    return display_path(path)


@dataclass
class RefsReport:
    errors: list[Problem]
    incomplete: list[Reference]  # partial entries, each with its missing fields


def check_references(refs: References, citations: Mapping[str, Iterable[str]]) -> RefsReport:
    """Check the entries against each other and against where they are cited.

    ``citations`` maps a cite key to the places (``path:row``) that use it.
    """
    shown = _shown(refs.path)
    errors = list(refs.problems)
    seen_doi: dict[str, Reference] = {}
    seen_refnum: dict[int, Reference] = {}
    for ref in refs.entries.values():
        completeness = ref.fields.get("complete", "").strip().lower()
        if completeness not in COMPLETENESS_VALUES:
            errors.append(Problem(shown, ref.line, "complete", "must be yes or no (is the metadata checked and complete?)", ref.fields.get("complete", "")))
        doi = ref.fields.get("doi", "").strip()
        if doi:
            if not DOI.match(doi):
                errors.append(Problem(shown, ref.line, "doi", "malformed DOI: expected 10.<registrant>/<suffix>, without https://doi.org/", doi))
            elif doi.lower() in seen_doi:
                errors.append(Problem(shown, ref.line, "doi", f"same DOI as entry {seen_doi[doi.lower()].key}", doi))
            else:
                seen_doi[doi.lower()] = ref
        if ref.refnum is not None:
            if ref.refnum in seen_refnum:
                errors.append(Problem(shown, ref.line, "refnum", f"same reference number as entry {seen_refnum[ref.refnum].key}", ref.refnum))
            else:
                seen_refnum[ref.refnum] = ref
        elif "refnum" in ref.fields:
            errors.append(Problem(shown, ref.line, "refnum", "must be the reference's number in the review", ref.fields["refnum"]))
        if ref.complete:
            for name in ref.missing_fields():
                errors.append(Problem(shown, ref.line, name, f"required for a complete @{ref.entry_type} entry", ref.key))
    for key, places in sorted(citations.items()):
        if key not in refs.entries:
            for place in places:
                errors.append(Problem(place, None, None, f"cites {key!r}, which is not in {shown}"))
    for ref in refs.entries.values():
        if ref.key not in citations:
            errors.append(Problem(shown, ref.line, "key", "nothing in the book or the data cites this entry", ref.key))
    incomplete = [r for r in refs.entries.values() if not r.complete and r.key in citations]
    return RefsReport(sorted(errors, key=lambda p: (p.path, p.row or 0)), incomplete)


def book_citations(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Cite keys used by MyST ``{cite}`` roles in the book's Markdown and notebooks."""
    found: dict[str, list[str]] = {}
    for folder in ("book", "notebooks"):
        for path in sorted((root / folder).glob("**/*")):
            if path.suffix not in {".md", ".ipynb"} or ".ipynb_checkpoints" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for match in CITE_ROLE.finditer(line):
                    for key in match.group(1).split(","):
                        found.setdefault(key.strip(), []).append(f"{_shown(path)}:{number}")
    return found
