"""references.bib: read it, check it against what cites it, and rewrite one entry.

Entries for the works the review cites hold only what the review's text says
(its reference number, the first author or year where the text names them);
``complete = {no}`` marks them, and ``missing`` lists what is still unknown.

Who cites an entry (:func:`cited_keys`): the book (MyST ``{cite}`` roles in
``book/`` and ``notebooks/``), the data (``cite_key`` of ``data/studies.csv``)
and the site as a whole, which is about the review (:data:`REVIEW_KEY`).

>>> refs = read_references(REPO_ROOT / "references.bib")   # doctest: +SKIP
>>> refs.entries["deMaar2020"].fields["doi"]                  # doctest: +SKIP
'10.7150/thno.38625'
>>> report = check_references(refs, cited_keys())           # doctest: +SKIP
>>> [str(p) for p in report.errors]                           # doctest: +SKIP
[]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field

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

#: The review this whole site is about: always cited.
REVIEW_KEY = "deMaar2020"

#: MyST citation roles: {cite}`a`, {cite:p}`a,b`, {cite:t}`a`, {footcite}`a` ...
CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
_FENCE = re.compile(r"^\s*(```+|~~~+)")

#: Bibliographic fields in the order an entry lists them (refnum first, as in the file).
FIELD_ORDER = (
    "refnum", "author", "title", "journal", "booktitle", "publisher",
    "year", "volume", "number", "pages", "doi",
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
            result.problems.append(Problem(shown, line, "key", "duplicate entry key: each entry needs its own key", block.key))
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


# --- checking ---------------------------------------------------------------------

@dataclass
class RefsReport:
    errors: list[Problem]
    incomplete: list[Reference]  # partial entries that something cites, each with what it lacks

    @property
    def ok(self) -> bool:
        return not self.errors


def check_references(refs: References, citations: Mapping[str, Iterable[str]]) -> RefsReport:
    """Check the entries against each other and against where they are cited.

    ``citations`` maps a cite key to the places (``path:line``) that use it
    (see :func:`cited_keys`). Errors: unparsable entries, duplicate keys (also
    keys differing only in case, which BibTeX tools treat as one), duplicate or
    malformed DOIs, duplicate reference numbers, a ``complete = {yes}`` entry
    without a field its type requires, a ``missing`` list naming a field the
    entry has, keys cited but absent, entries nothing cites. Entries marked
    ``complete = {no}`` are not errors: they come back in ``incomplete``.
    """
    shown = _shown(refs.path)
    errors = list(refs.problems)
    seen_doi: dict[str, Reference] = {}
    seen_refnum: dict[int, Reference] = {}
    seen_key: dict[str, Reference] = {}
    for ref in refs.entries.values():
        folded = ref.key.casefold()
        if folded in seen_key:
            errors.append(Problem(shown, ref.line, "key", f"same key as entry {seen_key[folded].key} except for case: BibTeX treats them as one", ref.key))
        else:
            seen_key[folded] = ref
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
                errors.append(Problem(shown, ref.line, name, f"required for a complete @{ref.entry_type} entry ({ref.key})", ref.fields.get(name, "")))
        present = [name for name in ref.declared_missing() if ref.fields.get(name, "").strip()]
        if present:
            errors.append(Problem(
                shown, ref.line, "missing",
                f"lists {', '.join(present)}, which the entry has: remove {'it' if len(present) == 1 else 'them'} from missing",
                ref.fields["missing"],
            ))
    for key, places in sorted(citations.items()):
        if key not in refs.entries:
            for place in places:
                errors.append(Problem(place, None, None, f"cites {key!r}, which is not an entry of {shown}"))
    for ref in refs.entries.values():
        if ref.key not in citations:
            errors.append(Problem(shown, ref.line, "key", "nothing in the book or the data cites this entry: cite it or remove it", ref.key))
    incomplete = [r for r in refs.entries.values() if not r.complete and r.key in citations]
    return RefsReport(sorted(errors, key=_place_order), incomplete)


def _place_order(problem: Problem) -> tuple:
    """Sort problems by file, then line; places such as ``data/studies.csv:12`` by their number."""
    path, row = problem.path, problem.row or 0
    match = re.match(r"^(.*):(\d+)$", path)
    if match and problem.row is None:
        path, row = match.group(1), int(match.group(2))
    return (path, row)


# --- who cites what -----------------------------------------------------------------

def book_citations(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Cite keys used by MyST ``{cite}`` roles in the book's Markdown and notebooks.

    Returns ``{key: ["book/intro.md:12", ...]}``. Fenced code blocks are skipped
    (a guide may show the syntax); in notebooks only Markdown cells count, and the
    line is the line of the ``.ipynb`` file.
    """
    found: dict[str, list[str]] = {}
    for folder in ("book", "notebooks"):
        for path in sorted((Path(root) / folder).glob("**/*")):
            if path.suffix not in {".md", ".ipynb"} or any(p.startswith((".", "_build")) for p in path.relative_to(root).parts):
                continue
            lines = _notebook_markdown(path) if path.suffix == ".ipynb" else _markdown(path)
            for number, line in lines:
                for match in CITE_ROLE.finditer(line):
                    for key in match.group(1).split(","):
                        if key.strip():
                            place = _shown(path) if number is None else f"{_shown(path)}:{number}"
                            found.setdefault(key.strip(), []).append(place)
    return found


