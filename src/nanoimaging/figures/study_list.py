"""The studies the review describes, as a Markdown table with citations.

The table is MyST Markdown: the book renders each ``{cite:p}`` role as a
link to the bibliography, labelled with the study's number in the review.

>>> from nanoimaging import load
>>> print(studies_markdown(load(), family="optical")[:36])
| Reference | Modality (technique) |
"""

from __future__ import annotations

import re

import pandas as pd

from ..data.load import Dataset


def _cell(value) -> str:
    text = "" if pd.isna(value) else str(value)
    # backslash before every ASCII punctuation character: data shows as text, never as
    # Markdown, HTML, a role or math (CommonMark lets any ASCII punctuation be escaped)
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text.replace("\n", " "))


def studies_frame(data: Dataset, family: str | None = None, modality_id: str | None = None) -> pd.DataFrame:
    """The studies of one family or modality (or all), in Table 1 order, then by reference number."""
    modalities = data.modalities_of(family)
    data.check_modality(modality_id)
    studies = data.studies.merge(modalities[["modality_id", "name", "family"]], on="modality_id", how="inner")
    if modality_id is not None:
        studies = studies[studies["modality_id"] == modality_id]
    return studies.sort_values(["modality_id", "ref"], ignore_index=True)


def studies_markdown(data: Dataset, family: str | None = None, modality_id: str | None = None) -> str:
    """A Markdown table, one row per study: citation, modality, what, where, finding."""
    studies = studies_frame(data, family, modality_id)
    if studies.empty:
        return "*The review describes no study for this selection.*"
    lines = [
        "| Reference | Modality (technique) | Imaged | Scales | Setting (subject) | Finding, in our words |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in studies.itertuples():
        technique = f" ({_cell(s.technique)})" if _cell(s.technique) else ""
        subject = f" ({_cell(s.subject)})" if _cell(s.subject) else ""
        figure = f" Shown in the review's {_cell(s.figure)}." if _cell(s.figure) else ""
        lines.append(
            f"| {{cite:p}}`{s.cite_key}` | {_cell(s.name)}{technique} | {_cell(s.aspects).replace(';', ', ')} "
            f"| {_cell(s.scales).replace(';', ', ')} | {_cell(s.setting)}{subject} | {_cell(s.finding)}{figure} |"
        )
    return "\n".join(lines)
