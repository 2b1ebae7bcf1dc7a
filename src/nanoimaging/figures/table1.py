"""Rebuild Table 1 of the review as an HTML table from the data package.

The layout follows the printed table: rows grouped by family, the modality
and its eight columns, bullet lists where a cell has several items. Every
text is escaped, so a value holding markup shows as text.

>>> from nanoimaging import load
>>> table1_html(load(), family="mass-spectrometry").count("<tbody")
1
"""

from __future__ import annotations

from html import escape

import pandas as pd

from ..data.dataset import Dataset
from ..data.vocabulary import ASPECTS
from ..refs.bibtex import REVIEW_KEY
from .study_list import REVIEW_ONLY_TOGGLE
from .theme import ADDED_NOTE
from .typeset import cell_html

CAPTION = "Table 1. Comparison of modalities to image spatial heterogeneity of nanomedicine."
ATTRIBUTION = "Transcribed from de Maar et al., Theranostics 2020;10(4):1884-1909, doi:10.7150/thno.38625 (CC BY 4.0)."
COLUMNS = (
    "Modality",
    "Drug",
    "Nanoparticle",
    "Environment",
    "Spatial resolution",
    "Tempor. res.",
    "Imaging depth",
    "Strengths",
    "Limitations",
)


def resolution_lines(rows: pd.DataFrame) -> list[str | tuple[str, list[str]]]:
    """The lines of one Spatial resolution cell, as the table prints them.

    Values that have both a setting and a technique are grouped under
    "Clinical:" / "Preclinical:" headings and followed by the technique in
    parentheses; otherwise the technique or the setting follows the value.

    >>> frame = pd.DataFrame({"label": ["~1 mm"], "technique": [None], "setting": ["clinical"]})
    >>> resolution_lines(frame)
    ['~1 mm (clinical)']
    """

    def note(value) -> str | None:
        return None if pd.isna(value) else str(value)

    grouped = rows["technique"].notna().all() and rows["setting"].notna().all() and len(rows) > 1
    if grouped:
        lines: list[str | tuple[str, list[str]]] = []
        for setting, block in rows.groupby("setting", sort=False, observed=True):
            lines.append((f"{str(setting).capitalize()}:", [f"{r.label} ({r.technique})" for r in block.itertuples()]))
        return lines
    out: list[str | tuple[str, list[str]]] = []
    for r in rows.itertuples():
        extra = note(r.technique) or note(r.setting)
        out.append(f"{r.label} ({extra})" if extra else str(r.label))
    return out


def _added(source: str) -> str:
    return f'<span class="t1-added-note">{escape(ADDED_NOTE)}: {escape(str(source))}</span>'


def _items(items: list[tuple[str, str]]) -> str:
    """A cell's items: (text, source) each; an item not from the review is marked and can be hidden."""

    def one(text: str, source: str) -> str:
        return cell_html(text) if source == REVIEW_KEY else f"{cell_html(text)} {_added(source)}"

    if len(items) == 1:
        text, source = items[0]
        return one(text, source) if source == REVIEW_KEY else f'<span class="t1-added">{one(text, source)}</span>'
    return (
        "<ul>"
        + "".join(
            f"<li>{one(t, src)}</li>" if src == REVIEW_KEY else f'<li class="t1-added">{one(t, src)}</li>'
            for t, src in items
        )
        + "</ul>"
    )


def _resolution_cell(rows: pd.DataFrame) -> str:
    parts = []
    added = rows["source"].astype(str) != REVIEW_KEY
    for index in rows.index[added]:  # each value added to this copy, marked with its source
        (line,) = resolution_lines(rows.loc[[index]])
        parts.append(f'<span class="t1-added">{cell_html(str(line))} {_added(rows.at[index, "source"])}</span>')
    added_parts, parts = parts, []
    for line in resolution_lines(rows[~added]):
        if isinstance(line, tuple):
            heading, values = line
            parts.append(f'<span class="t1-setting">{escape(heading)}</span>')
            parts.extend(cell_html(v) for v in values)
        else:
            parts.append(cell_html(line))
    return "<br>".join(parts + added_parts)


def table1_html(data: Dataset, family: str | None = None) -> str:
    """Table 1 (or one family's block of it) as an accessible HTML table.

    :param family: a family slug (``non-invasive-clinical``, ``optical``,
        ``mass-spectrometry``) for one block; None for the whole table.
    :raises UnknownValueError: for a family the data does not have, naming those it has.
    """
    data.modalities_of(family)  # raises for an unknown family
    families = data.families if family is None else data.families[data.families["family"] == family]
    approaches = {
        k: list(zip(*(g.sort_values("position")[c].astype(str) for c in ("text", "source")), strict=True))
        for k, g in data.approaches.groupby(["modality_id", "aspect"], observed=True)
    }
    assessments = {
        k: list(zip(*(g.sort_values("position")[c].astype(str) for c in ("text", "source")), strict=True))
        for k, g in data.assessments.groupby(["modality_id", "kind"], observed=True)
    }
    resolution = {k: g.sort_values("position") for k, g in data.resolution.groupby("modality_id", observed=True)}

    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in COLUMNS)
    bodies = []
    for fam in families.itertuples():
        rows = data.modalities[data.modalities["family"] == fam.family]
        body = [f'<tr class="t1-family"><th scope="rowgroup" colspan="{len(COLUMNS)}">{escape(fam.label)}</th></tr>']
        for m in rows.itertuples():
            added = m.source != REVIEW_KEY
            note = f" {_added(m.source)}" if added else ""
            cells = [f'<th scope="row" id="t1-{escape(m.modality_id)}">{cell_html(m.name)}{note}</th>']
            cells += [f"<td>{_items(approaches.get((m.modality_id, a), []))}</td>" for a in ASPECTS]
            cells.append(f"<td>{_resolution_cell(resolution[m.modality_id])}</td>")
            cells.append(f"<td>{escape(str(m.temporal_resolution).capitalize())}</td>")
            cells.append(f"<td>{cell_html(m.depth_label)}</td>")
            cells += [f"<td>{_items(assessments.get((m.modality_id, k), []))}</td>" for k in ("strength", "limitation")]
            marks = f' class="t1-added" data-source="{escape(str(m.source))}"' if added else ""
            body.append(f'<tr data-modality="{escape(m.modality_id)}"{marks}>' + "".join(cells) + "</tr>")
        bodies.append(f'<tbody data-family="{escape(fam.family)}">' + "".join(body) + "</tbody>")
    abbreviations = "; ".join(
        f"{escape(a.abbreviation)}: {escape(a.expansion)}" for a in data.abbreviations.itertuples()
    )
    toggle = REVIEW_ONLY_TOGGLE if "t1-added" in "".join(bodies) else ""
    return (
        '<div class="table1-wrapper" role="region" tabindex="0" aria-label="Table 1 (scrolls sideways on narrow screens)">'
        f'{toggle}<table class="table1">'
        f"<caption>{escape(CAPTION)} <small>{escape(ATTRIBUTION)}</small></caption>"
        f"<thead><tr>{head}</tr></thead>{''.join(bodies)}</table>"
        f'<p class="table1-footnote">{abbreviations}.</p></div>'
    )
