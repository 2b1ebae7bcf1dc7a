"""The screening file to and from ASReview LAB's tabular (CSV) layout.

The layout is ASReview's documented data format (its documentation, "Data format",
docs/source/data_format.rst, and "Fully, partially, and unlabeled data",
docs/source/data_labeled.rst, in the asreview/asreview repository): columns ``title``,
``abstract``, ``authors``, ``doi``, ``url`` and a label column; ASReview exports the label as
``included`` (1 = relevant/included, 0 = irrelevant/excluded, empty = not screened) and reads
any of ``final_included, label, label_included, included_label, included_final, included,
included_flag, include``. We add ``record_id`` (our candidate id) to bring labels back.

ASReview has no reasons: an imported 1 becomes ``include`` (meets-criteria) and a 0 becomes
``exclude`` (not-relevant), with the importer's name and day. A label that contradicts a
decision already recorded is an error; decisions already recorded are never changed.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import display_path
from ..problems import Problem
from .add import author_names
from .files import csv_text, read_rows
from .screening import Decision, ScreeningError

EXPORT_FIELDS = ["record_id", "title", "abstract", "authors", "doi", "url", "included"]
#: The label columns ASReview reads, in its documented order of preference.
LABEL_COLUMNS = (
    "final_included",
    "label",
    "label_included",
    "included_label",
    "included_final",
    "included",
    "included_flag",
    "include",
)
_LABEL = {"include": "1", "exclude": "0"}


def export_text(candidates: list[dict[str, str]], decisions: list[Decision]) -> str:
    """Every candidate as an ASReview row, labelled where a person decided include or exclude."""
    decided = {d.candidate_id: _LABEL.get(d.decision, "") for d in decisions}
    rows = [
        {
            "record_id": c["candidate_id"],
            "title": c["title"],
            "abstract": "",
            "authors": author_names(c["authors"]),
            "doi": c["doi"],
            "url": f"https://doi.org/{c['doi']}" if c["doi"] else "",
            "included": decided.get(c["candidate_id"], ""),
        }
        for c in candidates
    ]
    return csv_text(EXPORT_FIELDS, rows)


def imported(path: Path, decisions: list[Decision], candidate_ids: set[str], who: str, when: str) -> list[Decision]:
    """The new decisions an ASReview CSV holds; raises :class:`ScreeningError` on any problem."""
    shown = display_path(path)
    rows = read_rows(path)
    problems: list[Problem] = []
    column = next((name for name in LABEL_COLUMNS if rows and name in rows[0]), None)
    if not rows or "record_id" not in rows[0] or column is None:
        raise ScreeningError([Problem(shown, 1, None, "needs a record_id column and an ASReview label column")])
    recorded = {d.candidate_id: d for d in decisions}
    new: list[Decision] = []
    for line, row in enumerate(rows, start=2):
        ident, label = row["record_id"].strip(), (row[column] or "").strip()
        if ident not in candidate_ids:
            problems.append(Problem(shown, line, "record_id", "not a candidate in candidates.csv", ident))
            continue
        if label == "":
            continue
        if label not in ("0", "1"):
            problems.append(Problem(shown, line, column, "must be 1, 0 or empty", label))
            continue
        decision = "include" if label == "1" else "exclude"
        earlier = recorded.get(ident)
        if earlier is None:
            reason = "meets-criteria" if decision == "include" else "not-relevant"
            new.append(Decision(ident, decision, reason, who, when, "screened in ASReview"))
            recorded[ident] = new[-1]
        elif earlier.decision != decision:
            problems.append(
                Problem(shown, line, column, f"contradicts the recorded decision {earlier.decision!r}", label)
            )
    if problems:
        raise ScreeningError(problems)
    return new
