"""The screening file: one decision per candidate, made by a person, checked before anything reads it.

``living/screening.csv`` has the columns ``candidate_id, decision, reason, who, when, note``.
A decision is ``include``, ``exclude`` or ``maybe``; its reason comes from :data:`REASONS`;
``who`` names the person and ``when`` is the day (YYYY-MM-DD). Every problem is reported as
``file:row: field: what is wrong (got X)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..paths import display_path
from ..problems import Problem
from .files import read_rows

SCREENING_FIELDS = ["candidate_id", "decision", "reason", "who", "when", "note"]
#: The fixed reasons, per decision.
REASONS: dict[str, tuple[str, ...]] = {
    "include": ("meets-criteria",),
    "exclude": (
        "not-imaging",
        "not-nanomedicine",
        "no-spatial-heterogeneity",
        "not-primary-research",
        "not-relevant",
        "other",
    ),
    "maybe": ("needs-full-text",),
}


class ScreeningError(Exception):
    """The screening file (or a file read into it) has problems; nothing was changed."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Decision:
    candidate_id: str
    decision: str
    reason: str
    who: str
    when: str
    note: str = ""

    def as_row(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in SCREENING_FIELDS}


def check_row(row: dict[str, str], shown: str, line: int, known: set[str]) -> list[Problem]:
    """Problems of one screening row (``line`` counts the header as row 1)."""
    problems = []
    value = (row.get("candidate_id") or "").strip()
    if value not in known:
        problems.append(Problem(shown, line, "candidate_id", "not a candidate in candidates.csv", value))
    decision = (row.get("decision") or "").strip()
    if decision not in REASONS:
        problems.append(Problem(shown, line, "decision", f"must be one of {', '.join(REASONS)}", decision))
    else:
        reason = (row.get("reason") or "").strip()
        if reason not in REASONS[decision]:
            allowed = ", ".join(REASONS[decision])
            problems.append(Problem(shown, line, "reason", f"{decision!r} needs one of {allowed}", reason))
    if not (row.get("who") or "").strip():
        problems.append(Problem(shown, line, "who", "name the person who decided"))
    when = (row.get("when") or "").strip()
    try:
        date.fromisoformat(when)
        ok = len(when) == 10
    except ValueError:
        ok = False
    if not ok:
        problems.append(Problem(shown, line, "when", "must be a day as YYYY-MM-DD", when))
    return problems


def read_screening(path: Path, candidate_ids: set[str]) -> list[Decision]:
    """The decisions, checked; raises :class:`ScreeningError` listing every problem."""
    shown = display_path(path)
    rows = read_rows(path)
    problems: list[Problem] = []
    if rows and list(rows[0]) != SCREENING_FIELDS:
        problems.append(Problem(shown, 1, None, f"the columns must be {', '.join(SCREENING_FIELDS)}"))
        raise ScreeningError(problems)
    seen: dict[str, int] = {}
    decisions = []
    for line, row in enumerate(rows, start=2):
        problems += check_row(row, shown, line, candidate_ids)
        ident = (row.get("candidate_id") or "").strip()
        if ident in seen:
            problems.append(Problem(shown, line, "candidate_id", f"decided already on row {seen[ident]}", ident))
        seen.setdefault(ident, line)
        decisions.append(Decision(*((row.get(name) or "").strip() for name in SCREENING_FIELDS)))
    if problems:
        raise ScreeningError(problems)
    return decisions
