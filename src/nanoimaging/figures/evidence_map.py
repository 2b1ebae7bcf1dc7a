"""The evidence map: a circle per modality and scale, sized by the studies the review describes.

The counts come from :mod:`nanoimaging.data.studies`; this module draws them.

>>> from nanoimaging import load
>>> evidence_map(load()).name
'evidence-map'
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..data.dataset import Dataset
from ..data.studies import ALL, GAP, coverage, evidence_rows, gaps, shown_on_map, study_matrix, unscaled_studies
from ..data.vocabulary import ASPECT_LABELS, ASPECTS, SCALE_LABELS, SCALES, SETTINGS
from .display import Figure, chart_data, figure
from .label_layout import text_width
from .matrices import NARROW_LABEL_CHARS, STATED_FOR, scale_coverage
from .theme import (
    CELL_TEXT_SIZE,
    CIRCLE_FILL,
    CIRCLE_STROKE,
    PAPER,
    STATED_FILL,
    narrow_top_labels,
    stacked_legends,
    title_lines,
)

#: Largest circle area in pixels (the cells are 44 px high).
MAX_AREA = 1100
#: How much wider bold digits are drawn than regular ones (at most).
BOLD_WIDTH = 1.1
#: Width of a scale's column in pixels: wide layout, narrow layout (for phones; the largest circle is 37 px across).
COLUMN_WIDTH, NARROW_COLUMN_WIDTH = 96, 42
TITLE = "Studies the review describes, by modality and scale"
#: The title when the data holds studies added to this copy: the map counts them too.
TITLE_WITH_ADDED = "Studies described (the review's and those added), by modality and scale"
#: The mark and legend line of a cell that counts a study added to this copy (vermillion, Okabe-Ito).
ADDED_MARK, ADDED_LEGEND = "#D55E00", "counts a study added, not in the review"
#: Names of the chart's two Vega-Lite parameters (bound to select menus).
ASPECT_PARAM, SETTING_PARAM = "aspect_choice", "setting_choice"


def _chart_rows(data: Dataset) -> pd.DataFrame:
    rows = evidence_rows(data)
    rows = rows[rows["scale"].notna()]  # a study whose scale the source does not state has no cell
    rows = rows.assign(
        scale_label=rows["scale"].map(SCALE_LABELS).astype(str),
        setting=rows["setting"].astype(object).where(rows["setting"].notna(), ""),
        label=[row.label + shown_on_map(row) for row in rows.itertuples()],
    )
    rows = rows.sort_values(["ref", "study_id"], kind="stable")
    columns = ["credit_key", "modality", "scale_label", "aspect", "setting", "label"]
    if rows["added"].any():  # the review's own map stays as it was: the column only where there is something to mark
        rows = rows.assign(added=rows["added"].astype(int))
        return rows[[*columns, "added"]].astype(dict.fromkeys(columns, str))
    return rows[columns].astype(str)


def _stated_rows(data: Dataset) -> pd.DataFrame:
    names = pd.Series(data.modality_labels())
    stated = data.scales
    return pd.DataFrame(
        {
            "modality": stated["modality_id"].astype(str).map(names),
            "scale_label": stated["scale"].astype(str).map(SCALE_LABELS),
            "setting": stated["setting"].astype(str),
        }
    )


def evidence_map(data: Dataset) -> Figure:
    """Modality (rows) x scale (columns): a circle per cell, sized by the papers the review describes.

    Two menus (Vega-Lite parameters bound to select inputs, so they work on a
    static page) filter by aspect and by setting; the counts are distinct papers
    after filtering, so a paper that imaged two aspects counts once under "all".
    Grey cells are where the review states the modality can image (in the chosen
    setting); a grey cell without a circle is a gap. Tooltips list the studies.
    The narrow layout (for phones) has narrower columns with their labels on two
    lines, a wrapped title and the legends one above the other; the menus are the same.
    """
    return figure(
        _evidence_chart(data, narrow=False),
        evidence_alt(data),
        name="evidence-map",
        narrow=_evidence_chart(data, narrow=True),
        url_params={ASPECT_PARAM: "aspect", SETTING_PARAM: "setting"},
    )


def _evidence_chart(data: Dataset, narrow: bool):
    """The evidence map with its two menus, in its wide or narrow layout."""
    modalities = list(data.modality_labels().values())
    scales = [SCALE_LABELS[s] for s in SCALES]
    largest = int(study_matrix(data).to_numpy().max()) or 1
    has_added = bool(evidence_rows(data)["added"].any())

    aspect = alt.param(
        name=ASPECT_PARAM,
        value=ALL,
        bind=alt.binding_select(
            options=[ALL, *ASPECTS],
            labels=["all aspects", *(ASPECT_LABELS[a].lower() for a in ASPECTS)],
            name="What was imaged: ",
        ),
    )
    setting = alt.param(
        name=SETTING_PARAM,
        value=ALL,
        bind=alt.binding_select(options=[ALL, *SETTINGS], labels=["all settings", *SETTINGS], name="Setting: "),
    )
    x = alt.X(
        "scale_label:N",
        title="Scale",
        sort=scales,
        scale=alt.Scale(domain=scales),
        axis=alt.Axis(orient="top", **narrow_top_labels(scales, NARROW_LABEL_CHARS, NARROW_COLUMN_WIDTH))
        if narrow
        else alt.Axis(orient="top", labelAngle=0, labelLimit=0),
    )
    y = alt.Y(
        "modality:N", title=None, sort=modalities, scale=alt.Scale(domain=modalities), axis=alt.Axis(labelLimit=0)
    )

    stated = (
        alt.Chart(chart_data(_stated_rows(data)))
        .transform_filter(f"{SETTING_PARAM} == '{ALL}' || datum.setting == {SETTING_PARAM}")
        .transform_aggregate(
            groupby=["modality", "scale_label"],
            statements="count()",
        )
        .transform_calculate(stated=repr(stated_legend(data)))
        .mark_rect(stroke=PAPER, strokeWidth=2, aria=False)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "stated:N",
                title=None,
                scale=alt.Scale(range=[STATED_FILL]),
                legend=alt.Legend(symbolType="square", symbolStrokeColor="#767676", symbolStrokeWidth=1),
            ),
            tooltip=alt.TooltipValue(None),
        )
    )

    studies = (
        alt.Chart(chart_data(_chart_rows(data)))
        .transform_filter(
            f"({ASPECT_PARAM} == '{ALL}' || datum.aspect == {ASPECT_PARAM})"
            f" && ({SETTING_PARAM} == '{ALL}' || datum.setting == {SETTING_PARAM})"
        )
        .transform_aggregate(
            # one row per credit and cell: a paper with several aspects or rows counts once, and so
            # do papers credited jointly
            groupby=["modality", "scale_label", "credit_key"],
            rows="values(label)",
            **({"added": "max(added)"} if has_added else {}),
        )
        .transform_calculate(label="datum.rows[0].label")
        .transform_aggregate(
            groupby=["modality", "scale_label"],
            n_studies="count()",
            cited="values(label)",
            **({"n_added": "sum(added)"} if has_added else {}),
        )
        .transform_calculate(
            studies="join(pluck(datum.cited, 'label'), '; ')",
            summary=(
                "datum.modality + ', ' + datum.scale_label + ' scale: ' + datum.n_studies"
                " + (datum.n_studies == 1 ? ' study: ' : ' studies: ') + join(pluck(datum.cited, 'label'), '; ')"
            ),
        )
    )
    tooltip = [
        alt.Tooltip("modality:N", title="Modality"),
        alt.Tooltip("scale_label:N", title="Scale"),
        alt.Tooltip("n_studies:Q", title="Studies"),
        alt.Tooltip("studies:N", title="Cited (review ref.)"),
        *([alt.Tooltip("n_added:Q", title="Added, not in the review")] if has_added else []),
    ]
    circles = studies.mark_circle(fill=CIRCLE_FILL, stroke=CIRCLE_STROKE, strokeWidth=1.5, opacity=1).encode(
        x=x,
        y=y,
        size=alt.Size(
            "n_studies:Q",
            title="Studies described",
            scale=alt.Scale(domain=[0, largest], range=[smallest_area(largest), MAX_AREA], zero=True),
            legend=alt.Legend(
                symbolFillColor=CIRCLE_FILL, symbolStrokeColor=CIRCLE_STROKE, values=_legend_values(largest)
            ),
        ),
        tooltip=tooltip,
        description=alt.Description("summary:N"),
    )
    counts = studies.mark_text(fontSize=CELL_TEXT_SIZE, fontWeight="bold", color="black", aria=False).encode(
        x=x,
        y=y,
        text=alt.Text("n_studies:Q"),
        tooltip=tooltip,
    )
    # the menus are the first layer's; the layer lifts them to the top, where Vega-Lite wants them
    layers = [stated.add_params(aspect, setting), circles, counts]
    if has_added:
        layers.append(_added_marks(studies, x, y, tooltip, NARROW_COLUMN_WIDTH if narrow else COLUMN_WIDTH))
    resolve = alt.Resolve(legend=alt.LegendResolveMap(color="independent", size="independent"))
    if has_added:  # the grey of stated cells and the added cells' mark are two colour scales, each with its legend
        resolve.scale = alt.ScaleResolveMap(color="independent")
    chart = alt.LayerChart(
        layer=layers,
        width=len(scales) * (NARROW_COLUMN_WIDTH if narrow else COLUMN_WIDTH),
        height=len(modalities) * 44,
        title=title_lines(evidence_title(data)) if narrow else evidence_title(data),
        resolve=resolve,
    )
    return stacked_legends(chart) if narrow else chart


def _added_marks(studies: alt.Chart, x: alt.X, y: alt.Y, tooltip: list, column: int) -> alt.Chart:
    """A triangle in the top right corner of every cell that counts a study added to this copy, with its legend line."""
    return (
        studies.transform_filter("datum.n_added > 0")
        .transform_calculate(added_mark=repr(ADDED_LEGEND))
        .mark_point(shape="triangle-down", filled=True, size=70, opacity=1, xOffset=column / 2 - 8, yOffset=-14)
        .encode(
            x=x,
            y=y,
            color=alt.Color("added_mark:N", title=None, scale=alt.Scale(range=[ADDED_MARK])),
            tooltip=tooltip,
        )
    )


def evidence_title(data: Dataset) -> str:
    """:data:`TITLE`, or :data:`TITLE_WITH_ADDED` when studies added to this copy are counted too."""
    return TITLE_WITH_ADDED if evidence_rows(data)["added"].any() else TITLE


def stated_legend(data: Dataset) -> str:
    """What a grey cell means, saying whose statement it is: the review's, or also a row added to this copy."""
    if data.is_added(data.scales).any():
        return "the review, or an added row, states this scale"  # as short as the review's own: narrow legends
    return "the review says the modality images at this scale"


