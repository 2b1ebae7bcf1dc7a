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
from collections.abc import Callable

import altair as alt
import pandas as pd

from ..data.load import Dataset
from ..data.units import format_metres
from ..refs.bibtex import REVIEW_KEY
from .display import Figure, chart_data, figure
from .theme import INK, POINT_LABEL_SIZE, SUBTITLE_SIZE, source_text, stacked_legends, title_lines

MARKERS = {  # marker label -> Vega-Lite shape
    "clinical": "circle",
    "preclinical": "square",
    "setting not printed": "diamond",
    "upper bound (< x, no lower value)": "triangle-down",
}
AXIS_TICKS_M = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]
#: Vega expression that writes an axis value in metres with a readable unit.
UNIT_LABEL = (
    "datum.value >= 1 ? format(datum.value, '~g') + ' m'"
    " : datum.value >= 0.01 ? format(datum.value * 100, '~g') + ' cm'"
    " : datum.value >= 0.001 ? format(datum.value * 1000, '~g') + ' mm'"
    " : datum.value >= 1e-6 ? format(datum.value * 1e6, '~g') + ' µm'"
    " : format(datum.value * 1e9, '~g') + ' nm'"
)
RESOLUTION_DOMAIN = [1e-7, 1e-1]
#: Narrow layouts: the width of a panel, and of the horizontal resolution axis (in pixels).
NARROW_PANEL, NARROW_AXIS = 250, 270
#: About how wide a character of a point's label is (10 px text), to keep labels inside the chart.
LABEL_CHAR_WIDTH = 6.0
DEPTH_DOMAIN = [1e-4, 1.0]
NO_NUMBER_DEPTHS = ["Whole body", "Not applicable"]
QUALITATIVE_ROW = "printed as a word"
WORDS_TITLE = "Spatial resolution printed as a word (no number)"


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


def _log_axis(title: str, domain: list[float]) -> tuple[alt.Scale, alt.Axis]:
    ticks = [t for t in AXIS_TICKS_M if domain[0] <= t <= domain[1]]
    return (
        alt.Scale(type="log", domain=domain, nice=False),
        alt.Axis(title=title, values=ticks, labelExpr=UNIT_LABEL, grid=True),
    )


def family_colour(data: Dataset) -> alt.Color:
    """Colour by family, with every family in the legend and its colour from families.csv."""
    families = data.families
    return alt.Color(
        "family_label:N",
        title="Family",
        scale=alt.Scale(domain=list(families["label"]), range=list(families["colour"].astype(str))),
    )


def _shape() -> alt.Shape:
    return alt.Shape("marker:N", title="Marker", scale=alt.Scale(domain=list(MARKERS), range=list(MARKERS.values())))


TOOLTIP = [
    alt.Tooltip("modality:N", title="Modality"),
    alt.Tooltip("technique:N", title="Technique"),
    alt.Tooltip("setting:N", title="Setting"),
    alt.Tooltip("resolution_label:N", title="Spatial resolution (as printed)"),
    alt.Tooltip("depth_label:N", title="Imaging depth (as printed)"),
    alt.Tooltip("temporal_resolution:N", title="Temporal resolution"),
    alt.Tooltip("source:N", title="Source"),
]


