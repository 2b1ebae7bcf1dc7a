"""The counts of every run: identified, duplicates, new candidates, and how they were screened."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .screening import Decision


def run_counts(runs: list[dict[str, Any]], candidates: list[dict[str, str]], decisions: list[Decision]) -> list[dict]:
    """One dict of counts per run, in run order."""
    by_id = {d.candidate_id: d for d in decisions}
    table = []
    for run in runs:
        mine = [c["candidate_id"] for c in candidates if c["run_id"] == run["run_id"]]
        made = [by_id[c] for c in mine if c in by_id]
        table.append(
            {
                "run_id": run["run_id"],
                "started": run["started"],
                "identified": run["counts"]["identified"],
                "duplicates": run["counts"]["merged_within_run"] + run["counts"]["duplicates"],
                "candidates": len(mine),
                "screened": len(made),
                "included": sum(d.decision == "include" for d in made),
                "maybe": sum(d.decision == "maybe" for d in made),
                "excluded": dict(sorted(Counter(d.reason for d in made if d.decision == "exclude").items())),
            }
        )
    return table


def report(table: list[dict]) -> str:
    """The counts as lines a person reads."""
    if not table:
        return "no run recorded yet: run `nanoimaging living discover`"
    lines = []
    for row in table:
        excluded = sum(row["excluded"].values())
        reasons = ", ".join(f"{reason} {n}" for reason, n in row["excluded"].items()) or "none"
        lines.append(
            f"{row['run_id']} ({row['started']}): identified {row['identified']}, duplicates {row['duplicates']}, "
            f"candidates {row['candidates']}, screened {row['screened']}, included {row['included']}, "
            f"maybe {row['maybe']}, excluded {excluded} ({reasons})"
        )
    return "\n".join(lines)
