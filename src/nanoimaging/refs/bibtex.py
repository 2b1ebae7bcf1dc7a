"""references.bib: read it, and rewrite one entry.

Entries for the works the review cites hold only what the review's text says
(its reference number, the first author or year where the text names them)
until they are filled from a checked source; ``complete = {no}`` marks them,
and ``missing`` lists what is still unknown.

>>> from nanoimaging.paths import REPO_ROOT
>>> refs = read_references(REPO_ROOT / "references.bib")
>>> refs.entries[REVIEW_KEY].fields["doi"]
'10.7150/thno.38625'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field

from ..paths import display_path
from ..problems import Problem

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

#: The review this whole site is about: always cited.
REVIEW_KEY = "deMaar2020"

#: Bibliographic fields in the order an entry lists them (refnum first, as in the file).
FIELD_ORDER = (
    "refnum",
    "author",
    "title",
    "journal",
    "booktitle",
    "publisher",
    "year",
    "volume",
    "number",
    "pages",
    "doi",
)


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

    def declared_missing(self) -> list[str]:
        """The field names the entry's own ``missing`` field lists."""
        return _split_names(self.fields.get("missing", ""))

    def still_missing(self) -> list[str]:
        """What the entry lacks: its ``missing`` list, then required fields it does not name."""
        names = self.declared_missing() + self.missing_fields()
        return [n for n in dict.fromkeys(names) if not self.fields.get(n, "").strip()]


def _split_names(text: str) -> list[str]:
    return [name.strip().lower() for name in text.split(",") if name.strip()]


@dataclass
class References:
    path: Path
    entries: dict[str, Reference] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # what could not be parsed at all
    found: bool = True  # False when the file does not exist (then nothing else is worth checking)


def read_references(path: str | Path) -> References:
    """Parse a BibTeX file; parse failures and duplicate keys come back as problems."""
    path = Path(path)
    shown = display_path(path)
    result = References(path)
    try:
        library = bibtexparser.parse_file(str(path))
    except FileNotFoundError:
        result.problems.append(Problem(shown, None, None, "file is missing"))
        result.found = False
        return result
    for block in library.failed_blocks:
        line = block.start_line + 1
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            result.problems.append(
                Problem(shown, line, "key", "duplicate entry key: each entry needs its own key", block.key)
            )
        else:
            reason = str(getattr(block, "error", "cannot be parsed")).splitlines()[0]
            result.problems.append(Problem(shown, line, None, f"entry cannot be parsed: {reason}"))
    for entry in library.entries:
        fields = {name.lower(): str(f.value) for name, f in entry.fields_dict.items()}
        result.entries[entry.key] = Reference(entry.key, entry.entry_type.lower(), fields, entry.start_line + 1)
    return result


# --- rewriting one entry ------------------------------------------------------------


def normalise_doi(text: str) -> str:
    """A DOI as references.bib stores it: ``10.<registrant>/<suffix>``.

    A ``https://doi.org/`` or ``doi:`` prefix is removed.

    >>> normalise_doi("https://doi.org/10.7150/thno.38625")
    '10.7150/thno.38625'
    """
    doi = text.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    if not DOI.match(doi):
        raise ValueError(f"malformed DOI {text!r}: expected 10.<registrant>/<suffix>, e.g. 10.7150/thno.38625")
    return doi


