"""Resolution-versus-depth and resolution-versus-speed charts (Altair, Vega-Lite 5).

What the table prints is drawn as printed: a range is an interval, "~x" a
point, "< x" or "Sub-x" a downward triangle at x (no lower value), and the
words the table uses instead of numbers ("Whole body", "Not applicable",
"Subcellular") get their own labelled columns or rows, never a number.

>>> from nanoimaging import load
>>> resolution_depth(load()).name
'resolution-depth'
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..data.load import Dataset
from ..data.units import FINEST_RULE, finest_value, format_metres
from ..refs.bibtex import REVIEW_KEY
from .display import Figure, chart_data, figure
from .resolution_marks import (
    SPEED_TITLE,
    SPEEDS,
    TOOLTIP,
    UNIT_LABEL,
    WORDS_TITLE,
    family_colour,
    label_side_expr,
    log_axis,
    log_position,
    point_layers,
    printed_columns,
    shape,
)
from .resolution_narrow import NARROW_PANEL, depth_word_panel, speed_narrow
from .theme import INK, POINT_LABEL_SIZE, SUBTITLE_SIZE, source_text, stacked_legends, title_lines

DEPTH_DOMAIN = [1e-4, 1.0]
NO_NUMBER_DEPTHS = ["Whole body", "Not applicable"]
QUALITATIVE_ROW = "printed as a word"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)


def resolution_points(data: Dataset, family: str | None = None) -> pd.DataFrame:
    """One row per printed spatial-resolution value, joined with its modality's depth and speed.

    Adds what the charts draw: ``y``/``y2`` (resolution interval, metres; ``y`` is
    the point), ``x``/``x2`` (depth interval), the marker, a short label and the
    printed texts for tooltips.
    """
    modalities = data.modalities_of(family).set_index("modality_id")
    names = data.modality_labels()
    family_labels = data.families.set_index("family")["label"]
    rows = []
    for r in data.resolution.itertuples():
        if r.modality_id not in modalities.index:
            continue
        m = modalities.loc[r.modality_id]
        low, high = (None if pd.isna(v) else float(v) for v in (r.min_m, r.max_m))
        depth_low, depth_high = (None if pd.isna(v) else float(v) for v in (m.depth_min_m, m.depth_max_m))
        technique, setting = _text(r.technique), _text(r.setting)
        added = r.source != REVIEW_KEY
        label = technique or str(m["name"])
        if setting:
            label += f" ({setting})"
        if added:
            label += " (added)"
        marker = (
            "upper bound (< x, no lower value)" if r.qualifier == "upper-bound" else setting or "setting not printed"
        )
        rows.append(
            {
                "modality_id": r.modality_id,
                "modality": names[r.modality_id],
                "family": str(m["family"]),
                "family_label": family_labels.loc[m["family"]],
                "source": source_text(r.source, "Table 1"),
                "added": added,
                "technique": technique,
                "setting": setting or "not printed",
                "resolution_label": r.label,
                "resolution_kind": r.qualifier,
                "depth_label": m["depth_label"],
                "temporal_resolution": str(m["temporal_resolution"]).capitalize(),
                "label": label,
                "marker": marker,
                "y": high if r.qualifier == "upper-bound" else (None if low is None else math.sqrt(low * high)),
                "y_low": low,
                "y_high": high,
                "has_number": high is not None,
                "x": None if depth_low is None else math.sqrt(depth_low * depth_high),
                "x_low": depth_low,
                "x_high": depth_high,
                "depth_column": None if depth_low is not None else m["depth_label"],
            }
        )
    frame = pd.DataFrame(rows)
    if len(frame):
        frame["below_in_depth_chart"] = _labels_below(frame, frame["depth_column"].fillna("numeric"))
        frame["below_in_speed_chart"] = _labels_below(frame, frame["temporal_resolution"])
    return frame


def _labels_below(frame: pd.DataFrame, column: pd.Series) -> pd.Series:
    """Which labels go below their point so as not to sit on a neighbour's label.

    Within one column of a chart, points whose resolutions are within a factor
    of 2 of the previous one alternate above and below.
    """
    below = pd.Series(False, index=frame.index)
    for _, group in frame[frame["y"].notna()].groupby(column[frame["y"].notna()]):
        previous_y, previous_below = None, True
        for index, y in group["y"].sort_values(kind="stable").items():
            below[index] = previous_y is not None and y / previous_y < 2 and not previous_below
            previous_y, previous_below = y, below[index]
    return below


def resolution_depth(data: Dataset, family: str | None = None) -> Figure:
    """Spatial resolution against imaging depth, both logarithmic, in metres.

    Depths printed as words ("Whole body", "Not applicable") form a column of
    their own at the right; resolutions printed as words ("Subcellular") a row
    of their own at the bottom. The narrow layout stacks the three panels.
    """
    points = resolution_points(data, family)
    colour = family_colour(data)
    return figure(
        _depth_chart(points, colour, narrow=False),
        _depth_alt(points),
        name=_name("resolution-depth", family),
        narrow=_depth_chart(points, colour, narrow=True),
    )


def _depth_chart(points: pd.DataFrame, colour: alt.Color, narrow: bool) -> alt.VConcatChart | dict:
    """The resolution-versus-depth chart of ``points``: wide (panels side by side) or narrow (stacked)."""
    numeric = points[points["has_number"]]
    x_scale, x_axis = log_axis("Imaging depth", DEPTH_DOMAIN)
    width, side_width, height = (NARROW_PANEL, NARROW_PANEL, 250) if narrow else (400, 360, 330)

    at_depth = log_position("datum.x", DEPTH_DOMAIN, width)
    main = point_layers(
        alt.Chart(chart_data(numeric[numeric["x"].notna()])).properties(width=width, height=height),
        colour,
        {"x": alt.X("x:Q", scale=x_scale, axis=x_axis)},
        {"x": alt.X("x_low:Q", scale=x_scale, axis=x_axis), "x2": "x_high:Q"},
        "below_in_depth_chart",
        (lambda base: base.transform_calculate(label_side=label_side_expr(at_depth, at_depth, width)))
        if narrow
        else None,
    )
    in_words = numeric[numeric["x"].isna()]
    if narrow:
        # one panel per depth word, each as wide as the chart, its values coarsest first from the left
        panels = [depth_word_panel(in_words, word, colour, width, height) for word in NO_NUMBER_DEPTHS]
        top = alt.vconcat(main, *(p for p in panels if p is not None), spacing=16).resolve_scale(
            y="shared", xOffset="independent"
        )
    else:
        side = point_layers(
            alt.Chart(chart_data(in_words)).properties(width=side_width, height=height),
            colour,
            printed_columns("depth_column", "Depth printed as a word", alt.Scale(domain=NO_NUMBER_DEPTHS)),
            None,
            "below_in_depth_chart",
        )
        top = alt.hconcat(main, side, spacing=8).resolve_scale(y="shared")
    words = points[~points["has_number"]].assign(row=QUALITATIVE_ROW)
    charts: list = [top]
    if len(words):
        strip_base = alt.Chart(chart_data(words)).properties(width=width, height=40)
        y_row = alt.Y("resolution_label:N", title=None, axis=alt.Axis(labelAngle=0))
        strip = alt.layer(
            strip_base.mark_rule(strokeWidth=3, opacity=0.6).encode(
                x=alt.X(
                    "x_low:Q",
                    scale=x_scale,
                    axis=alt.Axis(title="Imaging depth", values=x_axis.values, labelExpr=UNIT_LABEL),
                ),
                x2="x_high:Q",
                y=y_row,
                color=colour,
                tooltip=TOOLTIP,
            ),
            strip_base.mark_point(size=90, filled=True).encode(
                x="x:Q", y=y_row, color=colour, shape=shape(), tooltip=TOOLTIP
            ),
            strip_base.mark_text(align="left", dx=6, dy=-7, fontSize=POINT_LABEL_SIZE).encode(
                x="x:Q", y=y_row, text="label:N", color=alt.value(INK)
            ),
        ).properties(title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE))
        charts.append(strip)
    title = "Spatial resolution versus imaging depth (Table 1)"
    chart = alt.vconcat(*charts, spacing=16 if narrow else 12).properties(title=title_lines(title) if narrow else title)
    return stacked_legends(chart) if narrow else chart.configure_legend(columns=2)


def resolution_speed(data: Dataset, family: str | None = None) -> Figure:
    """Spatial resolution against temporal resolution (Slow, Medium, Fast as printed).

    The narrow layout turns the chart on its side: resolution runs across, and each
    temporal resolution is a block of rows, one row per value, its label beside it.
    """
    points = resolution_points(data, family)
    colour = family_colour(data)
    return figure(
        _speed_chart(points, colour),
        _speed_alt(points),
        name=_name("resolution-speed", family),
        narrow=speed_narrow(points, colour),
    )


def _speed_chart(points: pd.DataFrame, colour: alt.Color) -> alt.VConcatChart:
    """The wide resolution-versus-speed chart: a column per temporal resolution, resolution upwards."""
    numeric = points[points["has_number"]]
    x = printed_columns("temporal_resolution", "Temporal resolution (as printed)", alt.Scale(domain=SPEEDS))
    main = point_layers(
        alt.Chart(chart_data(numeric)).properties(width=520, height=330), colour, x, None, "below_in_speed_chart"
    )
    charts: list = [main]
    words = points[~points["has_number"]]
    if len(words):
        y_row = alt.Y("resolution_label:N", title=None)
        strip_base = alt.Chart(chart_data(words)).properties(width=520, height=40)
        charts.append(
            alt.layer(
                strip_base.mark_point(size=90, filled=True).encode(
                    **x, y=y_row, color=colour, shape=shape(), tooltip=TOOLTIP
                ),
                strip_base.mark_text(align="left", dx=6, dy=-7, fontSize=POINT_LABEL_SIZE).encode(
                    **x, y=y_row, text="label:N", color=alt.value(INK)
                ),
            ).properties(title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE))
        )
    return alt.vconcat(*charts, spacing=12).properties(title=SPEED_TITLE).configure_legend(columns=2)


def _name(base: str, family: str | None) -> str:
    return base if family is None else f"{base}-{family}"


def _span(low: float | None, high: float | None, label: str) -> str:
    return f"{label} ({format_metres(low)} to {format_metres(high)})" if low is not None and low != high else label


def _depth_alt(points: pd.DataFrame) -> str:
    ranked = _ranked_by_finest_value(points)
    added = int(points["added"].sum()) if len(points) else 0
    parts = [
        f"Scatter plot of {len(points)} spatial-resolution values printed in Table 1"
        + (f" or added to this copy ({added} added, drawn hollow)" if added else "")
        + f" for {_modalities(points['modality'].nunique())}, against imaging depth, both on logarithmic axes in metres."
    ]
    if len(ranked):
        parts.append(
            f"Each value counts with the finest number it prints, as in the chooser ({FINEST_RULE}): "
            f"the finest number printed is {_tied(ranked, ranked['value'].min())}; "
            f"the coarsest is {_tied(ranked, ranked['value'].max())}."
        )
    for depth in NO_NUMBER_DEPTHS:
        names = points.loc[points["depth_column"] == depth, "modality"].unique()
        if len(names):
            parts.append(f"Depth printed as '{depth}': {', '.join(names)}.")
    words = points[~points["has_number"]]
    for row in words.itertuples():
        parts.append(
            f"{row.modality} resolution is printed as '{row.resolution_label}' (no number), at depth '{row.depth_label}'."
        )
    return " ".join(parts)


def _ranked_by_finest_value(points: pd.DataFrame) -> pd.DataFrame:
    """The values with a number, each with the number it counts with (``value``, by :data:`FINEST_RULE`)."""
    if not len(points):
        return points.assign(value=pd.Series(dtype=float))
    values = [finest_value(str(p.resolution_kind), p.y_low, p.y_high) for p in points.itertuples()]
    ranked = points.assign(value=values)
    return ranked[ranked["value"].notna()]


def _tied(ranked: pd.DataFrame, value: float) -> str:
    """``50 µm (CT, printed '50-500 μm'; US, printed '50-500 μm')``: every value counting with ``value``."""
    items = [
        f"{_whose(r.label, r.modality)}, printed '{r.resolution_label}'"
        + (", an upper bound" if r.resolution_kind == "upper-bound" else "")
        for r in ranked[ranked["value"] == value].itertuples()
    ]
    return f"{format_metres(value)} ({'; '.join(items)})"


def _modalities(n: int) -> str:
    return f"{n} modalit{'y' if n == 1 else 'ies'}"


def _whose(label: str, modality: str) -> str:
    """``SIMS of MSI``; ``MRI (preclinical)`` where the label already names the modality."""
    return label if label == modality or label.startswith(f"{modality} ") else f"{label} of {modality}"


def _speed_alt(points: pd.DataFrame) -> str:
    groups = []
    for speed in ("Slow", "Medium", "Fast"):
        names = points.loc[points["temporal_resolution"] == speed, "modality"].unique()
        if len(names):
            groups.append(f"{speed}: {', '.join(names)}")
    return (
        f"Strip plot of {len(points)} spatial-resolution values printed in Table 1, grouped by the "
        f"temporal resolution printed for each modality (logarithmic resolution axis in metres). "
        + "; ".join(groups)
        + "."
    )