def _outside_fences(lines: Iterable[tuple[int | None, str]]) -> Iterable[tuple[int | None, str]]:
    fence = None
    for number, line in lines:
        match = _FENCE.match(line)
        if match:
            mark = match.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None:
            yield number, line


def _markdown(path: Path) -> Iterable[tuple[int | None, str]]:
    text = path.read_text(encoding="utf-8")
    return _outside_fences(enumerate(text.splitlines(), start=1))


def _notebook_markdown(path: Path) -> list[tuple[int | None, str]]:
    """The Markdown cells' lines, each with its line in the .ipynb file (nbformat writes one per line)."""
    text = path.read_text(encoding="utf-8")
    raw_lines = text.splitlines()
    notebook = json.loads(text)
    cursor = 0
    result: list[tuple[int | None, str]] = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        pieces = source if isinstance(source, list) else source.splitlines(keepends=True)
        numbered = []
        for piece in pieces:
            encoded = json.dumps(piece, ensure_ascii=False)
            number = None
            for index in range(cursor, len(raw_lines)):
                stripped = raw_lines[index].strip().rstrip(",")
                if stripped == encoded or stripped == json.dumps(piece):
                    number, cursor = index + 1, index + 1
                    break
            numbered.append((number, piece.rstrip("\n")))
        if cell.get("cell_type") == "markdown":
            result.extend(_outside_fences(numbered))
    return result


def data_citations(data_dir: str | Path | None = None) -> dict[str, list[str]]:
    """Cite keys of ``studies.csv`` (its ``cite_key`` column), with their ``path:row``.

    The rows are read through the data package's schema check (frictionless), not
    parsed by hand. Problems elsewhere in the data do not matter here, but when
    rows of ``studies.csv`` are rejected its citations cannot all be known: then
    :class:`~nanoimaging.problems.DataValidationError` lists those problems.
    """
    from .paths import default_data_dir
    from .problems import DataValidationError
    from .schema_check import check_schema, display_path

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    result = check_schema(data_dir / "datapackage.json")
    resource = next((r for r in result.descriptor.get("resources", []) if r.get("name") == "studies"), None)
    if resource is None:
        raise DataValidationError(result.problems or [Problem(_shown(data_dir / "datapackage.json"), None, "resources", "no studies resource")])
    shown = display_path(data_dir / resource.get("path", "studies.csv"))
    blocking = [p for p in result.problems if p.path in (shown, _shown(data_dir / "datapackage.json"))]
    if blocking or "studies" not in result.records:
        raise DataValidationError(blocking or [Problem(shown, None, None, "cannot be read")])
    found: dict[str, list[str]] = {}
    for record in result.records["studies"]:
        found.setdefault(record.values["cite_key"], []).append(f"{shown}:{record.row}")
    return found


def cited_keys(root: str | Path = REPO_ROOT, data_dir: str | Path | None = None) -> dict[str, list[str]]:
    """Every cite key in use, with the places that use it: the book, the data, the review.

    ``data_dir`` defaults to ``root/data``. The review (:data:`REVIEW_KEY`) is
    always cited: its place is the data package, whose source it is.

    >>> keys = cited_keys()                    # doctest: +SKIP
    >>> keys["deMaar2020"]                     # doctest: +SKIP
    ['data/datapackage.json']
    """
    root = Path(root)
    data_dir = Path(data_dir) if data_dir is not None else root / "data"
    found: dict[str, list[str]] = {REVIEW_KEY: [_shown(data_dir / "datapackage.json")]}
    for source in (book_citations(root), data_citations(data_dir)):
        for key, places in source.items():
            found.setdefault(key, []).extend(places)
    return found


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
    values = {name: value for name, value in ref.fields.items()}
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
    return entry_type, fields


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
        allow_inplace_modification=False, default_enclosing="{",
        reuse_previous_enclosing=False, enclose_integers=True,
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
    result = text[:start] + new_entry + text[start + len(entry.raw):]
    check = {e.key: e for e in bibtexparser.parse_string(result).entries}
    if key not in check or len(check) != len(library.entries):
        raise ValueError(f"the rewritten entry {key!r} does not parse back; nothing was changed")
    return result


# --- the completeness chapter ---------------------------------------------------------

def completeness_frame(bib: str | Path | None = None) -> "pd.DataFrame":
    """One row per entry: its key, review number, whether it is complete, what it has and lacks.

    >>> completeness_frame().columns.tolist()      # doctest: +SKIP
    ['key', 'refnum', 'complete', 'known', 'missing']
    """
    import pandas as pd

    refs = read_references(Path(bib) if bib is not None else REPO_ROOT / "references.bib")
    bookkeeping = {"refnum", "complete", "missing", "note"}
    rows = [
        {
            "key": ref.key,
            "refnum": ref.refnum,
            "complete": ref.complete,
            "known": ", ".join(f"{k}: {v}" for k, v in ref.fields.items() if k not in bookkeeping),
            "missing": ref.fields.get("missing", "") if not ref.complete else "",
        }
        for ref in refs.entries.values()
    ]
    frame = pd.DataFrame(rows)
    frame["refnum"] = frame["refnum"].astype("Int64")
    return frame.sort_values(["refnum", "key"], na_position="first", ignore_index=True)