def merged_entry(ref: Reference, entry_type: str, found: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The entry ``ref`` becomes when ``found`` (fetched fields) is added to it.

    Fetched values replace the entry's; fields not fetched (``refnum``,
    ``note``, ``license`` ...) stay. ``missing`` keeps the names still absent
    (it is dropped when none is), and ``complete`` is ``yes`` only when every
    field of :data:`REQUIRED_FIELDS` for the new type is present. Existing
    fields keep their order; new ones go after the field that precedes them
    in :data:`FIELD_ORDER`.

    >>> ref = Reference("x", "misc", {"refnum": "3", "note": "n", "complete": "no", "missing": "title, year"}, 1)
    >>> merged_entry(ref, "misc", {"author": "Doe, J.", "title": "T", "year": "2001"})
    ('misc', {'refnum': '3', 'author': 'Doe, J.', 'title': 'T', 'year': '2001', 'note': 'n', 'complete': 'yes'})
    """
    values = dict(ref.fields)
    order = [name for name in ref.fields if name not in ("complete", "missing")]
    for name, value in found.items():
        if not str(value).strip():
            continue
        values[name] = str(value)
        if name not in order:
            order.insert(_insert_at(order, name), name)
    fields = {name: values[name] for name in order}
    required = REQUIRED_FIELDS.get(entry_type, ("title", "year"))
    wanted = _split_names(ref.fields.get("missing", "")) + list(required)
    still = [name for name in dict.fromkeys(wanted) if not fields.get(name, "").strip()]
    fields["complete"] = "no" if any(not fields.get(n, "").strip() for n in required) else "yes"
    if still:
        fields["missing"] = ", ".join(still)
    return buildable_type(entry_type, fields), fields


def buildable_type(entry_type: str, fields: Mapping[str, str]) -> str:
    """``misc`` for an entry that lacks a field its type needs, else ``entry_type``.

    The bibliography's style (pybtex's unsrt) refuses an article, book, chapter or paper without
    one of the :data:`REQUIRED_FIELDS` of its type (no author, say), and the build stops; it
    formats a ``misc`` entry with whatever fields it has.

    >>> buildable_type("article", {"title": "T", "journal": "J", "year": "2021"})
    'misc'
    """
    required = REQUIRED_FIELDS.get(entry_type, ())
    return "misc" if any(not fields.get(name, "").strip() for name in required) else entry_type


def _insert_at(order: list[str], name: str) -> int:
    if name not in FIELD_ORDER:
        return len(order)
    earlier = FIELD_ORDER[: FIELD_ORDER.index(name)]
    positions = [i for i, present in enumerate(order) if present in earlier]
    return positions[-1] + 1 if positions else 0


def format_entry(key: str, entry_type: str, fields: Mapping[str, str]) -> str:
    """One entry as BibTeX text in this file's style (two-space indent, braces), via bibtexparser.

    >>> print(format_entry("x", "misc", {"title": "T", "year": "2001"}))
    @misc{x,
      title = {T},
      year = {2001}
    }
    """
    entry = Entry(entry_type, key, [Field(name, value) for name, value in fields.items()])
    style = bibtexparser.BibtexFormat()
    style.indent = "  "
    style.block_separator = "\n\n"
    enclose = AddEnclosingMiddleware(
        allow_inplace_modification=False,
        default_enclosing="{",
        reuse_previous_enclosing=False,
        enclose_integers=True,
    )
    text = bibtexparser.write_string(bibtexparser.Library([entry]), unparse_stack=[enclose], bibtex_format=style)
    return text.strip("\n")


def replace_entry(text: str, key: str, new_entry: str) -> str:
    """``text`` (a whole .bib file) with the entry ``key`` replaced by ``new_entry``.

    Only that entry's characters change: every other byte stays as it was.
    Raises ``KeyError`` for an unknown key.
    """
    library = bibtexparser.parse_string(text)
    entry = next((e for e in library.entries if e.key == key), None)
    if entry is None:
        known = ", ".join(sorted(e.key for e in library.entries)[:5])
        raise KeyError(f"no entry {key!r} (keys look like: {known}, ...)")
    line_start = sum(len(line) + 1 for line in text.split("\n")[: entry.start_line])
    start = text.find(entry.raw, line_start)
    if "\r\n" in entry.raw:
        new_entry = new_entry.replace("\r\n", "\n").replace("\n", "\r\n")
    if start < 0:
        raise ValueError(f"cannot find the text of entry {key!r} in the file; nothing was changed")
    result = text[:start] + new_entry + text[start + len(entry.raw) :]
    check = {e.key: e for e in bibtexparser.parse_string(result).entries}
    if key not in check or len(check) != len(library.entries):
        raise ValueError(f"the rewritten entry {key!r} does not parse back; nothing was changed")
    return result
