"""What the chooser answers: reasons, studies, fits, exclusions, and the report it prints."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from ..data.units import FINEST_RULE
from .facts import Evidence
from .requirements import Requirements

#: The checks, in the order they are applied; the first one failed is reported.
CHECKS = ("aspect", "setting", "scale", "depth", "resolution", "temporal", "label-free", "non-invasive")


@dataclass(frozen=True)
class Reason:
    """A check a modality passes (or the one it fails), why, and the rows that say so."""

    check: str
    setting: str | None  # the setting the reason holds in; None when it holds in any
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "setting": self.setting,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Study:
    """A paper that backs a fit (``cite_key`` is its key in references.bib); counted once per modality.

    ``credit_key`` is set for papers the source credits jointly: the group that counts once
    (:func:`nanoimaging.data.studies.credit_key`), whose label names them all.
    """

    study_id: str
    ref: int | None  # None for a study that is not in the review
    cite_key: str
    setting: str
    label: str
    credit_key: str = ""

    @property
    def counted_as(self) -> str:
        """The key this study is counted under: its credit group, or its paper."""
        return self.credit_key or self.cite_key

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Fit:
    """A modality that meets every requirement, with its rank, margin and reasons."""

    modality_id: str
    name: str
    rank: int
    settings: tuple[str, ...]  # the settings it fits in
    margin: float | None  # whole decades to spare (math.inf: no depth limit); None: nothing numeric asked
    reasons: tuple[Reason, ...]
    studies: tuple[Study, ...]

    @property
    def summary(self) -> str:
        """The short line the interactive chart shows for this modality."""
        return fit_summary(self.settings, self.margin, len(self.studies), sum(s.ref is None for s in self.studies))

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality_id": self.modality_id,
            "name": self.name,
            "rank": self.rank,
            "settings": list(self.settings),
            "margin_decades": None
            if self.margin is None
            else ("unlimited" if math.isinf(self.margin) else self.margin),
            "summary": self.summary,
            "reasons": [r.to_dict() for r in self.reasons],
            "studies": [s.to_dict() for s in self.studies],
        }


@dataclass(frozen=True)
class Exclusion:
    """A modality that does not fit: the first check it fails, and the rows behind that."""

    modality_id: str
    name: str
    check: str
    reason: Reason
    summary: str  # the short line the interactive chart shows

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality_id": self.modality_id,
            "name": self.name,
            "check": self.check,
            "summary": self.summary,
            "reason": self.reason.to_dict(),
        }


@dataclass(frozen=True)
class Choice:
    """What :func:`choose` returns: the requirements, the fits (ranked) and the exclusions (Table 1 order)."""

    requirements: Requirements
    fits: tuple[Fit, ...]
    excluded: tuple[Exclusion, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per modality: rank (empty if excluded), name, fits, settings, summary."""
        rows = [
            {
                "rank": f.rank,
                "modality_id": f.modality_id,
                "modality": f.name,
                "fits": True,
                "settings": ", ".join(f.settings),
                "summary": f.summary,
            }
            for f in self.fits
        ]
        rows += [
            {
                "rank": pd.NA,
                "modality_id": e.modality_id,
                "modality": e.name,
                "fits": False,
                "settings": "",
                "summary": e.summary,
            }
            for e in self.excluded
        ]
        frame = pd.DataFrame(rows, columns=["rank", "modality_id", "modality", "fits", "settings", "summary"])
        frame["rank"] = frame["rank"].astype("Int64")
        return frame

    def to_dict(self) -> dict[str, Any]:
        return {
            "requirements": self.requirements.to_dict(),
            "checks": list(CHECKS),
            "fits": [f.to_dict() for f in self.fits],
            "excluded": [e.to_dict() for e in self.excluded],
        }

    def __str__(self) -> str:
        return format_choice(self)


def fit_summary(settings: tuple[str, ...], margin: float | None, n_studies: int, n_added: int = 0) -> str:
    """``fits (clinical, preclinical); 1 decade to spare; 4 studies (1 added, not in the review)``."""
    text = f"fits ({', '.join(settings)})"
    if margin is not None:
        text += (
            "; no depth limit" if math.isinf(margin) else f"; {int(margin)} decade{'' if margin == 1 else 's'} to spare"
        )
    added = f" ({n_added} added, not in the review)" if n_added else ""
    return f"{text}; {n_studies} stud{'y' if n_studies == 1 else 'ies'}{added}"


def format_choice(choice: Choice) -> str:
    """The report ``nanoimaging choose`` prints."""
    lines = [
        f"Requirements: {choice.requirements.describe()}.",
        f"Checks, in order: {', '.join(CHECKS)} (the first failed is reported).",
        f"A printed resolution counts with the finest number it prints ({FINEST_RULE}).",
        "Ranked by decades to spare on resolution/depth, then studies described, then Table 1 order.",
        "",
    ]
    lines.append(f"Fits ({len(choice.fits)}):" if choice.fits else "No modality fits.")
    for fit in choice.fits:
        lines.append(f"{fit.rank:>2}. {fit.name}: {fit.summary}")
        for reason in fit.reasons:
            where = f" [{reason.setting}]" if reason.setting else ""
            lines.append(f"      {reason.check}{where}: {reason.message}")
            lines += [f"        {e}" for e in reason.evidence]
        if fit.studies:
            lines.append("      studies: " + "; ".join(_study_text(s) for s in fit.studies))
    if choice.excluded:
        lines += ["", f"Excluded ({len(choice.excluded)}), with the first requirement each fails:"]
    for ex in choice.excluded:
        where = f" [{ex.reason.setting}]" if ex.reason.setting else ""
        lines.append(f"  - {ex.name}: {ex.check}{where}: {ex.reason.message}")
        lines += [f"        {e}" for e in ex.reason.evidence]
    return "\n".join(lines)


def _study_text(study: Study) -> str:
    """A study as the report lists it: its label, and its key where the label names a single paper."""
    return study.label if study.counted_as != study.cite_key else f"{study.label} ({study.cite_key})"


def joint_credit(row) -> str:
    """The ``credit_key`` a :class:`Study` of an evidence row gets: the group for joint credit, else empty."""
    return "" if str(row.credit_key) == str(row.cite_key) else str(row.credit_key)