def smallest_area(largest: int) -> float:
    """The area (px²) of a circle that holds the widest count, ``largest``, with 3 px to spare either side:
    a circle grows from it with the count, so that every count fits inside its circle.

    >>> round(smallest_area(16))
    412
    """
    across = text_width(str(largest), CELL_TEXT_SIZE) * BOLD_WIDTH + 6
    return math.pi * (across / 2) ** 2


def _legend_values(largest: int) -> list[int]:
    values = [v for v in (1, 5, 10, 20, 40) if v < largest]
    return [*values, largest]


def evidence_alt(data: Dataset) -> str:
    """The evidence map's text alternative, computed from the data: totals, densest cell, every count, the gaps.

    A gap is a cell a scale statement lists where no described study states that scale
    (:data:`~nanoimaging.data.studies.GAP`); the papers whose source states no scale are
    in no cell, and are listed beside the gaps.
    """
    matrix = study_matrix(data)
    names = data.modality_labels()
    counted = evidence_rows(data)
    n_papers = counted["cite_key"].nunique()
    n_added = counted.loc[counted["added"], "cite_key"].nunique()
    peak = int(matrix.to_numpy().max())
    densest = [
        f"{names[m]} at {SCALE_LABELS[s].lower()} scale"
        for m in matrix.index
        for s in matrix.columns
        if matrix.loc[m, s] == peak
    ]
    table = coverage(data)
    open_cells = table[(table["setting"] == ALL) & (table["status"] == GAP)]
    group_only = {
        (str(c.modality_id), str(c.scale))
        for c in scale_coverage(data).itertuples()
        if c.stated_for == STATED_FOR["group"]
    }
    whose = "the review or a row added to this copy states" if data.is_added(data.scales).any() else "the review states"
    parts = [
        f"Evidence map of the {n_papers} papers "
        + (
            f"described that imaged with one of the modalities ({n_added} of them added, not in the review)"
            if n_added
            else "the review describes imaging with one of its modalities"
        )
        + f": {len(matrix)} modalit{'y' if len(matrix) == 1 else 'ies'} (rows, in Table 1 order) by {len(SCALES)} scales (columns, patient to"
        " subcellular), with a circle sized by the number of papers in each cell whose source states that scale"
        + (
            " (papers credited jointly count once together)."
            if (counted["credit_key"] != counted["cite_key"]).any()
            else "."
        ),
        f"Densest: {' and '.join(densest)}, {peak} papers.",
        f"{len(open_cells)} modality-scale cells {whose} possible have no described study with that scale stated"
        + (
            ": "
            + "; ".join(
                f"{r.modality} {SCALE_LABELS[str(r.scale)].lower()}"
                + ("*" if (str(r.modality_id), str(r.scale)) in group_only else "")
                for r in open_cells.itertuples()
            )
            + (
                " (* stated only for the modality's whole group)"
                if any((str(r.modality_id), str(r.scale)) in group_only for r in open_cells.itertuples())
                else ""
            )
            + "."
            if len(open_cells)
            else "."
        ),
        unscaled_text(data),
    ]
    for modality_id, counts in matrix.iterrows():
        cells = [f"{SCALE_LABELS[s].lower()} {int(n)}" for s, n in counts.items() if n]
        parts.append(f"{names[str(modality_id)]}: {', '.join(cells) if cells else 'no study with a stated scale'}.")
    parts.append(
        "Menus filter the map by what was imaged (drug, nanoparticle, environment) and by setting (clinical, preclinical)."
    )
    return " ".join(parts)