def _marks(
    base: alt.Chart,
    colour: alt.Color,
    x: dict,
    x_interval: dict | None,
    below: str,
    sides: Callable[[alt.Chart], alt.Chart] | None = None,
) -> alt.LayerChart:
    """Interval, point and label layers for the rows of ``base`` (numeric resolution).

    Labels sit right of their point; with ``sides`` (transforms that compute ``label_side``)
    a label that would run out of the chart sits left of it.
    """
    y_scale, y_axis = _log_axis("Spatial resolution (finer is lower)", RESOLUTION_DOMAIN)
    y = alt.Y("y:Q", scale=y_scale, axis=y_axis)
    layers = [
        base.transform_filter("datum.y_low != null && datum.y_low != datum.y_high")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(**x, y=alt.Y("y_low:Q", scale=y_scale, axis=y_axis), y2="y_high:Q", color=colour, tooltip=TOOLTIP),
    ]
    if x_interval is not None:
        layers.append(
            base.transform_filter("datum.x_low != datum.x_high")
            .mark_rule(strokeWidth=3, opacity=0.6)
            .encode(**x_interval, y=y, color=colour, tooltip=TOOLTIP)
        )
    labelled, align, dx = base, "left", 6
    if sides is not None:
        labelled = sides(base)
        align = alt.expr("datum.label_side == 'left' ? 'right' : 'left'")
        dx = alt.expr("datum.label_side == 'left' ? -6 : 6")
    layers += [
        # the review's values filled, added ones hollow
        base.transform_filter("!datum.added")
        .mark_point(size=90, filled=True, opacity=0.9)
        .encode(**x, y=y, color=colour, shape=_shape(), tooltip=TOOLTIP),
        base.transform_filter("datum.added")
        .mark_point(size=90, filled=False, strokeWidth=2, opacity=0.9)
        .encode(**x, y=y, color=colour, shape=_shape(), tooltip=TOOLTIP),
        labelled.transform_filter(f"!datum.{below}")
        .mark_text(align=align, dx=dx, dy=-7, fontSize=POINT_LABEL_SIZE)
        .encode(**x, y=y, text="label:N", color=alt.value(INK)),
        labelled.transform_filter(f"datum.{below}")
        .mark_text(align=align, dx=dx, dy=12, fontSize=POINT_LABEL_SIZE)
        .encode(**x, y=y, text="label:N", color=alt.value(INK)),
    ]
    return alt.layer(*layers)


def _side(start: str, end: str, width: int) -> str:
    """Vega expression: 'right' when a label fits right of ``end`` (pixels) in ``width``, or not left of ``start``."""
    room = f"(length(datum.label) * {LABEL_CHAR_WIDTH} + 8)"
    return f"{end} + {room} <= {width} || {start} - {room} < 0 ? 'right' : 'left'"


def _log_position(value: str, domain: list[float], width: int) -> str:
    """Vega expression: where ``value`` falls on a logarithmic axis over ``domain``, ``width`` pixels long."""
    low, high = (math.log10(v) for v in domain)
    return f"(log({value}) / LN10 - {low:g}) / {high - low:g} * {width}"


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
    x_scale, x_axis = _log_axis("Imaging depth", DEPTH_DOMAIN)
    width, side_width, height = (NARROW_PANEL, NARROW_PANEL, 250) if narrow else (400, 360, 330)

    at_depth = _log_position("datum.x", DEPTH_DOMAIN, width)
    main = _marks(
        alt.Chart(chart_data(numeric[numeric["x"].notna()])).properties(width=width, height=height),
        colour,
        {"x": alt.X("x:Q", scale=x_scale, axis=x_axis)},
        {"x": alt.X("x_low:Q", scale=x_scale, axis=x_axis), "x2": "x_high:Q"},
        "below_in_depth_chart",
        (lambda base: base.transform_calculate(label_side=_side(at_depth, at_depth, width))) if narrow else None,
    )
    in_words = numeric[numeric["x"].isna()]
    if narrow:
        # one panel per depth word, each as wide as the chart, its values coarsest first from the left
        panels = [_depth_word_panel(in_words, word, colour, width, height) for word in NO_NUMBER_DEPTHS]
        top = alt.vconcat(main, *(p for p in panels if p is not None), spacing=16).resolve_scale(
            y="shared", xOffset="independent"
        )
    else:
        side = _marks(
            alt.Chart(chart_data(in_words)).properties(width=side_width, height=height),
            colour,
            {
                "x": alt.X(
                    "depth_column:N",
                    title="Depth printed as a word",
                    scale=alt.Scale(domain=NO_NUMBER_DEPTHS),
                    axis=alt.Axis(labelAngle=0),
                ),
                "xOffset": alt.XOffset("label:N"),
            },
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
                x="x:Q", y=y_row, color=colour, shape=_shape(), tooltip=TOOLTIP
            ),
            strip_base.mark_text(align="left", dx=6, dy=-7, fontSize=POINT_LABEL_SIZE).encode(
                x="x:Q", y=y_row, text="label:N", color=alt.value(INK)
            ),
        ).properties(title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE))
        charts.append(strip)
    title = "Spatial resolution versus imaging depth (Table 1)"
    chart = alt.vconcat(*charts, spacing=16 if narrow else 12).properties(title=title_lines(title) if narrow else title)
    return stacked_legends(chart) if narrow else chart.configure_legend(columns=2)


