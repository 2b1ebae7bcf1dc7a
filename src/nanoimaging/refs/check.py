"""Check references.bib against itself and against what cites it; list what entries lack.

Who cites an entry: the book (MyST ``{cite}`` roles in ``book/`` and
``notebooks/``, :func:`book_citations`), the data (``cite_key`` and ``source`` of
the data package, :func:`nanoimaging.data.citations.data_citations`) and the site
as a whole, which is about the review (:data:`~nanoimaging.refs.bibtex.REVIEW_KEY`).

>>> from nanoimaging.paths import REPO_ROOT
>>> refs = read_references(REPO_ROOT / "references.bib")
>>> report = check_references(refs, {"deMaar2020": ["data/datapackage.json"]})
>>> any("nothing in the book or the data cites" in p.message for p in report.errors)
True
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import REPO_ROOT, display_path
from ..problems import Problem
from .bibtex import COMPLETENESS_VALUES, DOI, Reference, References, read_references

if TYPE_CHECKING:
    import pandas as pd

#: MyST citation roles: {cite}`a`, {cite:p}`a,b`, {cite:t}`a`, {footcite}`a` ...
CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
_FENCE = re.compile(r"^\s*(```+|~~~+)")


@dataclass
class RefsReport:
    errors: list[Problem]
    incomplete: list[Reference]  # partial entries that something cites, each with what it lacks
    checked: int = 0  # entries in the file

    @property
    def ok(self) -> bool:
        return not self.errors

    def state(self) -> str:
        """One phrase on the file: valid (no error), and how many cited entries are still ``complete = {no}``."""
        shown = "valid" if self.ok else f"{len(self.errors)} problem(s)"
        if not self.incomplete:
            return f"{shown}; every cited entry complete"
        lacked = Counter(name for ref in self.incomplete for name in ref.still_missing())
        fields = " or ".join(name.upper() if name == "doi" else name for name, _ in lacked.most_common(2))
        return f"{shown}; {len(self.incomplete)} cited entries lack bibliographic fields (most often {fields})"


def check_references(refs: References, citations: Mapping[str, Iterable[str]]) -> RefsReport:
    """Check the entries against each other and against where they are cited.

    ``citations`` maps a cite key to the places (``path:line``) that use it
    (see :func:`nanoimaging.data.citations.cited_keys`). Errors: unparsable entries, duplicate keys (also
    keys differing only in case, which BibTeX tools treat as one), duplicate or
    malformed DOIs, duplicate reference numbers, a ``complete = {yes}`` entry
    without a field its type requires, a ``missing`` list naming a field the
    entry has, keys cited but absent, entries nothing cites. Entries marked
    ``complete = {no}`` are not errors: they come back in ``incomplete``.
    """
    shown = display_path(refs.path)
    if not refs.found:  # one message, not one per citation of a file that is not there
        return RefsReport(list(refs.problems), [])
    errors = list(refs.problems)
    seen_doi: dict[str, Reference] = {}
    seen_refnum: dict[int, Reference] = {}
    seen_key: dict[str, Reference] = {}
    for ref in refs.entries.values():
        folded = ref.key.casefold()
        if folded in seen_key:
            errors.append(
                Problem(
                    shown,
                    ref.line,
                    "key",
                    f"same key as entry {seen_key[folded].key} except for case: BibTeX treats them as one",
                    ref.key,
                )
            )
        else:
            seen_key[folded] = ref
        completeness = ref.fields.get("complete", "").strip().lower()
        if completeness not in COMPLETENESS_VALUES:
            errors.append(
                Problem(
                    shown,
                    ref.line,
                    "complete",
                    "must be yes or no (is the metadata checked and complete?)",
                    ref.fields.get("complete", ""),
                )
            )
        doi = ref.fields.get("doi", "").strip()
        if doi:
            if not DOI.match(doi):
                errors.append(
                    Problem(
                        shown,
                        ref.line,
                        "doi",
                        "malformed DOI: expected 10.<registrant>/<suffix>, without https://doi.org/",
                        doi,
                    )
                )
            elif doi.lower() in seen_doi:
                errors.append(Problem(shown, ref.line, "doi", f"same DOI as entry {seen_doi[doi.lower()].key}", doi))
            else:
                seen_doi[doi.lower()] = ref
        if ref.refnum is not None:
            if ref.refnum in seen_refnum:
                errors.append(
                    Problem(
                        shown,
                        ref.line,
                        "refnum",
                        f"same reference number as entry {seen_refnum[ref.refnum].key}",
                        ref.refnum,
                    )
                )
            else:
                seen_refnum[ref.refnum] = ref
        elif "refnum" in ref.fields:
            errors.append(
                Problem(shown, ref.line, "refnum", "must be the reference's number in the review", ref.fields["refnum"])
            )
        if ref.complete:
            for name in ref.missing_fields():
                errors.append(
                    Problem(
                        shown,
                        ref.line,
                        name,
                        f"required for a complete @{ref.entry_type} entry ({ref.key})",
                        ref.fields.get(name, ""),
                    )
                )
        present = [name for name in ref.declared_missing() if ref.fields.get(name, "").strip()]
        if present:
            errors.append(
                Problem(
                    shown,
                    ref.line,
                    "missing",
                    f"lists {', '.join(present)}, which the entry has: remove {'it' if len(present) == 1 else 'them'} from missing",
                    ref.fields["missing"],
                )
            )
    for key, places in sorted(citations.items()):
        if key not in refs.entries:
            for place in places:
                errors.append(Problem(place, None, None, f"cites {key!r}, which is not an entry of {shown}"))
    for ref in refs.entries.values():
        if ref.key not in citations:
            errors.append(
                Problem(
                    shown,
                    ref.line,
                    "key",
                    "nothing in the book or the data cites this entry: cite it or remove it",
                    ref.key,
                )
            )
    incomplete = [r for r in refs.entries.values() if not r.complete and r.key in citations]
    return RefsReport(sorted(errors, key=_place_order), incomplete, len(refs.entries))


def _place_order(problem: Problem) -> tuple:
    """Sort problems by file, then line; places such as ``data/studies.csv:12`` by their number."""
    path, row = problem.path, problem.row or 0
    match = re.match(r"^(.*):(\d+)$", path)
    if match and problem.row is None:
        path, row = match.group(1), int(match.group(2))
    return (path, row)


def book_citations(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Cite keys used by MyST ``{cite}`` roles in the book's Markdown and notebooks.

    Returns ``{key: ["book/intro.md:12", ...]}``. Fenced code blocks are skipped
    (a guide may show the syntax); in notebooks only Markdown cells count, and the
    line is the line of the ``.ipynb`` file.
    """
    found: dict[str, list[str]] = {}
    for folder in ("book", "notebooks"):
        for path in sorted((Path(root) / folder).glob("**/*")):
            if path.suffix not in {".md", ".ipynb"} or any(
                p.startswith((".", "_build")) for p in path.relative_to(root).parts
            ):
                continue
            lines = _notebook_markdown(path) if path.suffix == ".ipynb" else _markdown(path)
            for number, line in lines:
                for match in CITE_ROLE.finditer(line):
                    for key in match.group(1).split(","):
                        if key.strip():
                            place = display_path(path) if number is None else f"{display_path(path)}:{number}"
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


def completeness_frame(bib: str | Path | None = None) -> pd.DataFrame:
    """One row per entry: its key, review number, whether it is complete, what it has and lacks.

    >>> completeness_frame().columns.tolist()
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
