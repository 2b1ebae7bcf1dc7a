"""The studies the review describes, as a Markdown table with citations.

The table is MyST Markdown: the book renders each ``{cite:p}`` role as a
link to the bibliography, labelled with the study's number in the review.

>>> from nanoimaging import load
>>> "| Reference | Modality (technique) |" in studies_markdown(load(), family="optical")
True
"""

from __future__ import annotations

import re

import pandas as pd

from ..data.dataset import Dataset
from ..data.studies import added_note


def _cell(value) -> str:
    text = "" if pd.isna(value) else str(value)
    # backslash before every ASCII punctuation character: data shows as text, never as
    # Markdown, HTML, a role or math (CommonMark lets any ASCII punctuation be escaped)
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text.replace("\n", " "))


#: The checkbox that hides rows not from the review, and what CSS hides (_static/tables.css).
REVIEW_ONLY_TOGGLE = (
    '<label class="review-only"><input type="checkbox" class="review-only-toggle"> '
    "Show only what the review says (hide the rows added to this copy)</label>"
)
ADDED_BLOCK_CLASS = "added-rows"
_HEADER = [
    "| Reference | Modality (technique) | Imaged | Scales | Setting (subject) | Finding, in our words |",
    "| --- | --- | --- | --- | --- | --- |",
]
_OTHER_HEADER = [
    "| Reference | Method (filed under) | Imaged | Scales | Setting (subject) | Finding, in our words |",
    "| --- | --- | --- | --- | --- | --- |",
]


def studies_frame(data: Dataset, family: str | None = None, modality_id: str | None = None) -> pd.DataFrame:
    """The studies of one family or modality (or all), in Table 1 order, then by reference number."""
    modalities = data.modalities_of(family)
    data.check_modality(modality_id)
    if modality_id is not None:
        modalities = modalities[modalities["modality_id"] == modality_id]
    studies = data.studies[data.studies["modality_id"].astype(str).isin(modalities["modality_id"].astype(str))]
    studies = studies.merge(modalities[["modality_id", "name", "family"]], on="modality_id", how="inner")
    return studies.sort_values(["modality_id", "ref"], ignore_index=True)


def _rows(
    studies: pd.DataFrame, names: dict[str, str], with_method: bool = False, origins: dict[str, str] | None = None
) -> list[str]:
    lines = []
    for s in studies.itertuples():
        note = added_note(s, origins) if origins is not None else ""
        added = f" *{_cell(note[0].upper() + note[1:])}.*" if note else ""
        technique = f" ({_cell(s.technique)})" if _cell(s.technique) else ""
        what = _cell(names[str(s.modality_id)]) + technique
        if with_method:
            what = f"{_cell(str(s.method).replace('-', ' '))} (filed under {_cell(names[str(s.modality_id)])})"
        subject = f" ({_cell(s.subject)})" if _cell(s.subject) else ""
        setting = _cell(s.setting) or "not stated"
        scales = _cell(str(s.scales).replace(";", ", ") if _cell(s.scales) else "") or "not stated"
        figure = f" Shown in the review's {_cell(s.figure)}." if _cell(s.figure) else ""
        others = _cell(str(s.cited_with).replace(";", ", ")) if _cell(s.cited_with) else ""
        joint = f" The review cites it with ref. {others}." if others else ""
        if others and _cell(getattr(s, "credit", "")) == "joint":
            joint = f" Credited jointly with ref. {others}."
        where = f" In the review: {_cell(s.section)}." if with_method and _cell(s.section) else ""
        lines.append(
            f"| {{cite:p}}`{s.cite_key}` | {what} | "
            f"{_cell(str(s.aspects).replace(';', ', '))} | {scales} | {setting}{subject} | {_cell(s.finding)}{figure}{joint}{where}{added} |"
        )
    return lines


def studies_markdown(data: Dataset, family: str | None = None, modality_id: str | None = None) -> str:
    """The studies as MyST Markdown tables: the review's, those added to this copy, and other methods.

    The first table lists the studies the review describes with one of its modalities;
    a study added to the data (its source is not the review) goes in a second table,
    headed "added, not in the review", that a checkbox hides; studies the review
    describes but that used a method outside Table 1 (histology, say) go in a last
    table, and count for no modality.
    """
    studies = studies_frame(data, family, modality_id)
    if studies.empty:
        return "*The data lists no study for this selection.*"
    names = data.modality_labels()
    imaged = studies[studies["method"].astype(str) == "modality"]
    added = data.is_added(imaged)
    origins = data.added_origins() if data.is_added(studies).any() else {}
    parts = []
    if (~added).any():
        parts += [*_HEADER, *_rows(imaged[~added], names)]
    else:
        parts.append("*The review describes no study imaged with these modalities.*")
    if added.any():
        parts = [
            REVIEW_ONLY_TOGGLE,
            "",
            *parts,
            "",
            f'<div class="{ADDED_BLOCK_CLASS}">',
            "",
            "**Added to this copy, not in the review:**",
            "",
            *_HEADER,
            *_rows(imaged[added], names, origins=origins),
            "",
            "</div>",
        ]
    others = studies[studies["method"].astype(str) != "modality"]
    if len(others):
        parts += [
            "",
            "**Described by the review here, but imaged with another method (counted for no modality):**",
            "",
            *_OTHER_HEADER,
            *_rows(others, names, with_method=True, origins=origins),
        ]
    return "\n".join(parts)
