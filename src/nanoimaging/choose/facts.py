"""The facts the checks read about each modality: rows of the data package, by setting.

Every statement the chooser makes points to the data rows behind it (:class:`Evidence`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data.dataset import Dataset
from ..data.units import finest_value
from ..data.vocabulary import ASPECTS, SETTINGS
from ..refs.bibtex import REVIEW_KEY

#: What the ``properties`` resource may say, and the one answer that fits a requirement.
PROPERTIES = ("label-free", "non-invasive")
PROPERTY_VALUES = ("yes", "sometimes", "no")
NOT_STATED = "not coded in the data"


@dataclass(frozen=True)
class Evidence:
    """One data row: its resource, its key (the primary key's values) and what it says."""

    resource: str
    key: tuple[tuple[str, Any], ...]
    text: str
    where: str = ""  # section and line of the review, for statements from its text

    def __str__(self) -> str:
        key = ", ".join(str(v) for _, v in self.key)
        where = f" ({self.where})" if self.where else ""
        return f"{self.resource}[{key}]: \u201c{self.text}\u201d{where}"

    def to_dict(self) -> dict[str, Any]:
        return {"resource": self.resource, "key": dict(self.key), "text": self.text, "where": self.where}


def evidence(resource: str, row: Any, key: tuple[str, ...], text: str, where: str = "") -> Evidence:
    """The :class:`Evidence` of ``row`` (a namedtuple of ``resource``), keyed by the ``key`` columns."""
    return Evidence(resource, tuple((k, plain(getattr(row, k))) for k in key), text, where)


def scale_evidence(row: Any) -> tuple[Evidence, ...]:
    """The words of a ``scales`` row: its evidence, and the words elsewhere that name its setting, if any."""
    key = ("modality_id", "scale", "setting")
    found = [evidence("scales", row, key, row.evidence, where(row))]
    if text_of(getattr(row, "setting_words", None)):
        found.append(evidence("scales", row, key, f"setting: {row.setting_words}", f"line {text_of(row.setting_line)}"))
    return tuple(found)


def plain(value: Any) -> Any:
    """A pandas or numpy value as plain Python (None for a missing one)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (int, float)) else str(value)


def text_of(value: Any) -> str:
    """A cell as text: empty for a missing value."""
    return "" if plain(value) is None else str(value)


def comparable(row: Any) -> float | None:
    """The number a resolution row is compared with, by the one rule (:data:`~nanoimaging.data.units.FINEST_RULE`)."""
    return finest_value(str(row.qualifier), row.min_m, row.max_m)


def resolution_label(row: Any) -> str:
    """``~4 mm (PET, clinical)``: the printed value with the technique and setting it is printed for."""
    context = ", ".join(x for x in (text_of(row.technique), text_of(row.setting)) if x)
    return f"{row.label} ({context})" if context else str(row.label)


def resolution_text(row: Any | None, words: list) -> str:
    """What the chart prints for the resolution that counts: the best row, else the words printed."""
    if row is not None:
        return resolution_label(row)
    return "/".join(str(w.label) for w in words) or "none printed"


def property_text(row: Any | None) -> str:
    """``no (Table 1: Labelling required)``: what a ``properties`` row says, and where (:data:`NOT_STATED` for none)."""
    if row is None:
        return NOT_STATED
    if text_of(row.section) == "Table 1" and text_of(row.source) == REVIEW_KEY:
        return f"{row.value} (Table 1: {row.evidence})"
    return f"{row.value} ({where(row)})"


@dataclass
class Facts:
    """What the checks read about one modality (rows of the data package, by setting)."""

    modality: Any  # the modalities row
    approaches: dict[str, list]  # aspect -> approaches rows
    scales: dict[str, list]  # setting -> scales rows
    unnamed: list  # scales rows whose setting the review does not name (setting not-stated)
    resolution: list  # resolution rows
    properties: dict[tuple[str, str], Any]  # (property, setting) -> properties row

    def best_resolution(self, setting: str) -> tuple[Any | None, float | None, list]:
        """(row, value) of the finest numeric resolution that counts in ``setting``, and the word-only rows."""
        rows = [r for r in self.resolution if text_of(r.setting) in ("", setting)]
        numeric = [(v, r.position, r) for r in rows if (v := comparable(r)) is not None]
        words = [r for r in rows if comparable(r) is None]
        if not numeric:
            return None, None, words
        value, _, row = min(numeric, key=lambda t: (t[0], t[1]))
        return row, value, words


def facts_by_modality(data: Dataset) -> dict[str, Facts]:
    """modality_id -> :class:`Facts`, in Table 1 order."""
    tables = {name: _by_modality(getattr(data, name)) for name in ("approaches", "scales", "resolution", "properties")}
    facts = {}
    for m in data.modalities.itertuples():
        mid = str(m.modality_id)
        approaches, scales, resolution, properties = (tables[name].get(mid, []) for name in tables)
        facts[mid] = Facts(
            modality=m,
            approaches={a: [r for r in approaches if str(r.aspect) == a] for a in ASPECTS},
            scales={s: [r for r in scales if str(r.setting) == s] for s in SETTINGS},
            unnamed=[r for r in scales if str(r.setting) not in SETTINGS],
            resolution=resolution,
            properties={(str(r.property), str(r.setting)): r for r in properties},
        )
    return facts


def _by_modality(frame: pd.DataFrame) -> dict[str, list]:
    """The rows of ``frame`` (as ``itertuples`` gives them) by their ``modality_id``, each list in the frame's order."""
    found: dict[str, list] = {}
    for row in frame.itertuples():
        found.setdefault(str(row.modality_id), []).append(row)
    return found


def where(row: Any) -> str:
    """``Section, line N`` for a statement of the review; ``added, not in the review (key)`` for one added."""
    if text_of(getattr(row, "source", REVIEW_KEY)) != REVIEW_KEY:
        return f"added, not in the review ({row.source})"
    return f"{text_of(row.section)}, line {text_of(row.line)}"


def says(row: Any) -> str:
    """Who states a row: "the review" for its own rows, "the data (added)" for rows added to this copy."""
    return "the review" if text_of(getattr(row, "source", REVIEW_KEY)) == REVIEW_KEY else "the data (added)"