def _depth_word_panel(
    in_words: pd.DataFrame, word: str, colour: alt.Color, width: int, height: int
) -> alt.LayerChart | None:
    """The narrow layout's panel of the values at a depth printed as ``word``, or None when there are none."""
    rows = in_words[in_words["depth_column"] == word]
    if not len(rows):
        return None
    slot = "(datum.slot - 0.5) / datum.n * " + str(width)
    return _marks(
        alt.Chart(chart_data(rows)).properties(width=width, height=height),
        colour,
        {
            "x": alt.X(
                "depth_column:N",
                title="Depth printed as a word",
                scale=alt.Scale(domain=[word], paddingInner=0, paddingOuter=0),
                axis=alt.Axis(labelAngle=0),
            ),
            "xOffset": alt.XOffset("label:N", sort=alt.EncodingSortField("y", op="max", order="descending")),
        },
        None,
        "below_in_depth_chart",
        lambda base: (
            base.transform_window(
                slot="row_number()", sort=[alt.SortField("y", "descending"), alt.SortField("label", "ascending")]
            )
            .transform_joinaggregate(n="count()")
            .transform_calculate(label_side=_side(slot, slot, width))
        ),
    )


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
        narrow=_speed_narrow(points, colour),
    )


SPEEDS = ["Slow", "Medium", "Fast"]
SPEED_TITLE = "Spatial resolution versus temporal resolution (Table 1)"


def _speed_chart(points: pd.DataFrame, colour: alt.Color) -> alt.VConcatChart:
    """The wide resolution-versus-speed chart: a column per temporal resolution, resolution upwards."""
    numeric = points[points["has_number"]]
    x = {
        "x": alt.X(
            "temporal_resolution:N",
            title="Temporal resolution (as printed)",
            scale=alt.Scale(domain=SPEEDS),
            axis=alt.Axis(labelAngle=0),
        ),
        "xOffset": alt.XOffset("label:N"),
    }
    main = _marks(
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
                    **x, y=y_row, color=colour, shape=_shape(), tooltip=TOOLTIP
                ),
                strip_base.mark_text(align="left", dx=6, dy=-7, fontSize=POINT_LABEL_SIZE).encode(
                    **x, y=y_row, text="label:N", color=alt.value(INK)
                ),
            ).properties(title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE))
        )
    return alt.vconcat(*charts, spacing=12).properties(title=SPEED_TITLE).configure_legend(columns=2)


def _label_side(width: int) -> dict[str, str]:
    """Vega expressions placing a label right of its value's interval, or left where it would leave the axis."""
    right_end = "(datum.y_high != null ? datum.y_high : datum.y)"
    left_end = "(datum.y_low != null ? datum.y_low : datum.y)"
    return {
        "label_side": _side(
            _log_position(left_end, RESOLUTION_DOMAIN, width), _log_position(right_end, RESOLUTION_DOMAIN, width), width
        ),
        "label_at": f"datum.label_side == 'right' ? {right_end} : {left_end}",
    }


