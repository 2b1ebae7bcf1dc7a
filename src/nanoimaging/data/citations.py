"""Which references.bib keys the project cites: the data, the book, and the review itself.

>>> keys = cited_keys()
>>> keys["deMaar2020"][0]
'data/datapackage.json'
>>> check_cited_references().errors
[]
"""

from __future__ import annotations

from pathlib import Path

from ..paths import REPO_ROOT, default_data_dir, display_path
from ..problems import DataValidationError, Problem
from ..refs.bibtex import REVIEW_KEY, read_references
from ..refs.check import RefsReport, book_citations, check_references
from .schema import check_schema
from .validated import validated


def data_citations(data_dir: str | Path | None = None) -> dict[str, list[str]]:
    """Cite keys of the data, with their ``path:row``: ``studies.csv``'s ``cite_key`` and every table's ``source``.

    The review's own key is left out (it is always cited, :func:`cited_keys`). The rows are those of
    the validation, or of the schema check when the data has a problem.

    :raises DataValidationError: when rows of ``studies.csv`` are rejected, so its citations cannot all be known.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    passed = validated(data_dir)
    result = passed if passed.ok else check_schema(data_dir / "datapackage.json")
    resource = next((r for r in result.descriptor.get("resources", []) if r.get("name") == "studies"), None)
    if resource is None:
        raise DataValidationError(
            result.problems
            or [Problem(display_path(data_dir / "datapackage.json"), None, "resources", "no studies resource")]
        )
    shown = display_path(data_dir / resource.get("path", "studies.csv"))
    blocking = [p for p in result.problems if p.path in (shown, display_path(data_dir / "datapackage.json"))]
    if blocking or "studies" not in result.records:
        raise DataValidationError(blocking or [Problem(shown, None, None, "cannot be read")])
    found: dict[str, list[str]] = {}
    for record in result.records["studies"]:
        found.setdefault(record.values["cite_key"], []).append(f"{shown}:{record.row}")
    for described in result.descriptor.get("resources", []):
        path = display_path(data_dir / described.get("path", f"{described.get('name')}.csv"))
        for record in result.records.get(described.get("name"), []):
            source = record.values.get("source")
            if source and source != REVIEW_KEY:
                found.setdefault(str(source), []).append(f"{path}:{record.row}")
    return found


def cited_keys(root: str | Path = REPO_ROOT, data_dir: str | Path | None = None) -> dict[str, list[str]]:
    """Every cite key in use, with the places that use it: the book, the data, the review.

    ``data_dir`` defaults to ``root/data``. The review (:data:`REVIEW_KEY`) is
    always cited: its place is the data package, whose source it is.
    """
    root = Path(root)
    data_dir = Path(data_dir) if data_dir is not None else root / "data"
    found: dict[str, list[str]] = {REVIEW_KEY: [display_path(data_dir / "datapackage.json")]}
    for source in (book_citations(root), data_citations(data_dir)):
        for key, places in source.items():
            found.setdefault(key, []).extend(places)
    return found


def check_cited_references(
    root: str | Path = REPO_ROOT, data_dir: str | Path | None = None, bib: str | Path | None = None
) -> RefsReport:
    """references.bib checked against itself and against everything that cites it.

    :raises DataValidationError: when rows of the data that cite works cannot be read.
    """
    root = Path(root)
    bib = Path(bib) if bib is not None else root / "references.bib"
    return check_references(read_references(bib), cited_keys(root, data_dir))
