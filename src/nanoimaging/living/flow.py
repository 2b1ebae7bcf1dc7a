"""What the chapter "Since the review" shows, read from a living folder: the flow of every run and what was included.

:func:`living_summary` reads ``runs.json``, ``candidates.csv`` and ``screening.csv`` (the
screening checked as ``living status`` checks it) and returns plain data: one row per run and
stage of the PRISMA-style flow (identified, duplicates removed, new candidates, screened,
included, excluded by reason, maybe, awaiting screening), the totals, the day of the last
search and the included works. The chart that draws it (``nanoimaging.figures.living_flow``)
takes this data as it is, so that it never reads the files itself.
"""

from __future__ import annotations

from typing import Any

from ..data.dataset import Dataset
from .files import LivingFiles, read_json, read_rows
from .screening import REASONS, read_screening
from .status import run_counts

#: The stages of the flow, in the order a run goes through them: key, label.
STAGES = (
    ("identified", "Records identified"),
    ("duplicates", "Duplicates removed"),
    ("candidates", "New candidates"),
    ("screened", "Screened by a person"),
    ("included", "Included"),
    ("excluded", "Excluded"),
    ("maybe", "Maybe: needs the full text"),
    ("awaiting", "Awaiting screening"),
)
#: Said where no run is recorded yet.
NO_SEARCH = "no search has been run yet"


def _stage_rows(counts: dict[str, Any]) -> list[dict[str, Any]]:
    """The flow of one run (or of all runs) as rows: stage key, label and count; one row per exclusion reason."""
    values = {
        **{key: counts[key] for key in ("identified", "duplicates", "candidates", "screened", "included", "maybe")},
        "excluded": sum(counts["excluded"].values()),
        "awaiting": counts["candidates"] - counts["screened"],
    }
    rows = []
    for key, label in STAGES:
        rows.append({"stage": key, "label": label, "count": values[key]})
        if key == "excluded":
            rows += [
                {"stage": f"excluded:{reason}", "label": f"Excluded: {reason.replace('-', ' ')}", "count": n}
                for reason, n in counts["excluded"].items()
            ]
    return rows


def _total(table: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {key: sum(row[key] for row in table) for key in ("identified", "duplicates", "candidates")}
    total.update({key: sum(row[key] for row in table) for key in ("screened", "included", "maybe")})
    reasons = [r for r in REASONS["exclude"] if any(r in row["excluded"] for row in table)]
    total["excluded"] = {r: sum(row["excluded"].get(r, 0) for row in table) for r in reasons}
    return total


def living_summary(files: LivingFiles | None = None) -> dict[str, Any]:
    """The living folder's flow and inclusions as plain data.

    Keys: ``runs`` (one dict per run: ``run_id``, ``started``, ``stages`` as from
    :func:`_stage_rows`), ``total`` (the stages summed over every run), ``last_search``
    (the day, YYYY-MM-DD, the last run started, or None), ``included`` (one dict per
    included work: ``candidate_id``, ``run_id``, ``year``, ``title``, ``doi``, ``who``,
    ``when``, sorted by year) and ``folder`` (the folder read, as a string).
    """
    files = files or LivingFiles.at()
    runs = read_json(files.runs, [])
    candidates = read_rows(files.candidates)
    decisions = read_screening(files.screening, {c["candidate_id"] for c in candidates})
    table = run_counts(runs, candidates, decisions)
    by_id = {c["candidate_id"]: c for c in candidates}
    included = [
        {
            "candidate_id": d.candidate_id,
            "run_id": by_id[d.candidate_id]["run_id"],
            "year": by_id[d.candidate_id]["year"],
            "title": by_id[d.candidate_id]["title"],
            "doi": by_id[d.candidate_id]["doi"],
            "who": d.who,
            "when": d.when,
        }
        for d in decisions
        if d.decision == "include"
    ]
    return {
        "folder": str(files.folder),
        "runs": [{"run_id": r["run_id"], "started": r["started"], "stages": _stage_rows(r)} for r in table],
        "total": _stage_rows(_total(table)),
        "last_search": max(r["started"] for r in runs)[:10] if runs else None,
        "included": sorted(included, key=lambda w: (w["year"], w["candidate_id"])),
    }


def last_search_text(summary: dict[str, Any]) -> str:
    """``the last recorded run ran on 2026-12-01 (1 run recorded)``, or :data:`NO_SEARCH`.

    A run whose answers are those of the run before is not recorded (nor is a run that failed), so
    the date is that of the last run whose sources answered differently, which may have found no new work.
    """
    if not summary["runs"]:
        return NO_SEARCH
    n = len(summary["runs"])
    return f"the last recorded run ran on {summary['last_search']} ({n} run{'' if n == 1 else 's'} recorded)"


def added_studies_text(data: Dataset) -> str:
    """The studies added to this copy, those whose work the living search found apart from the others.

    >>> from nanoimaging import load
    >>> print(added_studies_text(load().review_only()))
    No study is added to this copy: every study is the review's.
    """
    added = data.studies[data.is_added(data.studies)]
    if added.empty:
        return "No study is added to this copy: every study is the review's."
    found = added["source"].astype(str).isin(set(data.added_origins()))
    searched, others = added[found], added[~found]
    parts = [f"{len(searched)} from the living search" + _ids(searched)]
    if len(others):
        parts.append(f"{len(others)} added otherwise (entries not made by `living add`)" + _ids(others))
    n = len(added)
    return f"{n} stud{'y' if n == 1 else 'ies'} added to this copy, not in the review: {'; '.join(parts)}."


def _ids(studies: Any) -> str:
    return " (" + ", ".join(studies["study_id"].astype(str)) + ")" if len(studies) else ""


def included_by_year(summary: dict[str, Any]) -> dict[str, int]:
    """Year -> how many included works were published that year, in year order."""
    years: dict[str, int] = {}
    for work in summary["included"]:
        years[work["year"]] = years.get(work["year"], 0) + 1
    return dict(sorted(years.items()))