def _speed_narrow(points: pd.DataFrame, colour: alt.Color) -> dict:
    """The narrow resolution-versus-speed chart: resolution across, a block of rows per temporal resolution."""
    numeric = points[points["has_number"]]
    scale, axis = _log_axis("Spatial resolution (finer is to the left)", RESOLUTION_DOMAIN)
    x = alt.X("y:Q", scale=scale, axis=axis)
    y = alt.Y("label:N", axis=None, sort=alt.EncodingSortField("y", op="min"))
    base = (
        alt.Chart().transform_calculate(**_label_side(NARROW_AXIS)).properties(width=NARROW_AXIS, height=alt.Step(22))
    )
    label = {"y": y, "x": alt.X("label_at:Q", scale=scale, axis=axis), "text": "label:N", "color": alt.value(INK)}
    layers = alt.layer(
        base.transform_filter("datum.y_low != null && datum.y_low != datum.y_high")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(x=alt.X("y_low:Q", scale=scale, axis=axis), x2="y_high:Q", y=y, color=colour, tooltip=TOOLTIP),
        # the review's values filled, added ones hollow
        base.transform_filter("!datum.added")
        .mark_point(size=90, filled=True, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=_shape(), tooltip=TOOLTIP),
        base.transform_filter("datum.added")
        .mark_point(size=90, filled=False, strokeWidth=2, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=_shape(), tooltip=TOOLTIP),
        base.transform_filter("datum.label_side == 'right'")
        .mark_text(align="left", dx=8, fontSize=POINT_LABEL_SIZE)
        .encode(**label),
        base.transform_filter("datum.label_side == 'left'")
        .mark_text(align="right", dx=-8, fontSize=POINT_LABEL_SIZE)
        .encode(**label),
        data=chart_data(numeric),
    )
    main = layers.facet(
        row=alt.Row(
            "temporal_resolution:N",
            sort=SPEEDS,
            title="Temporal resolution (as printed)",
            header=alt.Header(
                labelOrient="top",
                labelAngle=0,
                labelAnchor="start",
                labelAlign="left",
                labelFontSize=SUBTITLE_SIZE,
                labelFontWeight="bold",
                titleOrient="top",
                titleAnchor="start",
                titleAngle=0,
                titleAlign="left",
            ),
        ),
        spacing=10,
    ).resolve_scale(y="independent")
    charts: list = [main]
    words = points[~points["has_number"]]
    if len(words):
        y_row = alt.Y(
            "temporal_resolution:N",
            title=None,
            sort=SPEEDS,
            scale=alt.Scale(domain=[s for s in SPEEDS if s in set(words["temporal_resolution"])]),
        )
        strip_base = alt.Chart(chart_data(words)).properties(width=alt.Step(90), height=alt.Step(22))
        x_words = {"x": alt.X("resolution_label:N", title=None, axis=alt.Axis(labelAngle=0)), "yOffset": "label:N"}
        charts.append(
            alt.layer(
                strip_base.mark_point(size=90, filled=True).encode(
                    **x_words, y=y_row, color=colour, shape=_shape(), tooltip=TOOLTIP
                ),
                strip_base.mark_text(align="left", dx=8, fontSize=POINT_LABEL_SIZE).encode(
                    **x_words, y=y_row, text="label:N", color=alt.value(INK)
                ),
            ).properties(title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE))
        )
    return stacked_legends(alt.vconcat(*charts, spacing=16).properties(title=title_lines(SPEED_TITLE)))


def _name(base: str, family: str | None) -> str:
    return base if family is None else f"{base}-{family}"


def _span(low: float | None, high: float | None, label: str) -> str:
    return f"{label} ({format_metres(low)} to {format_metres(high)})" if low is not None and low != high else label


def _depth_alt(points: pd.DataFrame) -> str:
    numeric = points[points["has_number"]]
    # an upper bound ("Sub-μm", "< 1 mm") is finer than a value printed as that number
    order = numeric.assign(bound=numeric["resolution_kind"] != "upper-bound").sort_values(["y_high", "bound"])
    finest = order.iloc[0] if len(order) else None
    coarsest = order.iloc[-1] if len(order) else None
    added = int(points["added"].sum()) if len(points) else 0
    parts = [
        f"Scatter plot of {len(points)} spatial-resolution values printed in Table 1"
        + (f" or added to this copy ({added} added, drawn hollow)" if added else "")
        + f" for {points['modality'].nunique()} modalities, against imaging depth, both on logarithmic axes in metres."
    ]
    if finest is not None:
        parts.append(
            f"The finest is {finest['label']} of {finest['modality']}, printed '{finest['resolution_label']}'; "
            f"the coarsest is {coarsest['label']} of {coarsest['modality']}, printed '{coarsest['resolution_label']}'."
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