def unscaled_text(data: Dataset) -> str:
    """The papers in no cell, because their source states no scale, by modality: said beside the gaps."""
    unscaled = unscaled_studies(data)
    if unscaled.empty:
        return "Every paper described states its scale."
    names = data.modality_labels()
    by_modality = [
        f"{names[str(m)]} {', '.join(label.split(']')[0] + ']' for label in group['label'])}"
        for m, group in unscaled.groupby("modality_id", observed=True, sort=False)
    ]
    n = unscaled["cite_key"].nunique()
    return (
        f"{n} paper{'' if n == 1 else 's'} described with no stated scale "
        f"{'is' if n == 1 else 'are'} in no cell: {'; '.join(by_modality)}. The sentence describing each names "
        "no scale; for some, a neighbouring sentence gives the technique a scale."
    )


def gap_grid(data: Dataset, setting: str = "all") -> pd.DataFrame:
    """Modality (rows) by scale (columns): the gap status, empty where studies are cited.

    >>> from nanoimaging import load
    >>> gap_grid(load()).columns.tolist()
    ['patient', 'organism', 'organ-tumour', 'tissue', 'cellular', 'subcellular']
    """
    table = gaps(data)
    table = table[table["setting"] == setting]
    grid = pd.DataFrame("", index=list(data.modality_labels().values()), columns=list(SCALES))
    for row in table.itertuples():
        grid.loc[row.modality, str(row.scale)] = row.status
    grid.index.name = "modality"
    return grid
